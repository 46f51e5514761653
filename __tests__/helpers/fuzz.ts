// fast-check run parameters shared by the fuzz suites.

import type fc from 'fast-check';

/**
 * `numRuns` (the `FUZZ_RUNS` environment variable overrides it), and `FUZZ_SEED` / `FUZZ_PATH`
 * to replay a reported failure.
 */
export function fuzzParameters(numRuns: number): fc.Parameters<unknown> {
  const env = process.env;
  return {
    numRuns: Number(env['FUZZ_RUNS'] ?? numRuns),
    ...(env['FUZZ_SEED'] === undefined ? {} : { seed: Number(env['FUZZ_SEED']) }),
    ...(env['FUZZ_PATH'] === undefined ? {} : { path: env['FUZZ_PATH'] }),
  };
}
