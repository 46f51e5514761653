// The package as users install it: `npm pack`, the tarball installed in throwaway Express 5 and
// Express 4 projects, then required, imported and type-checked there; publint and attw on the tarball.

import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const FIXTURES = path.join(__dirname, 'packaging');
const PUBLINT = path.join(ROOT, 'node_modules', '.bin', 'publint');
const ATTW = path.join(ROOT, 'node_modules', '.bin', 'attw');
const TSC7 = path.join(ROOT, 'node_modules', 'typescript7', 'bin', 'tsc');

/** Each throwaway project: the Express major it installs, and its matching @types/express. */
const PROJECTS: ReadonlyArray<readonly [major: 4 | 5, express: string, types: string]> = [
  [5, 'express@^5', '@types/express@^5'],
  [4, 'express@^4.21', '@types/express@^4'],
];

const INSTALL_TIMEOUT = 150_000;
const SCRIPT_TIMEOUT = 30_000;
const TSC_TIMEOUT = 60_000;

// Installing from the registry dominates; a warm npm cache takes seconds, a cold one a minute.
jest.setTimeout(120_000);

interface Run {
  readonly label: string;
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly timedOut: boolean;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * The environment for a child: without the `npm_*` variables that `npm test` sets, so that
 * `npm install` in a throwaway project never reads `npm_config_local_prefix` (this repository).
 */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^npm_/i.test(key) && key !== 'INIT_CWD') env[key] = value;
  }
  return { ...env, NO_COLOR: '1', FORCE_COLOR: '0', NO_UPDATE_NOTIFIER: '1' };
}

/** Runs a command to completion (killed after `timeout` ms) and collects its exit and output. */
function run(command: string, args: readonly string[], cwd: string, timeout: number): Promise<Run> {
  const label = `${path.basename(command)} ${args.join(' ')} (in ${cwd})`;
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeout);
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`${label}: ${err.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ label, code, signal, timedOut, stdout, stderr });
    });
  });
}

/** A child's exit and output, for a failure message. */
function report(r: Run): string {
  const exit = r.timedOut ? 'timed out' : r.signal !== null ? `killed by ${r.signal}` : `exit code ${String(r.code)}`;
  return `${r.label}: ${exit}\n--- stdout ---\n${r.stdout.trimEnd()}\n--- stderr ---\n${r.stderr.trimEnd()}`;
}

/** Throws, with the child's output, unless it exited 0. */
function expectSuccess(r: Run): void {
  if (r.code !== 0 || r.timedOut) throw new Error(`expected success\n${report(r)}`);
}

/** Runs `assertions`; when one fails, its message gets the child's exit and output appended. */
function withOutput(r: Run, assertions: () => void): void {
  try {
    assertions();
  } catch (err) {
    if (err instanceof Error) err.message += `\n\n${report(r)}`;
    throw err;
  }
}

interface Asset {
  readonly path: string;
  readonly status: number | null;
  readonly bytes: number | null;
}

interface Page {
  readonly status: number;
  readonly contentType: string | null;
  readonly html: string;
  readonly assets: readonly Asset[];
}

/** What __tests__/packaging/exercise.cjs prints after its requests (`RESULT {...}`). */
interface SmokeResult {
  readonly via: string;
  readonly express: string;
  readonly packageFile: string;
  readonly packageVersion: string;
  readonly deepImport: string;
  readonly exportNames: readonly string[];
  readonly requireNames: readonly string[];
  readonly post: { readonly status: number; readonly contentType: string | null; readonly body: unknown };
  readonly delete: {
    readonly status: number;
    readonly contentType: string | null;
    readonly contentLength: string | null;
    readonly body: string;
  };
  readonly openapi: {
    readonly status: number;
    readonly contentType: string | null;
    readonly text?: string;
    readonly version?: string;
    readonly title?: string;
    readonly postResponses: readonly string[];
    readonly deleteResponses: readonly string[];
  };
  readonly docs: Page;
  readonly redoc: Page;
}

/** The `RESULT` line of a smoke script, parsed; throws with the child's output when there is none. */
function smokeResult(r: Run): SmokeResult {
  const line = r.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (r.code !== 0 || r.timedOut || line === undefined) throw new Error(`no RESULT line\n${report(r)}`);
  return JSON.parse(line.slice('RESULT '.length)) as SmokeResult;
}

interface Packed {
  readonly tarball: string;
  readonly files: readonly string[];
}

let work = '';
let packed: Packed | undefined;
const projects = new Map<4 | 5, string>();

function tarball(): Packed {
  if (packed === undefined) throw new Error('npm pack did not run (see the beforeAll error)');
  return packed;
}

function project(major: 4 | 5): string {
  const dir = projects.get(major);
  if (dir === undefined) throw new Error(`the Express ${major} project was not installed (see the beforeAll error)`);
  return dir;
}

/** `npm pack` of the repository into `dest`: the tarball's path and its file list, from npm itself. */
async function pack(dest: string): Promise<Packed> {
  const r = await run('npm', ['pack', '--pack-destination', dest, '--json'], ROOT, 60_000);
  expectSuccess(r);
  // Lifecycle scripts (prepack, if one is ever added) print before the JSON.
  const json = r.stdout.slice(r.stdout.search(/^\[/m));
  const [entry] = JSON.parse(json) as Array<{ filename: string; files: Array<{ path: string }> }>;
  if (entry === undefined) throw new Error(`npm pack printed no package\n${report(r)}`);
  return { tarball: path.join(dest, entry.filename), files: entry.files.map((f) => f.path).sort() };
}

/** A throwaway project with the tarball, Express, TypeScript 5.9 and the types, plus the fixtures. */
async function installProject(major: 4 | 5, expressSpec: string, typesSpec: string, tgz: string): Promise<string> {
  const dir = path.join(work, `express${major}`);
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ name: `esr-packaging-express${major}`, private: true }, null, 2)}\n`);
  const r = await run('npm', [
    'install', '--no-audit', '--no-fund', '--prefer-offline', '--no-package-lock',
    tgz, expressSpec, 'typescript@~5.9.0', typesSpec, '@types/node@^20',
  ], dir, INSTALL_TIMEOUT);
  expectSuccess(r);
  for (const file of ['exercise.cjs', 'smoke.cjs', 'smoke.mjs', 'tsconfig.node16.json', 'tsconfig.bundler.json']) {
    copyFileSync(path.join(FIXTURES, file), path.join(dir, file));
  }
  copyFileSync(path.join(FIXTURES, 'usage.ts.txt'), path.join(dir, 'usage.ts'));
  return realpathSync(dir);
}

