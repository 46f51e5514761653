// Pure string builders for the docs pages: HTML, their init scripts, their Content-Security-Policy.

/** Escapes a string for HTML text and for quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A JavaScript string literal that is also safe if it ever ends up inside an HTML page. */
function jsString(value: string): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** What a docs page needs: its title, and the prefix that makes its asset URLs page-relative. */
export interface DocsPageOptions {
  /** The API's title; escaped here. */
  readonly title: string;
  /**
   * Prepended to asset file names: `''` when the page URL ends in `/` (`/docs/`), else the last
   * segment of the page path and a slash (`'docs/'` for `/docs`), so the same relative URLs work
   * at both addresses and under any mount point or proxy prefix.
   */
  readonly assetPrefix: string;
}

function page(title: string, head: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
${head}
</head>
<body>
${body}
</body>
</html>
`;
}

/** The Swagger UI page: swagger-ui-dist's CSS and bundle, then the init script; no inline script. */
export function swaggerUiHtml({ title, assetPrefix }: DocsPageOptions): string {
  const asset = (name: string): string => escapeHtml(assetPrefix + name);
  return page(
    `${title} - Swagger UI`,
    `<link rel="stylesheet" href="${asset('swagger-ui.css')}">
<link rel="icon" type="image/png" href="${asset('favicon-32x32.png')}" sizes="32x32">
<link rel="icon" type="image/png" href="${asset('favicon-16x16.png')}" sizes="16x16">`,
    `<div id="swagger-ui"></div>
<script src="${asset('swagger-ui-bundle.js')}"></script>
<script src="${asset(SWAGGER_INIT_SCRIPT)}"></script>`,
  );
}

/** The ReDoc page: ReDoc's standalone bundle, then the init script; no inline script. */
export function redocHtml({ title, assetPrefix }: DocsPageOptions): string {
  const asset = (name: string): string => escapeHtml(assetPrefix + name);
  return page(
    `${title} - ReDoc`,
    // `data:,` saves the browser's request for /favicon.ico, which the app may not have.
    '<link rel="icon" href="data:,">\n<style>body { margin: 0; padding: 0; }</style>',
    `<div id="redoc"></div>
<script src="${asset('redoc.standalone.js')}"></script>
<script src="${asset(REDOC_INIT_SCRIPT)}"></script>`,
  );
}

/** File name of the Swagger UI init script, served beside the page's assets. */
export const SWAGGER_INIT_SCRIPT = 'swagger-ui-init.js';
/** File name of the ReDoc init script, served beside the page's assets. */
export const REDOC_INIT_SCRIPT = 'redoc-init.js';

/**
 * The Swagger UI init script. `openapiUrl` and `oauth2RedirectUrl` are relative to the script's
 * own URL (`<docsPath>/swagger-ui-init.js`), which does not depend on the page's trailing slash.
 * `BaseLayout` has no top bar and no online-validator badge; `validatorUrl: null` makes sure.
 */
export function swaggerUiInitScript(openapiUrl: string, oauth2RedirectUrl: string): string {
  return `'use strict';
(function () {
  var base = document.currentScript.src;
  window.ui = SwaggerUIBundle({
    url: new URL(${jsString(openapiUrl)}, base).href,
    oauth2RedirectUrl: new URL(${jsString(oauth2RedirectUrl)}, base).href,
    dom_id: '#swagger-ui',
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
    validatorUrl: null,
  });
})();
`;
}

/**
 * The ReDoc init script. `untrustedSpec` sanitises the Markdown/HTML of descriptions; the page's
 * policy keeps anything that slips through from running.
 */
export function redocInitScript(openapiUrl: string): string {
  return `'use strict';
(function () {
  var base = document.currentScript.src;
  Redoc.init(new URL(${jsString(openapiUrl)}, base).href, { untrustedSpec: true }, document.getElementById('redoc'));
})();
`;
}

/**
 * The docs pages' Content-Security-Policy: everything from the page's own origin, nothing else.
 * - no `upgrade-insecure-requests`: over plain HTTP it turns every asset request into a failing
 *   HTTPS one (helmet's default does, and a page policy replaces the app's);
 * - `img-src 'self' data:` stops ReDoc's sidebar logo from cdn.redoc.ly;
 * - `style-src 'unsafe-inline'`: both UIs set inline styles (React style attributes,
 *   styled-components `<style>` tags); scripts stay `'self'` only, no inline script at all;
 * - `worker-src blob:`: ReDoc runs its search index in a Worker built from a Blob;
 * - `connect-src` adds `extraConnectOrigins`, the origins of the document's absolute `servers`,
 *   so "Try it out" can reach them.
 */
export function docsContentSecurityPolicy(extraConnectOrigins: readonly string[] = []): string {
  const connect = ["'self'", ...extraConnectOrigins].join(' ');
  return [
    "default-src 'self'",
    "base-uri 'self'",
    `connect-src ${connect}`,
    "font-src 'self' data:",
    "form-action 'self'",
    "frame-ancestors 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "script-src 'self'",
    "script-src-attr 'none'",
    "style-src 'self' 'unsafe-inline'",
    "worker-src 'self' blob:",
  ].join('; ');
}

/** Origins of the absolute http(s) server URLs of a document (server URL templates skipped). */
export function serverOrigins(servers: unknown): string[] {
  if (!Array.isArray(servers)) return [];
  const origins = new Set<string>();
  for (const server of servers as unknown[]) {
    const url: unknown = typeof server === 'object' && server !== null ? (server as { url?: unknown }).url : undefined;
    if (typeof url !== 'string' || !/^https?:\/\//i.test(url) || url.includes('{')) continue;
    try {
      const { origin } = new URL(url);
      // Only plain host names and ports may reach the header (no `;` or spaces).
      if (/^https?:\/\/[A-Za-z0-9.[\]:-]+$/.test(origin)) origins.add(origin);
    } catch {
      // Not a URL the browser could call either: nothing to allow.
    }
  }
  return [...origins];
}
