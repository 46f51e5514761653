'use strict';
// Where the declared route's extra CPU goes: runs one bare and one declared server (the same
// server mode as bench/route-overhead.js) under `node --cpu-prof`, pinned to core 1, loaded
// one after the other from core 0, and prints the share of samples spent in the library's
// functions (self time, and inclusive time of the wrappers) next to the bare server's profile.
//
// Usage: npm run build && node bench/route-profile.js [--express 5] [--scenario 200]
//          [--seconds 8] [--interval 50] [--top 25] [--dist path/to/dist]

const path = require('node:path');
const fs = require('node:fs');
const os = require('node:os');
const { spawn } = require('node:child_process');

const ROOT = path.join(__dirname, '..');
const OVERHEAD = path.join(__dirname, 'route-overhead.js');

const argv = process.argv.slice(2);
function arg(name, fallback) {
  const i = argv.indexOf(`--${name}`);
  return i === -1 ? fallback : argv[i + 1];
}
const EXPRESS = Number(arg('express', '5'));
const SCENARIO = arg('scenario', '200');
const SECONDS = Number(arg('seconds', '8'));
const INTERVAL = Number(arg('interval', '50')); // µs
const TOP = Number(arg('top', '25'));
const DIST = path.resolve(arg('dist', path.join(ROOT, 'dist')));
const METHOD = SCENARIO === '201' ? 'POST' : 'GET';

function once(child, pred) {
  return new Promise((resolve, reject) => {
    const on = (m) => { if (pred(m)) { child.off('message', on); resolve(m); } };
    child.on('message', on);
    child.once('exit', (c) => reject(new Error(`exited ${c}`)));
  });
}

async function profileOne(variant, dir) {
  const child = spawn('taskset', ['-c', '1', process.execPath, '--cpu-prof', `--cpu-prof-dir=${dir}`,
    `--cpu-prof-interval=${INTERVAL}`, OVERHEAD, '--server',
    JSON.stringify({ express: EXPRESS, scenario: SCENARIO, variant, dist: DIST })], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    cwd: ROOT,
    env: { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules') },
  });
  const { port } = await once(child, (m) => m && m.port);
  const loader = spawn('taskset', ['-c', '0', process.execPath, '-e', `
    require('autocannon')({ url: 'http://127.0.0.1:${port}/r', method: '${METHOD}', connections: 50,
      duration: ${SECONDS} }).then((r) => { console.log(JSON.stringify({ rps: r.requests.average })); });
  `], { stdio: ['ignore', 'pipe', 'inherit'], cwd: ROOT });
  let out = '';
  loader.stdout.on('data', (d) => { out += d; });
  await new Promise((r) => loader.once('exit', r));
  const exited = new Promise((r) => child.once('exit', r));
  child.send('exit');
  await exited;
  const file = fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  return { profile: JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')), load: out.trim() };
}

function analyse(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  for (const id of profile.samples) self.set(id, (self.get(id) ?? 0) + 1);
  const total = profile.samples.length;
  const key = (n) => {
    const f = n.callFrame;
    const file = f.url ? path.basename(f.url) : '';
    return `${f.functionName || '(anonymous)'} ${file}${f.url ? ':' + (f.lineNumber + 1) : ''}`;
  };
  const selfByFn = new Map();
  const inclByFn = new Map();
  // Inclusive: samples whose stack contains the function (counted once per stack).
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  for (const [id, count] of self) {
    const k = key(byId.get(id));
    selfByFn.set(k, (selfByFn.get(k) ?? 0) + count);
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const kk = key(byId.get(cur));
      if (seen.has(kk)) continue;
      seen.add(kk);
      inclByFn.set(kk, (inclByFn.get(kk) ?? 0) + count);
    }
  }
  return { total, selfByFn, inclByFn };
}

const pct = (n, t) => `${((100 * n) / t).toFixed(2)}%`;

(async () => {
  const results = {};
  for (const variant of ['bare', 'declared']) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `route-profile-${variant}-`));
    const { profile, load } = await profileOne(variant, dir);
    fs.rmSync(dir, { recursive: true, force: true });
    results[variant] = analyse(profile);
    console.log(`\n== ${variant}: Express ${EXPRESS}, scenario ${SCENARIO}, ${results[variant].total} samples, load ${load}`);
    const top = [...results[variant].selfByFn].sort((a, b) => b[1] - a[1]).slice(0, TOP);
    for (const [k, v] of top) console.log(`  self ${pct(v, results[variant].total).padStart(7)}  ${k}`);
  }
  const d = results.declared;
  const lib = (k) => /(response-guard|route|api|no-body-guard)\.js:/.test(k);
  console.log('\n== declared: library functions (share of all samples)');
  const rows = [...d.inclByFn.keys()].filter(lib).map((k) => [k, d.selfByFn.get(k) ?? 0, d.inclByFn.get(k)]);
  rows.sort((a, b) => b[2] - a[2]);
  for (const [k, s, i] of rows) console.log(`  self ${pct(s, d.total).padStart(7)}  incl ${pct(i, d.total).padStart(7)}  ${k}`);
  const libSelf = rows.reduce((a, r) => a + r[1], 0);
  console.log(`  library self time in total: ${pct(libSelf, d.total)}`);
  console.log('\n== functions whose self share differs most (declared - bare, percentage points)');
  const keys = new Set([...d.selfByFn.keys(), ...results.bare.selfByFn.keys()]);
  const diffs = [...keys].map((k) => [k, (100 * (d.selfByFn.get(k) ?? 0)) / d.total -
    (100 * (results.bare.selfByFn.get(k) ?? 0)) / results.bare.total]);
  diffs.sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]));
  for (const [k, v] of diffs.slice(0, TOP)) console.log(`  ${v >= 0 ? '+' : ''}${v.toFixed(2).padStart(6)} pp  ${k}`);
})().catch((e) => { console.error(e); process.exit(1); });
