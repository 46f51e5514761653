// Validates OpenAPI documents with @seriousme/openapi-schema-validator, a real OpenAPI 3.1 validator.
//
// The validator is ESM only, and Jest's CommonJS runtime on Node 20 can neither `require` nor
// `import()` it (no --experimental-vm-modules). So it runs in a worker thread, which is plain
// Node: one worker per test file, started on first use, reused, and stopped after the file.

import { Worker } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';

/** What the validator says about one document. */
export interface OpenApiValidation {
  readonly valid: boolean;
  /** The validator's errors (ajv error objects, or a message), present when not valid. */
  readonly errors?: unknown;
  /** The OpenAPI version it validated against, e.g. `'3.1'`. */
  readonly version?: string;
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
let validating = Promise.resolve();
parentPort.on('message', ({ id, json }) => {
  validating = validating.then(async () => {
    try {
      const { Validator } = await import(workerData.validatorUrl);
      const validator = new Validator();
      const result = await validator.validate(JSON.parse(json));
      parentPort.postMessage({ id, result: { valid: result.valid, errors: result.errors, version: validator.version } });
    } catch (err) {
      parentPort.postMessage({ id, error: String(err && err.stack || err) });
    }
  });
});
`;

interface Reply {
  readonly id: number;
  readonly result?: OpenApiValidation;
  readonly error?: string;
}

let worker: Worker | undefined;
let nextId = 0;
const pending = new Map<number, { resolve(v: OpenApiValidation): void; reject(e: Error): void }>();

function getWorker(): Worker {
  if (worker !== undefined) return worker;
  const validatorUrl = pathToFileURL(require.resolve('@seriousme/openapi-schema-validator')).href;
  const w = new Worker(WORKER_SOURCE, { eval: true, workerData: { validatorUrl } });
  w.on('message', (reply: Reply) => {
    const waiter = pending.get(reply.id);
    if (waiter === undefined) return;
    pending.delete(reply.id);
    if (reply.result !== undefined) waiter.resolve(reply.result);
    else waiter.reject(new Error(`OpenAPI validator failed: ${reply.error ?? 'no result'}`));
  });
  w.on('error', (err) => {
    for (const waiter of pending.values()) waiter.reject(err);
    pending.clear();
    worker = undefined;
  });
  w.unref();
  worker = w;
  return w;
}

// Stop the worker after the test file that imported this helper.
if (typeof afterAll === 'function') {
  afterAll(async () => {
    const w = worker;
    worker = undefined;
    if (w !== undefined) await w.terminate();
  });
}

/**
 * Validates `doc` (as JSON, the way it is served) against the OpenAPI schema of its version.
 * Never throws for an invalid document: see {@link expectValidOpenApi} for the assertion.
 */
export function validateOpenApi(doc: unknown): Promise<OpenApiValidation> {
  const json = JSON.stringify(doc);
  if (json === undefined) return Promise.resolve({ valid: false, errors: 'not a JSON value' });
  const id = nextId++;
  return new Promise<OpenApiValidation>((resolve, reject) => {
    pending.set(id, { resolve, reject });
    getWorker().postMessage({ id, json });
  });
}

/**
 * Fails the test, printing the validator's errors, unless `doc` is a valid OpenAPI 3.1
 * document. Every document a test produces goes through this.
 *
 * @example
 * await expectValidOpenApi(api.openapi());
 */
export async function expectValidOpenApi(doc: unknown): Promise<void> {
  const result = await validateOpenApi(doc);
  if (!result.valid) {
    throw new Error(`Invalid OpenAPI document:\n${JSON.stringify(result.errors, null, 2)}`);
  }
  if (result.version !== '3.1') {
    throw new Error(`Expected an OpenAPI 3.1 document, the validator saw version ${String(result.version)}`);
  }
}
