// Serves the OpenAPI document, Swagger UI and ReDoc from the app itself, under their own CSP.

import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { Application, IRouter, NextFunction, Request, Response, Router } from 'express';
import { InvalidOptionError, didYouMean, quote } from './errors';
import { isPlainObject } from './route-options';
import {
  REDOC_INIT_SCRIPT, SWAGGER_INIT_SCRIPT, docsContentSecurityPolicy, redocHtml, redocInitScript,
  serverOrigins, swaggerUiHtml, swaggerUiInitScript,
} from './docs-html';

/** Options of `api.docs()`: where each page is mounted, relative to the wrapped app or router. */
export interface DocsOptions {
  /** Path of the OpenAPI document; `false` leaves out the document and both pages. Default `'/openapi.json'`. */
  readonly openapiPath?: string | false;
  /** Path of Swagger UI; `false` leaves it out. Default `'/docs'`. */
  readonly docsPath?: string | false;
  /** Path of ReDoc; `false` leaves it out. Default `'/redoc'`. */
  readonly redocPath?: string | false;
}

/** What the docs need from the document cache: its bytes and ETag as served under a mount point. */
export interface DocumentSource {
  serialized(baseUrl?: string): { readonly document: unknown; readonly body: Buffer; readonly etag: string };
}

interface NormalizedDocsOptions {
  readonly openapiPath: string | false;
  readonly docsPath: string | false;
  readonly redocPath: string | false;
}

const DEFAULTS: NormalizedDocsOptions = { openapiPath: '/openapi.json', docsPath: '/docs', redocPath: '/redoc' };
const KEYS = Object.keys(DEFAULTS) as (keyof NormalizedDocsOptions)[];
/** Plain path segments only: no Express parameters or patterns, nothing that needs escaping. */
const PLAIN_PATH = /^(?:\/[A-Za-z0-9._~-]+)+\/?$/;

function checkPath(key: string, value: unknown): string | false {
  if (value === false) return false;
  if (typeof value !== 'string' || !PLAIN_PATH.test(value) || /\/\.\.?(?:\/|$)/.test(value)) {
    throw new InvalidOptionError(
      `Invalid docs option ${key} ${quote(value)}: expected false or a plain path such as ${quote(DEFAULTS[key as keyof NormalizedDocsOptions])} ` +
        '(segments of letters, digits, ".", "_", "~", "-")');
  }
  return value.replace(/\/$/, '');
}

/**
 * Checks `docs()` options once, at setup.
 * @throws InvalidOptionError for an unknown key, a value that is not `false` or a plain path,
 * or two pages on the same path.
 */
export function normalizeDocsOptions(options: unknown): NormalizedDocsOptions {
  if (options === undefined) return DEFAULTS;
  if (!isPlainObject(options)) {
    throw new InvalidOptionError(`Invalid docs options ${quote(options)}: expected a plain object`);
  }
  for (const key of Object.keys(options)) {
    if (!(KEYS as string[]).includes(key)) {
      throw new InvalidOptionError(`Unknown docs option ${quote(key)}${didYouMean(key, KEYS)}`);
    }
  }
  const pick = (key: keyof NormalizedDocsOptions): string | false =>
    options[key] === undefined ? DEFAULTS[key] : checkPath(key, options[key]);
  const result = { openapiPath: pick('openapiPath'), docsPath: pick('docsPath'), redocPath: pick('redocPath') };
  const used = Object.values(result).filter((p) => p !== false);
  const shared = used.find((p, i) => used.findIndex((q) => q.toLowerCase() === p.toLowerCase()) !== i);
  if (shared !== undefined) {
    throw new InvalidOptionError(`Invalid docs options ${quote(options)}: two pages on one path ${quote(shared)}`);
  }
  return result;
}

/**
 * Whether `If-None-Match` matches `etag`, by weak comparison (RFC 9110 §13.1.2): `*`, or any
 * entity-tag of the list equal to `etag` once `W/` is ignored on both sides.
 */
