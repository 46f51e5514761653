// /docs and /redoc in a real headless Chromium: what renders, and which hosts the pages call.

import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import express from 'express';
import helmet from 'helmet';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { createApi } from '../lib';

jest.setTimeout(60_000);

/** Chromium alone resolves this name to 127.0.0.1: the pages see a real host name, not localhost. */
const HOST = 'docs.example.test';

// The example app requires the package by name, i.e. the built `dist/` (`npm test` builds first).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { app: exampleApp } = require('../example-app/app.js') as { app: express.Express };

/** The example app's operations, as Swagger UI lists them. */
const OPERATIONS = [
  'get /items',
  'post /items',
  'get /items/{id}',
  'put /items/{id}',
  'delete /items/{id}',
  'get /warehouses/{warehouseId}/items',
];

let browser: Browser;
const servers: Server[] = [];

/** Starts `app` on a free port; resolves to `docs.example.test:<port>`. */
async function listen(app: express.Express): Promise<string> {
  const server = app.listen(0, '127.0.0.1');
  servers.push(server);
  await new Promise((resolve) => server.once('listening', resolve));
  return `${HOST}:${(server.address() as AddressInfo).port}`;
}

/** Host (and port) of a URL; a `blob:` URL counts as its creator's; `data:` URLs go nowhere. */
function hostOf(url: string): string | undefined {
  if (url.startsWith('data:')) return undefined;
  return new URL(url.startsWith('blob:') ? url.slice('blob:'.length) : url).host;
}

interface Visit {
  readonly page: Page;
  /** Requests that went out to the network: they passed the page's CSP. */
  readonly sent: string[];
  /** Requests the page's CSP stopped before they were sent. */
  readonly blocked: string[];
  /** Every request the page tried, whatever became of it. */
  readonly attempted: string[];
}

async function visit(url: string): Promise<Visit> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const visit: Visit = { page, sent: [], blocked: [], attempted: [] };
  page.on('request', (request) => visit.attempted.push(request.url()));
  page.on('requestfailed', (request) => {
    if (request.failure()?.errorText === 'csp') visit.blocked.push(request.url());
  });
  // Interception sees only what reaches the network layer, i.e. after the CSP check.
  await page.route('**/*', (route) => {
    visit.sent.push(route.request().url());
    return route.continue();
  });
  await page.goto(url);
  return visit;
}

/** No request left for another host; anything that tried was stopped by the page's own CSP. */
function expectSameHostOnly({ sent, blocked, attempted }: Visit, host: string): void {
  const offHost = (urls: string[]): string[] => urls.filter((u) => hostOf(u) !== undefined && hostOf(u) !== host);
  expect(sent.length).toBeGreaterThan(0);
  expect(offHost(sent)).toEqual([]);
  expect(offHost(attempted).filter((u) => !blocked.includes(u))).toEqual([]);
}

/** Swagger UI's operations as `method path`, once the document has rendered. */
async function swaggerOperations(page: Page): Promise<string[]> {
  await page.waitForSelector('.opblock');
  return page.$$eval('.opblock', (blocks) => blocks.map((block) => {
    const method = /opblock-(get|post|put|patch|delete|head|options)\b/.exec(block.className)?.[1] ?? '?';
    return `${method} ${block.querySelector('.opblock-summary-path')?.getAttribute('data-path') ?? '?'}`;
  }));
}

/** Expands one operation and returns the statuses of its documented responses. */
async function documentedStatuses(page: Page, method: string, opPath: string): Promise<string[]> {
  const block = page.locator(`.opblock-${method}`).filter({ has: page.locator(`[data-path="${opPath}"]`) });
  await block.locator('.opblock-summary-control').click();
  await block.locator('[data-code]').first().waitFor();
  return block.locator('[data-code]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-code') ?? ''));
}

async function expectSwaggerUi(visit: Visit, host: string): Promise<void> {
  expect(await swaggerOperations(visit.page)).toEqual(OPERATIONS);
  expect(await documentedStatuses(visit.page, 'post', '/items')).toEqual(['201']);
  expect(await documentedStatuses(visit.page, 'delete', '/items/{id}')).toEqual(['204', '404']);
  expect(await documentedStatuses(visit.page, 'get', '/items/{id}')).toEqual(['200', '404']);
  expectSameHostOnly(visit, host);
}

