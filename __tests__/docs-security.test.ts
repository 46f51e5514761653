// Security of the docs pages: hostile strings stay text (in the HTML and in a real browser), the
// pages' own headers let a strict-CSP app serve them, `includeInSchema: false` leaves no trace,
// and docs switched off leave nothing behind.

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isDeepStrictEqual } from 'node:util';
import express from 'express';
import helmet from 'helmet';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import request from 'supertest';
import { createApi, status } from '../lib';
import type { Api } from '../lib';
import { DOCS_HOST, launchChromium } from './helpers/browser';
import { EXPRESS_VERSIONS } from './helpers/express-versions';
import type { ExpressModule } from './helpers/express-versions';
import { expectValidOpenApi } from './helpers/openapi-validator';

jest.setTimeout(60_000);

type App = ReturnType<ExpressModule>;
type AppOrRouter = App | ReturnType<ExpressModule['Router']>;

// ---------------------------------------------------------------------------------------------
// Hostile strings
// ---------------------------------------------------------------------------------------------

/** Each one sets `window.__pwned` (or opens a dialog) if it ever runs as script. */
const PWN = {
  script: '<script>window.__pwned=1</script>',
  img: '<img src=x onerror="window.__pwned=1">',
  svg: '"><svg onload=window.__pwned=1>',
  link: '[x](javascript:window.__pwned=1)',
  closeTitle: '</title><script>window.__pwned=1</script>',
  template: "{{constructor.constructor('window.__pwned=1')()}}",
  closeScript: '</script><script>window.__pwned=1</script>',
  alert: '<img src=x onerror=alert(document.domain)>',
  /** Fires without any interaction once in the DOM. */
  details: '<details open ontoggle="window.__pwned=1"><summary>d</summary></details>',
  iframe: '<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>',
  htmlLink: '<a href="javascript:window.__pwned=1">y</a>',
  /** Not script, but an off-host request (a tracking pixel): the page's CSP must stop it. */
  pixel: '![t](https://evil.example/pixel.png)',
} as const;

const ALL = Object.values(PWN);
/** The title: every way out of `<title>` and `<script>`, and the rest. */
const HOSTILE_TITLE = `Inventory ${PWN.closeScript} ${PWN.closeTitle} ${PWN.svg} ${PWN.img} ${PWN.template} &amp; '`;
/** Markdown with every hostile string, one per paragraph. */
const HOSTILE_MARKDOWN = ALL.join('\n\n');

/** An Api whose every user string is hostile: info, routes, router, tags, operationIds, responses. */
function hostileApi(target: AppOrRouter, title = HOSTILE_TITLE): Api {
  const api = createApi(target, {
    title,
    description: HOSTILE_MARKDOWN,
    tags: [PWN.closeTitle],
    // Relative, so "Try it out" and the page's connect-src stay on the page's own origin.
    servers: [{ url: `/?${encodeURIComponent(PWN.svg)}`, description: `${PWN.img} ${PWN.link}` }],
  })
    .get('/things', {
      summary: `${PWN.script} ${PWN.img}`,
      description: HOSTILE_MARKDOWN,
      tags: [PWN.svg, PWN.template],
      operationId: PWN.svg,
      responseDescription: HOSTILE_MARKDOWN,
      responses: { 404: { description: `${PWN.link} ${PWN.img}` }, default: { description: PWN.script } },
    }, function listThings() {
      return [];
    })
    .post('/things', {
      statusCode: status.HTTP_201_CREATED,
      summary: PWN.closeTitle,
      description: `${PWN.details} ${PWN.link}`,
      tags: [PWN.script],
      operationId: PWN.img,
      responseDescription: PWN.link,
    }, function createThing() {
      return { id: 1 };
    });
  api.router('/nested', { tags: [PWN.img] })
    .delete('/things/:id', {
      statusCode: status.HTTP_204_NO_CONTENT,
      summary: PWN.template,
      description: `${PWN.htmlLink} ${PWN.iframe}`,
      operationId: PWN.template,
      responseDescription: PWN.svg,
    }, function deleteThing(_req, res) {
      res.end();
    });
  return api.docs();
}

/** Numeric and the usual named character references, decoded (the title text a browser shows). */
function decodeEntities(text: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  return text.replace(/&(?:#(\d+)|#x([0-9a-f]+)|(amp|lt|gt|quot|apos));/gi, (all, dec?: string, hex?: string, name?: string) => {
    if (dec !== undefined) return String.fromCodePoint(Number(dec));
    if (hex !== undefined) return String.fromCodePoint(parseInt(hex, 16));
    return named[String(name).toLowerCase()] ?? all;
  });
}

const TITLE_ELEMENT = /<title>([^]*?)<\/title>/g;

// ---------------------------------------------------------------------------------------------
// The browser: one for the file, one page per context, reused across visits
// ---------------------------------------------------------------------------------------------

let browser: Browser | undefined;
const servers: Server[] = [];