beforeAll(async () => {
  const missing = ['dist/index.js', 'dist/index.d.ts'].filter((file) => !existsSync(path.join(ROOT, file)));
  if (missing.length > 0) {
    throw new Error(`${missing.join(', ')} missing: run \`npm run build\` before the packaging test (\`npm test\` does)`);
  }
  work = mkdtempSync(path.join(os.tmpdir(), 'esr-packaging-'));
  packed = await pack(work);
  const tgz = packed.tarball;
  // Both projects install at once; each has its own node_modules and shares npm's cache.
  const dirs = await Promise.all(PROJECTS.map(([major, expressSpec, typesSpec]) =>
    installProject(major, expressSpec, typesSpec, tgz).then((dir) => [major, dir] as const)));
  for (const [major, dir] of dirs) projects.set(major, dir);
}, 2 * INSTALL_TIMEOUT);

afterAll(() => {
  if (work !== '' && process.env['KEEP_PACKAGING_TMP'] === undefined) rmSync(work, { recursive: true, force: true });
});

describe('the tarball', () => {
  it('holds the build, its ReDoc bundle, README and LICENSE', () => {
    const required = [
      'LICENSE',
      'README.md',
      'package.json',
      'dist/index.js',
      'dist/index.d.ts',
      'dist/assets/redoc.standalone.js',
      'dist/assets/redoc.standalone.js.LICENSE.txt',
      'dist/assets/redoc.LICENSE',
    ];
    expect(required.filter((file) => !tarball().files.includes(file))).toEqual([]);
  });

  it('holds nothing from development: tests, fixtures, tarballs, node_modules, configs', () => {
    // Allowed: dist/ (the build), lib/*.ts (the sources its maps point at), README, LICENSE.
    const unexpected = tarball().files.filter((file) =>
      !/^dist\//.test(file) && !/^lib\/[^/]+\.ts$/.test(file) && !['LICENSE', 'README.md', 'package.json'].includes(file));
    expect(unexpected).toEqual([]);
    expect(tarball().files.filter((file) => /(^|\/)(__tests__|node_modules)\/|\.tgz$|\.test\.[jt]s$/.test(file))).toEqual([]);
  });

  it('has every .d.ts beside its .js, so each compiled module has its types', () => {
    const files = new Set(tarball().files);
    const untyped = [...files].filter((f) => /^dist\/.*\.js$/.test(f) && !/^dist\/assets\//.test(f))
      .filter((f) => !files.has(f.replace(/\.js$/, '.d.ts')));
    expect(untyped).toEqual([]);
  });

  it("ships the sources its source maps point at (or no maps): an editor's go-to-definition and stack traces resolve", () => {
    const files = new Set(tarball().files);
    const dangling: string[] = [];
    for (const map of [...files].filter((f) => f.endsWith('.map'))) {
      const { sources } = JSON.parse(readFileSync(path.join(ROOT, map), 'utf8')) as { sources: string[] };
      for (const source of sources) {
        const target = path.posix.join(path.posix.dirname(map), source);
        if (!files.has(target)) dangling.push(`${map} -> ${target}`);
      }
    }
    if (dangling.length > 0) {
      throw new Error(
        `${dangling.length} source map entries point at files the tarball lacks. Ship the sources ` +
        '(package.json "files": add "lib") or build without maps (tsconfig.build.json: ' +
        `"sourceMap": false, "declarationMap": false):\n${dangling.join('\n')}`,
      );
    }
  });
});

describe('package.json linters on the tarball', () => {
  it('publint reports no error or warning', async () => {
    const r = await run(PUBLINT, ['run', tarball().tarball, '--strict'], ROOT, 60_000);
    withOutput(r, () => {
      expect(r.code).toBe(0);
      expect(r.stdout).not.toMatch(/^(Errors|Warnings):/m);
    });
  });

  it('attw (strict profile: node10, node16 from CJS and ESM, bundler) finds no problem', async () => {
    // The strict profile also checks node10 (`main` + `types`), which the package supports; ESM
    // importing this CommonJS build resolves too (attw's "named-exports" rule would flag it if not).
    const r = await run(ATTW, [tarball().tarball, '--format', 'json', '--profile', 'strict'], ROOT, 60_000);
    withOutput(r, () => {
      const out = JSON.parse(r.stdout) as { analysis: { problems: unknown[]; entrypoints: Record<string, unknown> } };
      expect(out.analysis.problems).toEqual([]);
      expect(Object.keys(out.analysis.entrypoints)).toEqual(expect.arrayContaining(['.', './package.json']));
      expect(r.code).toBe(0);
    });
  });
});

describe.each(PROJECTS)('in a project with Express %s', (major) => {
  it.each([
    ['smoke.cjs', 'require'],
    ['smoke.mjs', 'import'],
  ])('%s (%s): the declared statuses on the wire, /openapi.json, /docs and /redoc with their assets', async (script, via) => {
    const dir = project(major);
    const r = await run(process.execPath, [script], dir, SCRIPT_TIMEOUT);
    const result = smokeResult(r);
    withOutput(r, () => {
      expect(result.via).toBe(via);
      expect(result.express.split('.')[0]).toBe(String(major));
      // The installed copy, not this repository.
      expect(result.packageFile).toBe(path.join(dir, 'node_modules', 'express-status-routes', 'dist', 'index.js'));
      expect(result.packageVersion).toBe((JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version);
      expect(result.deepImport).toBe('ERR_PACKAGE_PATH_NOT_EXPORTED');

      // Every CommonJS export is a named ESM export too (Node's cjs-module-lexer finds them).
      expect(result.requireNames).toEqual(expect.arrayContaining(['createApi', 'status', 'HttpStatus', 'isBodyAllowed', 'noBodyGuard', 'Registry']));
      expect(result.exportNames).toEqual(expect.arrayContaining([...result.requireNames]));

      expect(result.post).toEqual({ status: 201, contentType: 'application/json; charset=utf-8', body: { id: 1, name: 'widget' } });
      expect(result.delete).toEqual({ status: 204, contentType: null, contentLength: null, body: '' });

      expect(result.openapi).toMatchObject({ status: 200, version: '3.1.0', title: 'Packaging' });
      expect(result.openapi.contentType).toMatch(/^application\/json/);
      expect(result.openapi.postResponses).toContain('201');
      expect(result.openapi.postResponses).not.toContain('200');
      expect(result.openapi.deleteResponses).toContain('204');

      for (const [name, page, bundle] of [['docs', result.docs, 'swagger-ui-bundle.js'], ['redoc', result.redoc, 'redoc.standalone.js']] as const) {
        expect({ name, status: page.status, contentType: page.contentType }).toEqual({ name, status: 200, contentType: 'text/html; charset=utf-8' });
        expect(page.html).toMatch(/^<!DOCTYPE html>/i);
        expect(page.assets.map((a) => a.path)).toContain(`/${name}/${bundle}`);
        // Served by the app itself, every one of them, with a body.
        for (const asset of page.assets) expect({ ...asset, ok: asset.status === 200 && (asset.bytes ?? 0) > 0 }).toMatchObject({ ok: true });
      }
      const redocBundle = result.redoc.assets.find((a) => a.path === '/redoc/redoc.standalone.js');
      expect(redocBundle?.bytes).toBeGreaterThan(100_000);
    });
  });

  it.each([
    ['node16', 'tsconfig.node16.json'],
    ['bundler', 'tsconfig.bundler.json'],
  ])('type-checks usage.ts with TypeScript 5.9, %s resolution (each @ts-expect-error needed)', async (_name, tsconfig) => {
    const dir = project(major);
    const tsc = path.join(dir, 'node_modules', 'typescript', 'bin', 'tsc');
    const version = await run(process.execPath, [tsc, '--version'], dir, TSC_TIMEOUT);
    withOutput(version, () => expect(version.stdout).toMatch(/^Version 5\.9\./));
    expectSuccess(await run(process.execPath, [tsc, '-p', tsconfig, '--pretty', 'false'], dir, TSC_TIMEOUT));
  });

  it('type-checks usage.ts with TypeScript 7, node16 resolution', async () => {
    const dir = project(major);
    const version = await run(process.execPath, [TSC7, '--version'], dir, TSC_TIMEOUT);
    withOutput(version, () => expect(version.stdout).toMatch(/^Version 7\./));
    expectSuccess(await run(process.execPath, [TSC7, '-p', 'tsconfig.node16.json', '--pretty', 'false'], dir, TSC_TIMEOUT));
  });
});
