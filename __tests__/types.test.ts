// Compiles (never runs) the type tests in __tests__/types with TypeScript 5.9, 6 and 7, against
// the built package, as a user's project would; and checks that editors flag the deprecated names.

import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '..');
const TYPES_DIR = path.join(__dirname, 'types');
const PROJECT = path.join(TYPES_DIR, 'tsconfig.json');

const COMPILERS: ReadonlyArray<readonly [name: string, bin: string, version: string]> = [
  ['TypeScript 6', 'node_modules/typescript/bin/tsc', '6.0.'],
  ['TypeScript 7', 'node_modules/typescript7/bin/tsc', '7.0.'],
  ['TypeScript 5.9', 'node_modules/typescript59/bin/tsc', '5.9.'],
];

interface Run {
  readonly code: number | null;
  readonly output: string;
}

/** Runs a compiler's `tsc` script with the current Node and collects its exit code and output. */
function runTsc(bin: string, args: readonly string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: ROOT });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

beforeAll(() => {
  // The type tests import 'express-status-routes', which resolves to dist/ through `exports`.
  if (!existsSync(path.join(ROOT, 'dist', 'index.d.ts'))) {
    throw new Error('dist/index.d.ts is missing: run `npm run build` before the type tests');
  }
});

describe.each(COMPILERS)('%s', (_name, bin, version) => {
  it('is the expected compiler', async () => {
    const run = await runTsc(bin, ['--version']);
    expect(run.output).toContain(`Version ${version}`);
  });

  it('compiles __tests__/types with no error (each @ts-expect-error is needed)', async () => {
    const run = await runTsc(bin, ['-p', PROJECT, '--pretty', 'false']);
    expect(run).toEqual({ code: 0, output: '' });
  }, 120_000);
});

describe('deprecated aliases', () => {
  it('are reported as deprecated to editors, and their RFC 9110 names are not', () => {
    const config = ts.getParsedCommandLineOfConfigFile(PROJECT, {}, {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); },
    });
    if (config === undefined) throw new Error(`Cannot read ${PROJECT}`);
    const file = path.join(TYPES_DIR, 'deprecated.ts');
    const service = ts.createLanguageService({
      getScriptFileNames: () => [file],
      getScriptVersion: () => '1',
      getScriptSnapshot: (name) => existsSync(name) ? ts.ScriptSnapshot.fromString(readFileSync(name, 'utf8')) : undefined,
      getCurrentDirectory: () => ROOT,
      getCompilationSettings: () => config.options,
      getDefaultLibFileName: (options) => ts.getDefaultLibFilePath(options),
      fileExists: ts.sys.fileExists,
      readFile: ts.sys.readFile,
      readDirectory: ts.sys.readDirectory,
      directoryExists: ts.sys.directoryExists,
      getDirectories: ts.sys.getDirectories,
    });
    const source = service.getProgram()?.getSourceFile(file);
    if (source === undefined) throw new Error(`Cannot load ${file}`);
    const flagged = service.getSuggestionDiagnostics(file)
      .filter((d) => d.reportsDeprecated !== undefined)
      .map((d) => source.text.slice(d.start, (d.start ?? 0) + (d.length ?? 0)));
    expect(flagged.sort()).toEqual([
      'HTTP_413_REQUEST_ENTITY_TOO_LARGE',
      'HTTP_414_REQUEST_URI_TOO_LONG',
      'HTTP_416_REQUESTED_RANGE_NOT_SATISFIABLE',
      'HTTP_422_UNPROCESSABLE_ENTITY',
      'REQUESTED_RANGE_NOT_SATISFIABLE',
      'REQUEST_ENTITY_TOO_LARGE',
      'REQUEST_URI_TOO_LONG',
      'UNPROCESSABLE_ENTITY',
    ]);
    expect(service.getSemanticDiagnostics(file)).toEqual([]);
  });
});
