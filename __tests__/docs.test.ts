// /openapi.json, /docs and /redoc over real HTTP: bytes, ETags, assets, headers, options, escaping.

import helmet from 'helmet';
import request from 'supertest';
import { createApi, InvalidOptionError, status } from '../lib';
import type { Api } from '../lib';
import { docsContentSecurityPolicy } from '../lib/docs-html';
import { isNotModified } from '../lib/docs';
import { EXPRESS_VERSIONS } from './helpers/express-versions';
import type { ExpressModule } from './helpers/express-versions';
import { expectValidOpenApi } from './helpers/openapi-validator';

type App = ReturnType<ExpressModule>;

/** The `src`/`href` of every script, stylesheet and icon of a page. */
function assetRefs(html: string): string[] {
  return [...html.matchAll(/<(?:script|link)\b[^>]*?\s(?:src|href)="([^"]+)"/g)].map((m) => m[1] ?? '');
}

/** Resolves a reference the way the browser does from `pagePath`, to a path on the server. */
function resolve(ref: string, pagePath: string): string {
  return new URL(ref, `http://host${pagePath}`).pathname;
}

/** Statements of the init script served for a page: the URL of the document it loads. */
function documentUrlIn(script: string, scriptPath: string): string {
  const ref = /url: new URL\("([^"]+)", base\)/.exec(script)?.[1] ?? /Redoc\.init\(new URL\("([^"]+)"/.exec(script)?.[1];
  if (ref === undefined) throw new Error(`no document URL in ${script}`);
  return resolve(ref, scriptPath);
}

const CSP = docsContentSecurityPolicy();

describe('isNotModified (RFC 9110 §13.1.2, weak comparison)', () => {
  const etag = '"abc-1"';
  it.each<[string | undefined, boolean]>([
    [undefined, false],
    ['"abc-1"', true],
    ['W/"abc-1"', true],
    ['"x", "abc-1"', true],
    ['"x",W/"abc-1"', true],
    ['*', true],
    [' * ', true],
    ['"abc-2"', false],
    ['abc-1', false],
    ['"a,b", "abc-1"', true],
    ['"a,b"', false],
    ['', false],
  ])('If-None-Match %p → %p', (header, expected) => {
    expect(isNotModified(header, etag)).toBe(expected);
  });
});

describe.each(EXPRESS_VERSIONS)('docs (%s)', (_name, express) => {
  /** An inventory-ish Api with a 201 and a 204, docs mounted with `docsOptions`. */
  function inventory(target: App | ReturnType<ExpressModule['Router']>, title = 'Inventory', docsOptions?: unknown): Api {
    return createApi(target, { title })
      .get('/items', function listItems() {
        return [];
      })
      .post('/items', { statusCode: status.HTTP_201_CREATED }, function createItem() {
        return { id: '1' };
      })
      .delete('/items/:id', { statusCode: status.HTTP_204_NO_CONTENT }, function deleteItem(_req, res) {
        res.end();
      })
      .docs(docsOptions as never);
  }

  function appWith(title?: string, docsOptions?: unknown): { app: App; api: Api } {
    const app = express();
    const api = inventory(app, title, docsOptions);
    return { app, api };
  }

  describe('GET /openapi.json', () => {
    it('sends the cached document as application/json with Content-Length and a strong ETag', async () => {
      const { app, api } = appWith();
      const res = await request(app).get('/openapi.json').expect(200);
      await expectValidOpenApi(res.body);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(res.headers['etag']).toMatch(/^"[^"]+"$/);
      expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(res.text));
      expect(res.body).toEqual(JSON.parse(JSON.stringify(api.openapi())));
      expect(res.body.paths['/items'].post.responses).toHaveProperty('201');
      expect(res.body.paths['/items/{id}'].delete.responses['204']).not.toHaveProperty('content');
    });

    it.each([
      ['the ETag itself', (etag: string) => etag],
      ['a weak copy of it', (etag: string) => `W/${etag}`],
      ['a list that has it', (etag: string) => `"other", ${etag}`],
      ['*', () => '*'],
    ])('answers 304 with no body to If-None-Match: %s', async (_label, header) => {
      const { app } = appWith();
      const { headers } = await request(app).get('/openapi.json');
      const etag = String(headers['etag']);
      const res = await request(app).get('/openapi.json').set('If-None-Match', header(etag)).expect(304);
      expect(res.text).toBe('');
      expect(res.headers['etag']).toBe(etag);
      expect(res.headers['content-type']).toBeUndefined();
      expect(res.headers['content-length']).toBeUndefined();
    });

    it('answers 200 to a non-matching If-None-Match, and HEAD with headers only', async () => {
      const { app } = appWith();
      await request(app).get('/openapi.json').set('If-None-Match', '"nope"').expect(200);
      const head = await request(app).head('/openapi.json').expect(200);
      expect(head.text).toBeUndefined();
      expect(Number(head.headers['content-length'])).toBeGreaterThan(0);
    });

    it('derives the ETag from the content: same routes, same ETag; a new route, a new one', async () => {
      const a = appWith().app;
      const { app: b, api } = appWith();
      const etagA = (await request(a).get('/openapi.json')).headers['etag'];
      expect((await request(b).get('/openapi.json')).headers['etag']).toBe(etagA);
      api.get('/more', function more() {
        return 1;
      });
      const after = await request(b).get('/openapi.json');
      expect(after.headers['etag']).not.toBe(etagA);
      expect(after.body.paths).toHaveProperty('/more');
    });

    it('serves cached bytes: no re-serialisation or re-hashing per request', async () => {
      const { app, api } = appWith();
      const first = await request(app).get('/openapi.json');
      const stringify = jest.spyOn(JSON, 'stringify');
      // The module object itself (a namespace import's bindings cannot be spied on).
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const hash = jest.spyOn(require('node:crypto') as typeof import('node:crypto'), 'createHash');
      try {
        for (let i = 0; i < 3; i++) {
          const res = await request(app).get('/openapi.json');
          expect(res.text).toBe(first.text);
        }
        expect(stringify).not.toHaveBeenCalled();
        expect(hash).not.toHaveBeenCalled();
        // The spies do see the work when there is some: a new route means a new document.
        api.get('/new', function newRoute() {
          return 1;
        });
        await request(app).get('/openapi.json').expect(200);
        expect(stringify).toHaveBeenCalled();
        expect(hash).toHaveBeenCalled();
      } finally {
        stringify.mockRestore();
        hash.mockRestore();
      }
    });
  });

  describe('GET /docs (Swagger UI)', () => {
    it.each(['/docs', '/docs/'])('%s: HTML whose assets all resolve, with its own CSP and no inline script', async (page) => {
      const { app } = appWith();
      const res = await request(app).get(page).expect(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['content-security-policy']).toBe(CSP);
      expect(res.text).not.toMatch(/<script(?![^>]*\ssrc=)/);
      const refs = assetRefs(res.text).map((ref) => resolve(ref, page));
      expect(refs).toEqual([
        '/docs/swagger-ui.css', '/docs/favicon-32x32.png', '/docs/favicon-16x16.png',
        '/docs/swagger-ui-bundle.js', '/docs/swagger-ui-init.js',
      ]);
      for (const ref of refs) {
        const asset = await request(app).get(ref).expect(200);
        expect(asset.headers['content-type']).toMatch(/^(text\/css|text\/javascript|application\/javascript|image\/png)/);
        expect(Number(asset.headers['content-length'])).toBeGreaterThan(0);
      }
    });

    it('its init script loads the document by a relative URL, without the online validator', async () => {
      const { app } = appWith();
      const init = await request(app).get('/docs/swagger-ui-init.js').expect(200);
      expect(init.headers['content-type']).toBe('text/javascript; charset=utf-8');
      expect(init.text).toContain('validatorUrl: null');
      expect(documentUrlIn(init.text, '/docs/swagger-ui-init.js')).toBe('/openapi.json');
      expect(init.text).toContain('oauth2RedirectUrl: new URL("oauth2-redirect", base).href');
      expect(init.text).not.toContain('"paths"');
    });

    it('serves swagger-ui-dist\'s OAuth2 redirect page at /docs/oauth2-redirect, and no other file of the package', async () => {
      const { app } = appWith();
      const page = await request(app).get('/docs/oauth2-redirect').expect(200);
      expect(String(page.headers['content-type']).toLowerCase()).toBe('text/html; charset=utf-8');
      expect(page.headers['content-security-policy']).toBe(CSP);
      for (const ref of assetRefs(page.text)) await request(app).get(resolve(ref, '/docs/oauth2-redirect')).expect(200);
      for (const other of ['index.html', 'swagger-initializer.js', 'package.json', 'index.js']) {
        await request(app).get(`/docs/${other}`).expect(404);
      }
    });

    it('lets "Try it out" reach the absolute servers the document declares (connect-src)', async () => {
      const app = express();
      createApi(app, { servers: [{ url: 'https://api.example.com/v1' }, { url: '/local' }, { url: 'https://{env}.example.com' }] })
        .get('/x', function x() {
          return 1;
        })
        .docs();
      const page = await request(app).get('/docs').expect(200);
      expect(page.headers['content-security-policy']).toBe(docsContentSecurityPolicy(['https://api.example.com']));
      expect(page.headers['content-security-policy']).toContain("connect-src 'self' https://api.example.com;");
    });

    it('replaces helmet\'s CSP (no upgrade-insecure-requests) on the page only', async () => {
      const app = express();
      app.use(helmet());
      inventory(app);
      const page = await request(app).get('/docs').expect(200);
      expect(page.headers['content-security-policy']).toBe(CSP);
      expect(page.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
      const json = await request(app).get('/openapi.json').expect(200);
      await expectValidOpenApi(json.body);
      expect(json.headers['content-security-policy']).toContain('upgrade-insecure-requests');
    });
  });

  describe('GET /redoc', () => {
    it.each(['/redoc', '/redoc/'])('%s: ReDoc\'s bundle from the app itself, the document by relative URL', async (page) => {
      const { app } = appWith();
      const res = await request(app).get(page).expect(200);
      expect(res.headers['content-security-policy']).toBe(CSP);
      expect(res.headers['content-security-policy']).toContain("img-src 'self' data:");
      expect(res.text).not.toMatch(/<script(?![^>]*\ssrc=)/);
      const refs = assetRefs(res.text).filter((ref) => !ref.startsWith('data:')).map((ref) => resolve(ref, page));
      expect(refs).toEqual(['/redoc/redoc.standalone.js', '/redoc/redoc-init.js']);
      const bundle = await request(app).get(refs[0] ?? '').expect(200);
      expect(bundle.headers['content-type']).toMatch(/javascript/);
      expect(Number(bundle.headers['content-length'])).toBeGreaterThan(500_000);
      const init = await request(app).get(refs[1] ?? '').expect(200);
      expect(init.text).toContain('untrustedSpec: true');
      expect(documentUrlIn(init.text, refs[1] ?? '')).toBe('/openapi.json');
    });
  });

  describe('on a router mounted at /api', () => {
    it('serves everything under /api, and the document says where the API is', async () => {
      const app = express();
      const router = express.Router();
      inventory(router);
      app.use('/api', router);
      await request(app).get('/docs').expect(404);
      for (const page of ['/api/docs', '/api/docs/', '/api/redoc']) {
        const res = await request(app).get(page).expect(200);
        const refs = assetRefs(res.text).filter((ref) => !ref.startsWith('data:')).map((ref) => resolve(ref, page));
        for (const ref of refs) await request(app).get(ref).expect(200);
        const initPath = refs.find((ref) => ref.endsWith('-init.js')) ?? '';
        const init = await request(app).get(initPath);
        expect(documentUrlIn(init.text, initPath)).toBe('/api/openapi.json');
      }
      const doc = await request(app).get('/api/openapi.json').expect(200);
      await expectValidOpenApi(doc.body);
      expect(doc.body.servers).toEqual([{ url: '/api' }]);
      expect(doc.body.paths).toHaveProperty('/items');
    });
  });

  describe('docs options', () => {
    it('moves each page, and the pages find the moved document', async () => {
      const { app } = appWith('Inventory', { openapiPath: '/spec/v1.json', docsPath: '/reference/swagger', redocPath: '/reference/redoc/' });
      await request(app).get('/spec/v1.json').expect(200);
      for (const gone of ['/openapi.json', '/docs', '/redoc']) await request(app).get(gone).expect(404);
      await request(app).get('/reference/swagger').expect(200);
      await request(app).get('/reference/redoc').expect(200);
      const swaggerInit = await request(app).get('/reference/swagger/swagger-ui-init.js').expect(200);
      expect(documentUrlIn(swaggerInit.text, '/reference/swagger/swagger-ui-init.js')).toBe('/spec/v1.json');
      const redocInit = await request(app).get('/reference/redoc/redoc-init.js').expect(200);
      expect(documentUrlIn(redocInit.text, '/reference/redoc/redoc-init.js')).toBe('/spec/v1.json');
    });

    it.each([
      [{ docsPath: false }, ['/openapi.json', '/redoc'], ['/docs', '/docs/swagger-ui-bundle.js']],
      [{ redocPath: false }, ['/openapi.json', '/docs'], ['/redoc', '/redoc/redoc.standalone.js']],
      [{ openapiPath: false }, [], ['/openapi.json', '/docs', '/redoc']],
      [{ openapiPath: false, docsPath: '/swagger' }, [], ['/openapi.json', '/swagger', '/redoc']],
    ])('%p leaves pages out', async (options, present, absent) => {
      const { app } = appWith('Inventory', options);
      for (const url of present) await request(app).get(url).expect(200);
      for (const url of absent) await request(app).get(url).expect(404);
    });

    it.each<[string, unknown]>([
      ['null', null],
      ['a string', '/docs'],
      ['an array', ['/docs']],
      ['an unknown key', { docPath: '/d' }],
      ['a misspelt key', { DocsPath: '/d' }],
      ['true', { docsPath: true }],
      ['a number', { openapiPath: 1 }],
      ['a relative path', { docsPath: 'docs' }],
      ['a root path', { docsPath: '/' }],
      ['an Express parameter', { docsPath: '/docs/:id' }],
      ['a wildcard', { redocPath: '/redoc/*' }],
      ['a space', { docsPath: '/my docs' }],
      ['a dot-dot segment', { docsPath: '/a/../docs' }],
      ['a RegExp', { docsPath: /docs/ }],
      ['two pages on one path', { docsPath: '/x', redocPath: '/x' }],
      ['a page on the document\'s path', { docsPath: '/openapi.json' }],
    ])('rejects %s with ERR_INVALID_OPTION, at setup', (_label, options) => {
      const api = createApi(express());
      let error: unknown;
      try {
        api.docs(options as never);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(InvalidOptionError);
      expect((error as InvalidOptionError).code).toBe('ERR_INVALID_OPTION');
    });
  });

  it('two apps in one process each serve their own title and document', async () => {
    const alpha = express();
    createApi(alpha, { title: 'Alpha' }).get('/alpha', function alphaRoute() {
      return 'a';
    }).docs();
    const beta = express();
    createApi(beta, { title: 'Beta' }).get('/beta', function betaRoute() {
      return 'b';
    }).docs();
    for (const [app, own, other] of [[alpha, 'Alpha', 'Beta'], [beta, 'Beta', 'Alpha']] as const) {
      for (const page of ['/docs', '/redoc']) {
        const html = (await request(app).get(page).expect(200)).text;
        expect(html).toContain(`<title>${own} - `);
        expect(html).not.toContain(other);
      }
      const init = await request(app).get('/docs/swagger-ui-init.js');
      const doc = await request(app).get(documentUrlIn(init.text, '/docs/swagger-ui-init.js')).expect(200);
      expect(doc.body.info.title).toBe(own);
      expect(Object.keys(doc.body.paths)).toEqual([`/${own.toLowerCase()}`]);
    }
  });

  it('escapes a hostile title in the HTML and never inlines the document', async () => {
    const title = '</title><script>alert("x")</script><img src=x onerror=alert(1)>&\'';
    const { app } = appWith(title);
    for (const page of ['/docs', '/redoc']) {
      const html = (await request(app).get(page).expect(200)).text;
      expect(html).not.toContain('<script>alert');
      expect(html).not.toContain('<img');
      expect(html).toContain('&#60;/title&#62;&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62;');
      expect(html).toContain('&#38;&#39;');
      expect(html).not.toContain('"paths"');
      expect((html.match(/<title>/g) ?? []).length).toBe(1);
    }
    const doc = await request(app).get('/openapi.json').expect(200);
    await expectValidOpenApi(doc.body);
    expect(doc.body.info.title).toBe(title);
  });
});
