// Packaging fixture, run inside a throwaway project by __tests__/packaging.test.ts: serves the
// README's quick-start app, built with the package as installed, and prints what a client sees
// as one JSON line (`RESULT {...}`) for the test to assert on. Shared by smoke.cjs and smoke.mjs.
'use strict';

const http = require('node:http');

/** The `src`/`href` of every script, stylesheet and icon of a page. */
function assetRefs(html) {
  return [...html.matchAll(/<(?:script|link)\b[^>]*?\s(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
}

/**
 * Fetches a page, then every asset it references, resolved as a browser would; `data:` URLs are
 * skipped, and one on another host is listed by its full URL, not fetched.
 */
async function page(base, pagePath) {
  const pageUrl = new URL(pagePath, base);
  const res = await fetch(pageUrl);
  const html = await res.text();
  const assets = [];
  for (const ref of assetRefs(html)) {
    const url = new URL(ref, pageUrl);
    if (url.protocol === 'data:') continue;
    if (url.origin !== pageUrl.origin) {
      assets.push({ path: url.href, status: null, bytes: null });
      continue;
    }
    const asset = await fetch(url);
    const bytes = (await asset.arrayBuffer()).byteLength;
    assets.push({ path: url.pathname, status: asset.status, bytes });
  }
  return { status: res.status, contentType: res.headers.get('content-type'), html: html.slice(0, 200), assets };
}

/**
 * @param {object} pkg what the entry script imported: `express`, `createApi`, the status to
 *   declare for POST /items (`created`), how it was imported (`via`) and every export name it sees.
 */
async function exercise({ express, createApi, created, via, exportNames }) {
  const app = express();
  app.use(express.json());
  const api = createApi(app, { title: 'Packaging', version: '1.0.0' });
  api.post('/items', { statusCode: created }, function createItem(req) {
    return { id: 1, ...req.body };
  });
  api.delete('/items/:id', { statusCode: 204 }, (_req, res) => res.end());
  api.docs();

  const server = http.createServer(app);
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const base = `http://127.0.0.1:${server.address().port}`;
  try {
    const post = await fetch(`${base}/items`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'widget' }),
    });
    const postBody = await post.json();

    const del = await fetch(`${base}/items/1`, { method: 'DELETE' });
    const delBody = await del.text();

    const openapiRes = await fetch(`${base}/openapi.json`);
    const openapiText = await openapiRes.text();
    let doc = null;
    try {
      doc = JSON.parse(openapiText);
    } catch {
      // left null: the test reports the text it got
    }

    let deepImport = 'resolved';
    try {
      require.resolve('express-status-routes/dist/docs.js');
    } catch (err) {
      deepImport = err.code;
    }

    const result = {
      via,
      express: require('express/package.json').version,
      packageFile: require.resolve('express-status-routes'),
      packageVersion: require('express-status-routes/package.json').version,
      deepImport,
      exportNames,
      requireNames: Object.keys(require('express-status-routes')).sort(),
      post: { status: post.status, contentType: post.headers.get('content-type'), body: postBody },
      delete: {
        status: del.status,
        contentType: del.headers.get('content-type'),
        contentLength: del.headers.get('content-length'),
        body: delBody,
      },
      openapi: {
        status: openapiRes.status,
        contentType: openapiRes.headers.get('content-type'),
        text: doc === null ? openapiText.slice(0, 500) : undefined,
        version: doc?.openapi,
        title: doc?.info?.title,
        postResponses: Object.keys(doc?.paths?.['/items']?.post?.responses ?? {}),
        deleteResponses: Object.keys(doc?.paths?.['/items/{id}']?.delete?.responses ?? {}),
      },
      docs: await page(base, '/docs/'),
      redoc: await page(base, '/redoc'),
    };
    console.log(`RESULT ${JSON.stringify(result)}`);
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

module.exports = exercise;