/** Starts `app` on a free port; resolves to `docs.example.test:<port>`. */
async function listen(app: App): Promise<string> {
  const server = app.listen(0, '127.0.0.1');
  servers.push(server);
  await new Promise((resolve) => server.once('listening', resolve));
  return `${DOCS_HOST}:${(server.address() as AddressInfo).port}`;
}

/** A CSP violation as the page's `securitypolicyviolation` event saw it. */
interface Violation {
  readonly directive: string;
  readonly blocked: string;
  readonly disposition: string;
  readonly sample: string;
  readonly source: string;
}

/** What happened during one visit. */
interface Events {
  /** Every assignment to `window.__pwned`, in any frame: hostile script ran. */
  readonly pwned: string[];
  readonly dialogs: string[];
  readonly violations: Violation[];
  /** Console messages about the Content-Security-Policy. */
  readonly cspConsole: string[];
  readonly pageErrors: string[];
  /** Requests that reached the network (past the CSP). */
  readonly sent: string[];
  /** Requests the page's CSP stopped. */
  readonly blocked: string[];
}

interface Session {
  readonly context: BrowserContext;
  readonly page: Page;
  readonly events: Events;
}

/**
 * Runs before any script of every page and frame: a trap on `window.__pwned` reports any
 * assignment (even one followed by a navigation), and CSP violations are reported as they happen.
 */
const INIT_SCRIPT = `(() => {
  const report = (kind, detail) => { try { window.__securityReport(kind, String(detail)); } catch (e) {} };
  let value;
  Object.defineProperty(window, '__pwned', {
    configurable: false,
    get() { return value; },
    set(v) { value = v; report('pwned', location.href + ' = ' + v); },
  });
  document.addEventListener('securitypolicyviolation', (e) => report('violation', JSON.stringify({
    directive: e.effectiveDirective, blocked: e.blockedURI, disposition: e.disposition, sample: e.sample,
    source: e.sourceFile + ':' + e.lineNumber + ':' + e.columnNumber,
  })));
})();`;

async function newSession(options: { readonly bypassCSP?: boolean } = {}): Promise<Session> {
  if (browser === undefined) throw new Error('no browser');
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: options.bypassCSP ?? false });
  const events: Events = { pwned: [], dialogs: [], violations: [], cspConsole: [], pageErrors: [], sent: [], blocked: [] };
  await context.exposeBinding('__securityReport', (_source, kind: string, detail: string) => {
    if (kind === 'pwned') events.pwned.push(detail);
    else if (kind === 'violation') events.violations.push(JSON.parse(detail) as Violation);
  });
  await context.addInitScript(INIT_SCRIPT);
  const page = await context.newPage();
  page.on('dialog', (dialog) => {
    events.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    dialog.dismiss().catch(() => undefined);
  });
  page.on('console', (message) => {
    if (/content[- ]security[- ]policy/i.test(message.text())) events.cspConsole.push(message.text());
  });
  page.on('pageerror', (error) => events.pageErrors.push(error.message));
  page.on('requestfailed', (req) => {
    if (req.failure()?.errorText === 'csp') events.blocked.push(req.url());
  });
  await page.route('**/*', (route) => {
    events.sent.push(route.request().url());
    return route.continue();
  });
  return { context, page, events };
}

/** Clears the session's events and opens `url` in its page. */
async function open({ page, events }: Session, url: string): Promise<void> {
  for (const list of Object.values(events) as unknown[][]) list.length = 0;
  const response = await page.goto(url);
  expect(response?.status()).toBe(200);
}

/** Lets handlers that fire late (an image's `onerror`, a `toggle` event) run before checking. */
async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await page.waitForTimeout(150);
}

async function pwnedInPage(page: Page): Promise<unknown> {
  return page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned);
}

/**
 * Active markup in the live DOM (shadow roots included): event-handler
 * attributes, `javascript:`-like URLs, scripts other than the page's own, frames, objects, `<base>`
 * and `<meta http-equiv>`. Any of these is a sanitiser failure, whether or not the CSP stopped it.
 */
async function activeMarkup(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const ownScripts = /\/(swagger-ui-bundle|swagger-ui-init|redoc\.standalone|redoc-init)\.js$/;
    const scan = (root: Document | ShadowRoot): void => {
      for (const el of Array.from(root.querySelectorAll('*'))) {
        const tag = el.tagName.toLowerCase();
        for (const attr of Array.from(el.attributes)) {
          if (/^on/i.test(attr.name) || attr.name.toLowerCase() === 'srcdoc') found.push(`<${tag} ${attr.name}>`);
          if (/^(javascript|vbscript):|^data:text\/html/i.test(attr.value.replace(/[\u0000-\u0020]/g, ''))) {
            found.push(`<${tag} ${attr.name}="${attr.value}">`);
          }
        }
        if (tag === 'script' && !ownScripts.test((el as HTMLScriptElement).src)) found.push(`<script>${el.textContent ?? ''}`);
        if (['iframe', 'frame', 'object', 'embed', 'base'].includes(tag)) found.push(`<${tag}>`);
        if (tag === 'meta' && el.hasAttribute('http-equiv')) found.push('<meta http-equiv>');
        if (el.shadowRoot !== null) scan(el.shadowRoot);
      }
    };
    scan(document);
    return found;
  });
}