export function isNotModified(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  if (ifNoneMatch.trim() === '*') return true;
  const opaque = etag.replace(/^W\//, '');
  // An entity-tag may itself contain a comma, so match tags rather than split on commas.
  for (const [tag] of ifNoneMatch.matchAll(/(?:W\/)?"[^"]*"/g)) {
    if (tag.replace(/^W\//, '') === opaque) return true;
  }
  return false;
}

/** Bytes made once at setup, with their strong content-hash ETag. */
interface Prepared {
  readonly body: Buffer;
  readonly etag: string;
  readonly contentType: string;
}

function prepare(text: string, contentType: string): Prepared {
  const body = Buffer.from(text, 'utf8');
  return { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`, contentType };
}

/** Sends prepared bytes, or a 304 when the client's copy is current. HEAD sends no body (Node drops it). */
function sendPrepared(req: Request, res: Response, { body, etag, contentType }: Prepared): void {
  res.setHeader('ETag', etag);
  res.setHeader('Cache-Control', 'no-cache');
  if (isNotModified(req.headers['if-none-match'], etag)) {
    res.statusCode = 304;
    res.end();
    return;
  }
  res.statusCode = 200;
  res.setHeader('Content-Type', contentType);
  res.setHeader('Content-Length', body.length);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.end(body);
}

/** Where ReDoc's bundle is: `dist/assets` in the package, else the `redoc` devDependency (running from source). */
function findRedocBundle(): string {
  const shipped = path.join(__dirname, 'assets', 'redoc.standalone.js');
  if (existsSync(shipped)) return shipped;
  try {
    return require.resolve('redoc/bundles/redoc.standalone.js');
  } catch {
    throw new Error(`ReDoc's bundle is missing (looked for ${shipped}): rebuild the package, or pass redocPath: false`);
  }
}

type Asset = { readonly file: string; readonly headers?: Record<string, string> } | Prepared;

/** `<base>/:asset`: a fixed list of files, nothing else from their directories. */
function assetRoute(assets: ReadonlyMap<string, Asset>) {
  return function docsAsset(req: Request, res: Response, next: NextFunction): void {
    const asset = assets.get(String(req.params['asset']));
    if (asset === undefined) return next();
    if ('body' in asset) return sendPrepared(req, res, asset);
    const headers = { 'X-Content-Type-Options': 'nosniff', ...asset.headers };
    if (asset.headers?.['Content-Security-Policy'] !== undefined) res.removeHeader('Content-Security-Policy-Report-Only');
    res.sendFile(asset.file, { headers }, (err?: Error) => {
      if (err && !res.headersSent) next(err);
    });
  };
}

/** The page's CSP, recomputed only when the served document (and so its `servers`) changes. */
function policyFor(cache: DocumentSource): (req: Request) => string {
  let lastServers: unknown = {};
  let lastPolicy = '';
  return (req) => {
    const servers = (cache.serialized(req.baseUrl).document as { servers?: unknown }).servers;
    if (servers !== lastServers) {
      lastServers = servers;
      lastPolicy = docsContentSecurityPolicy(serverOrigins(servers));
    }
    return lastPolicy;
  };
}

function pageRoute(pageFor: (slash: boolean) => Prepared, policy: (req: Request) => string) {
  const slash = pageFor(true);
  const bare = pageFor(false);
  return function docsPage(req: Request, res: Response): void {
    res.setHeader('Content-Security-Policy', policy(req));
    // An app-wide report-only policy would report this page's own requests as violations.
    res.removeHeader('Content-Security-Policy-Report-Only');
    // Allows Swagger UI's OAuth2 popup to reach back to this page (helmet's default, same-origin, severs it).
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin-allow-popups');
    res.setHeader('Referrer-Policy', 'no-referrer');
    sendPrepared(req, res, req.path.endsWith('/') ? slash : bare);
  };
}

/** `../` once per segment of `from`: the way from `<from>/<file>` back to the mount point. */
function upFrom(from: string, to: string): string {
  return '../'.repeat(from.split('/').length - 1) + to.slice(1);
}

/**
 * Mounts the OpenAPI document, Swagger UI and ReDoc on `target` (what `api.docs()` calls).
 *
 * - `GET <openapiPath>`: the cached document bytes as served under `req.baseUrl`,
 *   `Content-Type: application/json; charset=utf-8`, `Content-Length`, a strong `ETag`,
 *   `Cache-Control: no-cache`; `304` with no body to a matching `If-None-Match`.
 * - `GET <docsPath>` and `<docsPath>/`: Swagger UI; its assets (swagger-ui-dist's CSS, bundle and
 *   favicons, and a per-mount init script) under `<docsPath>/`, and swagger-ui-dist's
 *   `oauth2-redirect.html` at `<docsPath>/oauth2-redirect`.
 * - `GET <redocPath>` and `<redocPath>/`: ReDoc, its standalone bundle and init script under `<redocPath>/`.
 *
 * Every URL in the pages is relative, so they work with or without the trailing slash, on a
 * router mounted under a prefix, and behind a proxy that strips one. Both pages (and the OAuth2
 * redirect page) send their own headers, replacing what an app-wide `helmet()` set:
 * `Content-Security-Policy` (see `docsContentSecurityPolicy`: same-origin only, no inline script,
 * no `upgrade-insecure-requests`), `Cross-Origin-Opener-Policy` (`same-origin-allow-popups` on
 * the pages, `unsafe-none` on the redirect page, so Swagger UI's OAuth2 popup can report back),
 * `Referrer-Policy: no-referrer`, `X-Content-Type-Options: nosniff`.
 *
 * @throws InvalidOptionError when `options` is not valid `DocsOptions`.
 */
export function mountDocs(target: Router | Application, cache: DocumentSource, title: string, options: unknown): void {
  const { openapiPath, docsPath, redocPath } = normalizeDocsOptions(options);
  if (openapiPath === false) return;
  const router: IRouter = target;

  router.get(openapiPath, function openApiDocument(req: Request, res: Response): void {
    const { body, etag } = cache.serialized(req.baseUrl);
    sendPrepared(req, res, { body, etag, contentType: 'application/json; charset=utf-8' });
  });

  const policy = policyFor(cache);
  const prefixFor = (base: string, slash: boolean): string => (slash ? '' : `${base.slice(base.lastIndexOf('/') + 1)}/`);

  if (docsPath !== false) {
    const dist = path.dirname(require.resolve('swagger-ui-dist/swagger-ui-bundle.js'));
    const file = (name: string, headers?: Record<string, string>): Asset =>
      headers ? { file: path.join(dist, name), headers } : { file: path.join(dist, name) };
    const assets = new Map<string, Asset>([
      ['swagger-ui.css', file('swagger-ui.css')],
      ['swagger-ui-bundle.js', file('swagger-ui-bundle.js')],
      ['swagger-ui-bundle.js.LICENSE.txt', file('swagger-ui-bundle.js.LICENSE.txt')],
      ['favicon-32x32.png', file('favicon-32x32.png')],
      ['favicon-16x16.png', file('favicon-16x16.png')],
      ['oauth2-redirect', file('oauth2-redirect.html', {
        'Content-Security-Policy': docsContentSecurityPolicy(),
        'Cross-Origin-Opener-Policy': 'unsafe-none',
        'Referrer-Policy': 'no-referrer',
      })],
      ['oauth2-redirect.js', file('oauth2-redirect.js')],
      [SWAGGER_INIT_SCRIPT, prepare(swaggerUiInitScript(upFrom(docsPath, openapiPath), 'oauth2-redirect'), 'text/javascript; charset=utf-8')],
    ]);
    router.get([docsPath, `${docsPath}/`], pageRoute(
      (slash) => prepare(swaggerUiHtml({ title, assetPrefix: prefixFor(docsPath, slash) }), 'text/html; charset=utf-8'),
      policy,
    ));
    router.get(`${docsPath}/:asset`, assetRoute(assets));
  }

  if (redocPath !== false) {
    const bundle = findRedocBundle();
    const assets = new Map<string, Asset>([
      ['redoc.standalone.js', { file: bundle }],
      ['redoc.standalone.js.LICENSE.txt', { file: `${bundle}.LICENSE.txt` }],
      [REDOC_INIT_SCRIPT, prepare(redocInitScript(upFrom(redocPath, openapiPath)), 'text/javascript; charset=utf-8')],
    ]);
    router.get([redocPath, `${redocPath}/`], pageRoute(
      (slash) => prepare(redocHtml({ title, assetPrefix: prefixFor(redocPath, slash) }), 'text/html; charset=utf-8'),
      policy,
    ));
    router.get(`${redocPath}/:asset`, assetRoute(assets));
  }
}