async function expectRedoc(visit: Visit, host: string): Promise<void> {
  const main = visit.page.locator('.api-content');
  await main.getByText('Create Item', { exact: true }).first().waitFor();
  const text = await main.innerText();
  for (const summary of ['List Items', 'Create Item', 'Get Item', 'Replace Item', 'Delete Item', 'List Warehouse Items']) {
    expect(text).toContain(summary);
  }
  expect(text).toMatch(/201\s+Successful Response/);
  expect(text).toMatch(/204\s+Successful Response/);
  // ReDoc's sidebar logo (cdn.redoc.ly) is the one off-host request it tries: the CSP stops it.
  expect(visit.blocked.some((u) => hostOf(u) === 'cdn.redoc.ly')).toBe(true);
  expectSameHostOnly(visit, host);
}

beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', `--host-resolver-rules=MAP ${HOST} 127.0.0.1`,
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
});

describe('the example app, under a real host name', () => {
  let host: string;
  beforeAll(async () => {
    host = await listen(exampleApp);
  });

  it('/docs lists every operation with its declared status; screenshot for the README', async () => {
    const docs = await visit(`http://${host}/docs`);
    await expectSwaggerUi(docs, host);
    // For the README: the operation list with POST /items expanded to its 201.
    await docs.page.reload();
    await swaggerOperations(docs.page);
    await documentedStatuses(docs.page, 'post', '/items');
    await docs.page.mouse.click(1270, 5); // move the focus ring off the button
    mkdirSync(path.join(__dirname, '..', 'docs'), { recursive: true });
    // The README's picture is refreshed on request only (UPDATE_SCREENSHOT=1 npm test), so a test
    // run leaves the working tree clean; otherwise the screenshot still proves the page renders.
    const shot = await docs.page.screenshot(
      process.env['UPDATE_SCREENSHOT'] === '1' ? { path: path.join(__dirname, '..', 'docs', 'screenshot-docs.png') } : {});
    expect(shot.length).toBeGreaterThan(10_000);
    await docs.page.close();
  });

  it('/docs/ (trailing slash) renders too', async () => {
    const docs = await visit(`http://${host}/docs/`);
    expect(await swaggerOperations(docs.page)).toEqual(OPERATIONS);
    expectSameHostOnly(docs, host);
    await docs.page.close();
  });

  it('/redoc renders the operations', async () => {
    const redoc = await visit(`http://${host}/redoc`);
    await expectRedoc(redoc, host);
    await redoc.page.close();
  });
});

describe('inside app.use(helmet()), over plain HTTP', () => {
  let host: string;
  beforeAll(async () => {
    const app = express();
    app.use(helmet());
    app.use(exampleApp);
    host = await listen(app);
  });

  it('/docs renders from same-origin assets (no upgrade to HTTPS)', async () => {
    const docs = await visit(`http://${host}/docs`);
    await expectSwaggerUi(docs, host);
    expect(docs.sent.every((u) => !u.startsWith('https:'))).toBe(true);
    await docs.page.close();
  });

  it('/redoc renders', async () => {
    const redoc = await visit(`http://${host}/redoc`);
    await expectRedoc(redoc, host);
    await redoc.page.close();
  });
});

describe('an Api on a router mounted at /api', () => {
  let host: string;
  beforeAll(async () => {
    const app = express();
    app.use(helmet());
    const router = express.Router();
    createApi(router, { title: 'Things' })
      .get('/things', function listThings() {
        return [{ id: 1, name: 'thing' }];
      })
      .docs();
    app.use('/api', router);
    host = await listen(app);
  });

  it('"Try it out" → Execute calls /api/things and gets 200', async () => {
    const docs = await visit(`http://${host}/api/docs`);
    expect(await swaggerOperations(docs.page)).toEqual(['get /things']);
    const block = docs.page.locator('.opblock-get');
    await block.locator('.opblock-summary-control').click();
    await block.locator('.try-out__btn').click();
    const [response] = await Promise.all([
      docs.page.waitForResponse((r) => r.url().endsWith('/things')),
      block.locator('.execute').click(),
    ]);
    expect(new URL(response.url()).pathname).toBe('/api/things');
    expect(response.status()).toBe(200);
    const shown = block.locator('.live-responses-table tr.response .response-col_status');
    await shown.waitFor();
    expect((await shown.innerText()).trim()).toBe('200');
    expectSameHostOnly(docs, host);
    await docs.page.close();
  });
});