/** Host (and port) of a URL; a `blob:` URL counts as its creator's; `data:` URLs go nowhere. */
function hostOf(url: string): string | undefined {
  if (url.startsWith('data:') || url.startsWith('about:')) return undefined;
  return new URL(url.startsWith('blob:') ? url.slice('blob:'.length) : url).host;
}

function offHost(urls: readonly string[], host: string): string[] {
  return urls.filter((u) => hostOf(u) !== undefined && hostOf(u) !== host);
}

/** ReDoc's sidebar logo (cdn.redoc.ly), which no option turns off: the page's CSP is meant to stop it. */
function isRedocLogo(v: Violation): boolean {
  return v.directive === 'img-src' && hostOf(v.blocked) === 'cdn.redoc.ly';
}

// --- Swagger UI and ReDoc, driven ---

/** Waits until Swagger UI shows at least `count` operation blocks; returns their summaries. */
async function swaggerRendered(page: Page, count: number): Promise<string[]> {
  await page.waitForFunction((n) => document.querySelectorAll('.opblock').length >= n, count);
  return page.$$eval('.opblock .opblock-summary-description', (els) => els.map((e) => e.textContent ?? ''));
}

/** Expands every operation and waits for its responses. */
async function expandAllSwagger(page: Page): Promise<void> {
  const blocks = page.locator('.opblock');
  const n = await blocks.count();
  for (let i = 0; i < n; i++) {
    const block = blocks.nth(i);
    if (!(await block.evaluate((b) => b.classList.contains('is-open')))) {
      await block.locator('.opblock-summary-control').click();
    }
    await block.locator('.responses-wrapper').waitFor();
  }
}

/** Waits until ReDoc shows the operations; returns the text of its main panel. */
async function redocRendered(page: Page, summary: string): Promise<string> {
  const main = page.locator('.api-content');
  await main.getByText(summary, { exact: true }).first().waitFor();
  return main.innerText();
}

/** Expands every collapsed response and sidebar entry of ReDoc. */
async function expandAllRedoc(page: Page): Promise<void> {
  const collapsed = page.locator('.api-content button[aria-expanded="false"]');
  for (let guard = 0; guard < 40 && (await collapsed.count()) > 0; guard++) {
    await collapsed.first().click();
  }
  const menu = page.locator('.menu-content label');
  const n = await menu.count();
  for (let i = 0; i < n; i++) await menu.nth(i).click();
}

/** Clicks every link whose text is `text` (the hostile Markdown links), staying on the page. */
async function clickLinks(page: Page, scope: string, texts: readonly string[]): Promise<string[]> {
  const url = page.url();
  const hrefs: string[] = [];
  for (const text of texts) {
    const links = page.locator(`${scope} a`).filter({ hasText: new RegExp(`^${text}$`) });
    const n = await links.count();
    for (let i = 0; i < n; i++) {
      const link = links.nth(i);
      hrefs.push((await link.getAttribute('href')) ?? '(none)');
      // A DOM click: ReDoc puts some links inside disabled buttons, where a pointer cannot reach.
      await link.evaluate((a: HTMLElement) => a.click());
    }
  }
  expect(page.url().split('#')[0]).toBe(url.split('#')[0]);
  return hrefs;
}

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
});

// ---------------------------------------------------------------------------------------------
// 1. Hostile strings never run
// ---------------------------------------------------------------------------------------------

