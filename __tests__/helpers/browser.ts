// Launching the system's headless Chromium for the browser tests (playwright-core drives it).

import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';

/** A public-looking host name that Chromium alone resolves to 127.0.0.1 (see launchChromium). */
export const DOCS_HOST = 'docs.example.test';

/**
 * Debian's Chromium, quiet (no background requests of its own), with {@link DOCS_HOST} mapped to
 * 127.0.0.1: a page opened as `http://docs.example.test:<port>/` is served by a local server but
 * sees a real host name, not localhost (some behaviours of the docs pages differ on localhost).
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', `--host-resolver-rules=MAP ${DOCS_HOST} 127.0.0.1`,
    ],
  });
}