describe.each(EXPRESS_VERSIONS)('hostile strings in the served HTML (%s)', (_label, expressModule) => {
  /** The same pages for a plain title: the hostile title may change nothing but the title's text. */
  function apps(): { hostile: App; plain: App; routed: App } {
    const hostile = expressModule();
    hostileApi(hostile);
    const plain = expressModule();
    hostileApi(plain, 'Plain');
    const routed = expressModule();
    const router = expressModule.Router();
    hostileApi(router);
    routed.use('/api', router);
    return { hostile, plain, routed };
  }

  it.each(['/docs', '/docs/', '/redoc', '/redoc/'])('%s: the title only escaped, no markup added, nothing else of the user inlined', async (page) => {
    const { hostile, plain, routed } = apps();
    const plainHtml = (await request(plain).get(page).expect(200)).text;
    const plainTitle = [...plainHtml.matchAll(TITLE_ELEMENT)].map((m) => decodeEntities(m[1] ?? ''));
    expect(plainTitle).toHaveLength(1);
    const suffix = (plainTitle[0] ?? '').slice('Plain'.length);
    for (const [app, url] of [[hostile, page], [routed, `/api${page}`]] as const) {
      const html = (await request(app).get(url).expect(200)).text;
      const titles = [...html.matchAll(TITLE_ELEMENT)].map((m) => m[1] ?? '');
      expect(titles).toHaveLength(1);
      const raw = titles[0] ?? '';
      expect(raw).not.toMatch(/[<>"']/);
      expect(decodeEntities(raw)).toBe(HOSTILE_TITLE + suffix);
      // Everything but the title's text is byte for byte the plain page.
      expect(html.replace(TITLE_ELEMENT, '<title></title>')).toBe(plainHtml.replace(TITLE_ELEMENT, '<title></title>'));
    }
    // Nothing else of the user's reaches the page: no description, summary, tag, operationId.
    for (const word of ['__pwned', 'javascript:', 'onerror', 'onload', 'ontoggle', 'svg', 'img', 'iframe', 'details', 'srcdoc', '{{']) {
      expect(plainHtml).not.toContain(word);
    }
  });

  it('the init scripts carry no user string, and the document is JSON that no browser sniffs as HTML', async () => {
    const { hostile } = apps();
    for (const url of ['/docs/swagger-ui-init.js', '/redoc/redoc-init.js']) {
      const init = await request(hostile).get(url).expect(200);
      expect(init.headers['x-content-type-options']).toBe('nosniff');
      for (const s of ['__pwned', 'Inventory', '<']) expect(init.text).not.toContain(s);
    }
    const doc = await request(hostile).get('/openapi.json').expect(200);
    await expectValidOpenApi(doc.body);
    expect(doc.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(doc.headers['x-content-type-options']).toBe('nosniff');
    // The strings reach the document intact: the pages are what must keep them inert.
    expect(doc.body.info.title).toBe(HOSTILE_TITLE);
    expect(doc.body.info.description).toBe(HOSTILE_MARKDOWN);
    expect(doc.body.paths['/things'].get.operationId).toBe(PWN.svg);
    expect(doc.body.tags.map((t: { name: string }) => t.name)).toEqual([PWN.closeTitle, PWN.svg, PWN.template, PWN.script, PWN.img]);
  });

  it('a hostile absolute server URL cannot add sources to the page\'s CSP', async () => {
    const app = expressModule();
    createApi(app, {
      servers: [
        { url: "https://a.example; script-src 'unsafe-inline' *" },
        { url: "https://b.example/;script-src 'unsafe-inline'" },
        { url: 'https://*.example.com' },
        { url: 'https://c.example\r\nX-Injected: 1' },
        { url: 'javascript:window.__pwned=1' },
      ],
    }).get('/x', function x() {
      return 1;
    }).docs();
    for (const page of ['/docs', '/redoc']) {
      const res = await request(app).get(page).expect(200);
      const csp = String(res.headers['content-security-policy']);
      expect(res.headers['x-injected']).toBeUndefined();
      expect(csp).not.toContain('unsafe-inline\' *');
      expect(directives(csp).get('script-src')).toEqual(["'self'"]);
      expect(directives(csp).get('connect-src')).toEqual(["'self'", 'https://b.example']);
    }
  });
});

describe('hostile strings in Chromium (Swagger UI, ReDoc)', () => {
  let host: string;
  let hostileApp: App;
  beforeAll(async () => {
    hostileApp = express();
    hostileApi(hostileApp);
    host = await listen(hostileApp);
  });

  /**
   * The checks after each page: no script ran, no dialog opened, no active markup in the live DOM,
   * and, under the page's CSP, nothing left for another host.
   */
  async function expectInert({ page, events }: Session, strictCsp: boolean): Promise<void> {
    await settle(page);
    expect(events.pwned).toEqual([]);
    expect(events.dialogs).toEqual([]);
    expect(await pwnedInPage(page)).toBeUndefined();
    expect(await activeMarkup(page)).toEqual([]);
    if (strictCsp) {
      expect(offHost(events.sent, host)).toEqual([]);
      // The violations the hostile strings cause are all expected ones: the Markdown pixel and
      // ReDoc's logo stopped by img-src, and the UIs' sanitiser (DOMPurify) parsing the hostile
      // markup in an inert DOMParser document, which Chromium reports under script-src-attr
      // although no handler is ever attached (the live DOM has none, see activeMarkup, and with
      // the CSP bypassed nothing runs either).
      const unexpected = events.violations.filter((v) => !(
        (v.directive === 'img-src' && ['evil.example', 'cdn.redoc.ly'].includes(hostOf(v.blocked) ?? '')) ||
        (v.directive === 'script-src-attr' && /\/(swagger-ui-bundle|redoc\.standalone)\.js:/.test(v.source))
      ));
      expect(unexpected).toEqual([]);
    }
  }

  async function swaggerUi(session: Session, strictCsp: boolean): Promise<void> {
    const { page } = session;
    await open(session, `http://${host}/docs`);
    // `/things` GET is listed under both of its tags.
    const summaries = await swaggerRendered(page, 4);
    expect(summaries).toEqual(expect.arrayContaining([`${PWN.script} ${PWN.img}`, PWN.closeTitle, PWN.template]));
    expect(await page.locator('.info .title').innerText()).toContain(PWN.closeScript);
    expect(await page.title()).toBe(`${HOSTILE_TITLE} - Swagger UI`);
    await expandAllSwagger(page);
    const hrefs = await clickLinks(page, '.swagger-ui', ['x', 'y']);
    await expectInert(session, strictCsp);
    expect(hrefs.filter((h) => /^\s*javascript:/i.test(h))).toEqual([]);
    // Deep linking: reload on the hash of a hostile operationId and tag.
    expect(decodeURIComponent(new URL(page.url()).hash)).toMatch(/^#\/.*(__pwned)/);
    await page.reload();
    await swaggerRendered(page, 4);
    await expectInert(session, strictCsp);
  }

  async function redoc(session: Session, strictCsp: boolean): Promise<void> {
    const { page } = session;
    await open(session, `http://${host}/redoc`);
    const text = await redocRendered(page, PWN.closeTitle);
    expect(text).toContain(`${PWN.script} ${PWN.img}`);
    expect(text).toContain(PWN.template);
    expect(await page.title()).toBe(`${HOSTILE_TITLE} - ReDoc`);
    await expandAllRedoc(page);
    const hrefs = await clickLinks(page, '#redoc', ['x', 'y']);
    // The search box renders matches of the (hostile) summaries.
    await page.locator('input[placeholder="Search..."]').fill('pwned');
    await page.waitForTimeout(300);
    await expectInert(session, strictCsp);
    expect(hrefs.filter((h) => /^\s*javascript:/i.test(h))).toEqual([]);
  }

  describe('with the pages\' own CSP', () => {
    let session: Session;
    beforeAll(async () => {
      session = await newSession();
    });
    afterAll(async () => {
      await session.context.close();
    });

    it('/docs: rendered, expanded, links clicked, reloaded on a deep link: nothing ran', async () => {
      await swaggerUi(session, true);
    });

    it('/redoc: rendered, responses expanded, links clicked, searched: nothing ran', async () => {
      await redoc(session, true);
    });

    it('/openapi.json opened in the browser stays text', async () => {
      await open(session, `http://${host}/openapi.json`);
      await expectInert(session, true);
    });
  });

  // The CSP alone would stop inline script: with the browser told to ignore it, the escaping and
  // the UIs' sanitisers must still keep the strings inert (defence in depth).
  describe('with CSP bypassed (escaping and sanitising alone)', () => {
    let session: Session;
    beforeAll(async () => {
      session = await newSession({ bypassCSP: true });
    });
    afterAll(async () => {
      await session.context.close();
    });

    it('/docs: nothing ran', async () => {
      await swaggerUi(session, false);
    });

    it('/redoc: nothing ran', async () => {
      await redoc(session, false);
    });
  });
});

// ---------------------------------------------------------------------------------------------
// 2. The pages' own headers
// ---------------------------------------------------------------------------------------------

/** A CSP header as directive → sources; throws on a directive given twice. */
function directives(csp: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of csp.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name === undefined || name === '') continue;
    if (map.has(name)) throw new Error(`directive ${name} twice in ${csp}`);
    map.set(name, sources);
  }
  return map;
}

/** The docs pages' policy, directive by directive (lib/docs-html.ts's docsContentSecurityPolicy). */
const PAGE_POLICY: Record<string, string[]> = {
  'default-src': ["'self'"],
  'base-uri': ["'self'"],
  'connect-src': ["'self'"],
  'font-src': ["'self'", 'data:'],
  'form-action': ["'self'"],
  'frame-ancestors': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'object-src': ["'none'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'worker-src': ["'self'", 'blob:'],
};

/** The headers every docs page sends, whatever the app's own middleware set. */
const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cross-origin-opener-policy': 'same-origin-allow-popups',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-cache',
};

/**
 * An app trying a strict policy in report-only mode first. The docs pages replace the app's
 * enforced policy but (as of this writing) leave its `Content-Security-Policy-Report-Only`, so
 * every docs page load reports violations of a policy that will never apply to it once enforced
 * (the pages would replace it): /openapi.json under connect-src, ReDoc's blob worker, its logo.
 */
const REPORT_ONLY = helmet({ contentSecurityPolicy: { reportOnly: true, directives: { defaultSrc: ["'none'"] } } });

/** A tame Api with a 201, a 204, and routes kept out of the schema (see section 3). */
function depotApi(target: AppOrRouter, options: { servers?: { url: string }[] } = {}): Api {
  const api = createApi(target, { title: 'Depot', ...options })
    .get('/items', function listItems() {
      return [];
    })
    .post('/items', { statusCode: status.HTTP_201_CREATED }, function createItem() {
      return { id: 1 };
    })
    .delete('/items/:id', { statusCode: status.HTTP_204_NO_CONTENT }, function deleteItem(_req, res) {
      res.end();
    });
  return withHiddenRoutes(api).docs();
}

const DEPOT_OPERATIONS = ['get /items', 'post /items', 'delete /items/{id}'];

/** Apps the strict-CSP tests open: standalone, behind helmet(), behind stricter app policies. */
function strictApps(expressModule: ExpressModule): Record<string, App> {
  const standalone = expressModule();
  depotApi(standalone);
  const behind = (middleware: express.RequestHandler): App => {
    const app = expressModule();
    app.use(middleware);
    depotApi(app);
    return app;
  };
  return {
    'standalone': standalone,
    'helmet()': behind(helmet()),
    "helmet, default-src 'none'": behind(helmet({ contentSecurityPolicy: { directives: { defaultSrc: ["'none'"] } } })),
    "helmet, only default-src 'none'": behind(helmet({
      contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
    })),
  };
}

describe.each(EXPRESS_VERSIONS)('the pages\' headers (%s)', (_label, expressModule) => {
  const apps = strictApps(expressModule);

  describe.each(Object.keys(apps))('%s', (name) => {
    const app = apps[name] as App;

    it.each(['/docs', '/docs/', '/redoc', '/redoc/'])('%s sends its own CSP, COOP, Referrer-Policy, nosniff', async (page) => {
      const res = await request(app).get(page).expect(200);
      expect(res.headers).toMatchObject(PAGE_HEADERS);
      expect(res.headers['etag']).toMatch(/^"[^"]+"$/);
      // One policy, exactly the page's (a second header would be enforced too).
      expect(Object.fromEntries(directives(String(res.headers['content-security-policy'])))).toEqual(PAGE_POLICY);
      expect(res.headers['content-security-policy']).not.toMatch(/upgrade-insecure-requests|unsafe-eval|\*|https?:/);
    });

    it('/docs/oauth2-redirect sends the same CSP, with COOP unsafe-none so the popup can report back', async () => {
      const res = await request(app).get('/docs/oauth2-redirect').expect(200);
      // swagger-ui-dist's file, sent by res.sendFile: its own Cache-Control, and Express 4 spells UTF-8 so.
      expect(String(res.headers['content-type']).toLowerCase()).toBe('text/html; charset=utf-8');
      expect(res.headers).toMatchObject({
        'cross-origin-opener-policy': 'unsafe-none',
        'referrer-policy': 'no-referrer',
        'x-content-type-options': 'nosniff',
      });
      expect(Object.fromEntries(directives(String(res.headers['content-security-policy'])))).toEqual(PAGE_POLICY);
    });

    it('assets are sent with nosniff and their own types', async () => {
      for (const [url, type] of [
        ['/docs/swagger-ui.css', /^text\/css/],
        ['/docs/swagger-ui-bundle.js', /^(text|application)\/javascript/],
        ['/docs/swagger-ui-init.js', /^text\/javascript; charset=utf-8$/],
        ['/docs/oauth2-redirect.js', /^(text|application)\/javascript/],
        ['/docs/favicon-32x32.png', /^image\/png$/],
        ['/redoc/redoc.standalone.js', /^(text|application)\/javascript/],
        ['/redoc/redoc-init.js', /^text\/javascript; charset=utf-8$/],
        ['/openapi.json', /^application\/json; charset=utf-8$/],
      ] as const) {
        const res = await request(app).get(url).expect(200);
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(res.headers['content-type']).toMatch(type);
      }
    });
  });

  it('behind helmet(), the page keeps helmet\'s other headers; the rest of the app keeps helmet\'s CSP', async () => {
    const app = apps['helmet()'] as App;
    const page = await request(app).get('/docs').expect(200);
    expect(page.headers).toMatchObject({
      'x-frame-options': 'SAMEORIGIN',
      'x-xss-protection': '0',
      'cross-origin-resource-policy': 'same-origin',
      'origin-agent-cluster': '?1',
    });
    expect(page.headers['strict-transport-security']).toMatch(/^max-age=\d+/);
    const json = await request(app).get('/openapi.json').expect(200);
    await expectValidOpenApi(json.body);
    expect(json.headers['content-security-policy']).toContain('upgrade-insecure-requests');
    expect(json.headers['cross-origin-opener-policy']).toBe('same-origin');
  });
});

describe('strict-CSP apps in Chromium, under a real host name', () => {
  let session: Session;
  const hosts: Record<string, string> = {};
  beforeAll(async () => {
    session = await newSession();
    const apps = strictApps(express);
    for (const [name, app] of Object.entries(apps)) hosts[name] = await listen(app);
  });
  afterAll(async () => {
    await session.context.close();
  });

  /** No CSP violation but ReDoc's logo; none reported on the console either; nothing sent off-host. */
  function expectNoViolation(host: string, allowRedocLogo: boolean): void {
    const { events } = session;
    expect(events.violations.filter((v) => !(allowRedocLogo && isRedocLogo(v)))).toEqual([]);
    expect(events.cspConsole.filter((m) => !(allowRedocLogo && m.includes('https://cdn.redoc.ly/')))).toEqual([]);
    expect(offHost(events.sent, host)).toEqual([]);
    expect(events.sent.every((u) => u.startsWith('http:'))).toBe(true);
    expect(events.pageErrors).toEqual([]);
  }

  it('an app-wide report-only CSP: /docs and /redoc render with no violation reported', async () => {
    const app = express();
    app.use(REPORT_ONLY);
    depotApi(app);
    const host = await listen(app);
    await open(session, `http://${host}/docs`);
    await swaggerRendered(session.page, 3);
    await settle(session.page);
    expectNoViolation(host, false);
    await open(session, `http://${host}/redoc`);
    await redocRendered(session.page, 'Create Item');
    await settle(session.page);
    expectNoViolation(host, true);
  });

  it.each(Object.keys(strictApps(express)))('%s: /docs and /redoc render with no CSP violation', async (name) => {
    const host = hosts[name] ?? '';
    await open(session, `http://${host}/docs`);
    const ops = await swaggerRendered(session.page, 3);
    expect(ops).toHaveLength(3);
    await expandAllSwagger(session.page);
    await settle(session.page);
    expectNoViolation(host, false);

    await open(session, `http://${host}/redoc`);
    await redocRendered(session.page, 'Create Item');
    await settle(session.page);
    expectNoViolation(host, true);
    // The logo is the one thing the policy is meant to stop, before it is sent.
    expect(session.events.violations.filter(isRedocLogo)).toHaveLength(1);
  });
});

describe.each(EXPRESS_VERSIONS)('an app-wide report-only CSP (%s)', (_label, expressModule) => {
  it('is replaced on the docs pages too, not left to report on them', async () => {
    const app = expressModule();
    app.use(REPORT_ONLY);
    depotApi(app);
    for (const page of ['/docs', '/docs/', '/redoc', '/redoc/', '/docs/oauth2-redirect']) {
      const res = await request(app).get(page).expect(200);
      expect(Object.fromEntries(directives(String(res.headers['content-security-policy'])))).toEqual(PAGE_POLICY);
      // None, or the page's own policy: never the app's.
      const reportOnly: unknown = res.headers['content-security-policy-report-only'];
      const own = reportOnly !== undefined && isDeepStrictEqual(Object.fromEntries(directives(String(reportOnly))), PAGE_POLICY);
      expect({ page, reportOnly: own ? undefined : reportOnly }).toEqual({ page, reportOnly: undefined });
    }
    // The app's other responses keep it.
    const json = await request(app).get('/openapi.json').expect(200);
    await expectValidOpenApi(json.body);
    expect(json.headers['content-security-policy-report-only']).toContain("default-src 'none'");
  });
});

// ---------------------------------------------------------------------------------------------
// 3. includeInSchema: false
// ---------------------------------------------------------------------------------------------

const HIDDEN = /zzsecret/i;

/** Hidden routes on `api` and on a router of it, every documentable string marked `zzsecret`. */
function withHiddenRoutes(api: Api): Api {
  const hidden = (what: string) => ({
    includeInSchema: false,
    statusCode: status.HTTP_202_ACCEPTED,
    summary: `zzsecret ${what}`,
    description: `zzsecret ${what} description`,
    tags: [`zzsecret-${what}`],
    operationId: `zzsecret_${what}`,
    responseDescription: `zzsecret ${what} response`,
    responses: { 403: { description: 'zzsecret forbidden' } },
  } as const);
  api.get('/zzsecret-health', hidden('health'), function zzsecretHealth() {
    return { ok: 'health' };
  });
  api.router('/zzsecret-admin', { tags: ['zzsecret-router'] })
    .post('/purge/:what', hidden('purge'), function zzsecretPurge(req) {
      return { ok: req.params['what'] };
    });
  return api;
}

describe.each(EXPRESS_VERSIONS)('includeInSchema: false (%s)', (_label, expressModule) => {
  /** The same Api without the hidden routes: the documents must be byte for byte the same. */
  function visibleOnly(target: AppOrRouter, options: { servers?: { url: string }[] } = {}): void {
    createApi(target, { title: 'Depot', ...options })
      .get('/items', function listItems() {
        return [];
      })
      .post('/items', { statusCode: status.HTTP_201_CREATED }, function createItem() {
        return { id: 1 };
      })
      .delete('/items/:id', { statusCode: status.HTTP_204_NO_CONTENT }, function deleteItem(_req, res) {
        res.end();
      })
      .docs();
  }

  it.each<[string, { servers?: { url: string }[] }, string]>([
    ['at the root', {}, ''],
    ['on a router mounted at /api (servers: [{ url: "/api" }] added)', {}, '/api'],
    ['on a router mounted at /api, with servers', { servers: [{ url: 'https://api.example.com/v1' }] }, '/api'],
  ])('%s: not in /openapi.json (same bytes and ETag as without them), still served', async (_name, options, prefix) => {
    const make = (build: (target: AppOrRouter) => void): App => {
      const app = expressModule();
      if (prefix === '') {
        build(app);
      } else {
        const router = expressModule.Router();
        build(router);
        app.use(prefix, router);
      }
      return app;
    };
    let api: Api | undefined;
    const withHidden = make((target) => {
      api = depotApi(target, options);
    });
    const without = make((target) => visibleOnly(target, options));
    const doc = await request(withHidden).get(`${prefix}/openapi.json`).expect(200);
    const plain = await request(without).get(`${prefix}/openapi.json`).expect(200);
    expect(doc.text).not.toMatch(HIDDEN);
    expect(doc.text).toBe(plain.text);
    expect(doc.headers['etag']).toBe(plain.headers['etag']);
    expect(JSON.stringify(api?.openapi())).not.toMatch(HIDDEN);
    expect(Object.keys(doc.body.paths)).toEqual(['/items', '/items/{id}']);
    if (prefix !== '') expect(doc.body.servers).toEqual(options.servers ?? [{ url: prefix }]);
    // The routes themselves still serve, with their declared status.
    const health = await request(withHidden).get(`${prefix}/zzsecret-health`).expect(202);
    expect(health.body).toEqual({ ok: 'health' });
    const purge = await request(withHidden).post(`${prefix}/zzsecret-admin/purge/cache`).expect(202);
    expect(purge.body).toEqual({ ok: 'cache' });
  });
});

describe('includeInSchema: false in Chromium', () => {
  let session: Session;
  let host: string;
  beforeAll(async () => {
    session = await newSession();
    const app = express();
    const router = express.Router();
    depotApi(router);
    app.use('/api', router);
    host = await listen(app);
  });
  afterAll(async () => {
    await session.context.close();
  });

  it('not in the rendered Swagger UI (operations expanded) nor ReDoc (search included)', async () => {
    const { page } = session;
    await open(session, `http://${host}/api/docs`);
    await swaggerRendered(page, 3);
    const listed = await page.$$eval('.opblock', (blocks) => blocks.map((block) => {
      const method = /opblock-(get|post|put|patch|delete|head|options)\b/.exec(block.className)?.[1] ?? '?';
      return `${method} ${block.querySelector('.opblock-summary-path')?.getAttribute('data-path') ?? '?'}`;
    }));
    expect(listed).toEqual(DEPOT_OPERATIONS);
    await expandAllSwagger(page);
    expect(await page.content()).not.toMatch(HIDDEN);

    await open(session, `http://${host}/api/redoc`);
    const text = await redocRendered(page, 'Create Item');
    expect(text).toContain('Delete Item');
    // (Searching for "secret": the box's own value must not be what matches.)
    await page.locator('input[placeholder="Search..."]').fill('secret');
    await page.waitForTimeout(300);
    expect(await page.content()).not.toMatch(HIDDEN);
  });
});

// ---------------------------------------------------------------------------------------------
// 4. Docs switched off
// ---------------------------------------------------------------------------------------------

const DOCS_URLS = [
  '/openapi.json', '/docs', '/docs/', '/redoc', '/redoc/',
  '/docs/swagger-ui.css', '/docs/swagger-ui-bundle.js', '/docs/swagger-ui-init.js', '/docs/favicon-32x32.png',
  '/docs/oauth2-redirect', '/docs/oauth2-redirect.js',
  '/redoc/redoc.standalone.js', '/redoc/redoc-init.js',
];

describe.each(EXPRESS_VERSIONS)('docs switched off (%s)', (_label, expressModule) => {
  function app(configure: (api: Api) => void): App {
    const target = expressModule();
    const api = createApi(target, { title: 'Depot' }).get('/items', function listItems() {
      return [];
    });
    configure(api);
    return target;
  }

  async function expectOff(target: App, prefix = ''): Promise<void> {
    for (const url of DOCS_URLS) {
      const res = await request(target).get(prefix + url);
      expect([url, res.status]).toEqual([url, 404]);
    }
    await request(target).get(`${prefix}/items`).expect(200);
  }

  it('openapiPath: false: the document, both pages, their assets and the OAuth2 redirect answer 404', async () => {
    await expectOff(app((api) => api.docs({ openapiPath: false })));
  });

  it('also with the pages given paths of their own', async () => {
    const target = app((api) => api.docs({ openapiPath: false, docsPath: '/swagger', redocPath: '/reference' }));
    await expectOff(target);
    for (const url of ['/swagger', '/swagger/swagger-ui-bundle.js', '/reference', '/reference/redoc.standalone.js']) {
      await request(target).get(url).expect(404);
    }
  });

  it('docs() not called in production: everything 404', async () => {
    const saved = process.env['NODE_ENV'];
    process.env['NODE_ENV'] = 'production';
    try {
      await expectOff(app((api) => {
        if (process.env['NODE_ENV'] !== 'production') api.docs();
      }));
    } finally {
      if (saved === undefined) delete process.env['NODE_ENV'];
      else process.env['NODE_ENV'] = saved;
    }
    // The same code outside production mounts them.
    await request(app((api) => {
      if (process.env['NODE_ENV'] !== 'production') api.docs();
    })).get('/docs').expect(200);
  });

  it('openapiPath: false on a router mounted at /api', async () => {
    const target = expressModule();
    const router = expressModule.Router();
    createApi(router).get('/items', function listItems() {
      return [];
    }).docs({ openapiPath: false });
    target.use('/api', router);
    await expectOff(target, '/api');
  });

  it('docsPath: false: /openapi.json and /redoc stay up, /docs and all of Swagger UI\'s files 404', async () => {
    const target = app((api) => api.docs({ docsPath: false }));
    for (const url of ['/openapi.json', '/redoc', '/redoc/', '/redoc/redoc.standalone.js', '/redoc/redoc-init.js']) {
      await request(target).get(url).expect(200);
    }
    for (const url of DOCS_URLS.filter((u) => u.startsWith('/docs'))) {
      const res = await request(target).get(url);
      expect([url, res.status]).toEqual([url, 404]);
    }
  });
});
