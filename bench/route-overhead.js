'use strict';
// Route wrapper overhead: server CPU per request (and req/s) of a route declared through
// createApi, relative to the same handler on bare Express. Express 4 and 5.
//
// Usage: npm run build && node bench/route-overhead.js [--rounds 10] [--quick]
//          [--express 4,5] [--scenarios 200,204,204json,201,aa] [--connections 50]
//          [--warmup 1] [--measure 3.5] [--json results.json] [--dist path/to/dist]
//
// Default: 10 rounds x 2 Express majors x 4 configurations (200, 204, 204json, A/A), about
// 8 minutes; --quick: 3 rounds, 0.5 s warm-up, 1.5 s measured, about 1.5 minutes.
//
// Method (see /work/shared/PERF-FACTS.md and bench/README.md): on a noisy 2-core machine,
// back-to-back runs of one server differ by ~10%, so every round starts two FRESH server
// processes (bare and declared), both pinned to core 1 (`taskset -c 1`), and loads them AT THE
// SAME TIME from two load processes pinned to core 0 (autocannon, programmatic API). Both
// servers see the same neighbour noise, so the ratio declared/bare of their CPU per request
// (process.cpuUsage() delta / requests, warm-up excluded) and of their req/s is stable even
// when the absolute figures are not. Which server is spawned first, and which load process
// drives which server, alternate between rounds. Configurations are interleaved within each
// round so slow drift affects all of them alike. An A/A control (bare vs bare) gives the noise
// floor. Reported: median, min and max of the per-round ratios.
//
// Modes (internal): `--server <json>` runs one server; `--load` runs one load generator.

const path = require('node:path');
const { spawn, execFileSync } = require('node:child_process');
const http = require('node:http');

const SCRIPT = __filename;
const ROOT = path.join(__dirname, '..');

// ---------------------------------------------------------------------------------------------
// Scenarios: what each server declares. `bare` and `declared` have the same handler body.
// ---------------------------------------------------------------------------------------------
const SCENARIOS = {
  200: {
    title: '200 `res.json({ok:true})`',
    method: 'GET',
    path: '/r',
    expect: 200,
    bare: (app) => app.get('/r', (req, res) => res.json({ ok: true })),
    declared: (api) => api.get('/r', (req, res) => res.json({ ok: true })),
  },
  204: {
    title: '204 `res.end()` (bare: `res.status(204).end()`)',
    method: 'GET',
    path: '/r',
    expect: 204,
    bare: (app) => app.get('/r', (req, res) => res.status(204).end()),
    declared: (api) => api.get('/r', { statusCode: 204 }, (req, res) => res.end()),
  },
  '204json': {
    title: '204 handler still calls `res.json({ok:true})` (bare: `res.status(204).json(...)`)',
    method: 'GET',
    path: '/r',
    expect: 204,
    bare: (app) => app.get('/r', (req, res) => res.status(204).json({ ok: true })),
    declared: (api) => api.get('/r', { statusCode: 204 }, (req, res) => res.json({ ok: true })),
  },
  201: {
    title: '201 POST, returned value (bare: `res.status(201).json(...)`)',
    method: 'POST',
    path: '/r',
    expect: 201,
    bare: (app) => app.post('/r', (req, res) => res.status(201).json({ ok: true })),
    declared: (api) => api.post('/r', { statusCode: 201 }, () => ({ ok: true })),
  },
  aa: {
    title: 'A/A control: bare vs bare, 200 `res.json({ok:true})`',
    method: 'GET',
    path: '/r',
    expect: 200,
    bare: (app) => app.get('/r', (req, res) => res.json({ ok: true })),
    declared: null, // the "declared" slot runs a second bare server
  },
};

// ---------------------------------------------------------------------------------------------
// Server mode
// ---------------------------------------------------------------------------------------------
function runServer(cfg) {
  const express = require(cfg.express === 4 ? 'express4' : 'express');
  const scenario = SCENARIOS[cfg.scenario];
  const app = express();
  if (cfg.variant === 'declared' && scenario.declared !== null) {
    const { createApi } = require(cfg.dist);
    scenario.declared(createApi(app));
  } else {
    scenario.bare(app);
  }
  let count = 0;
  const server = http.createServer((req, res) => {
    count++;
    app(req, res);
  });
  let t0 = 0n;
  let c0 = null;
  let n0 = 0;
  process.on('message', (msg) => {
    if (msg === 'start') {
      n0 = count;
      c0 = process.cpuUsage();
      t0 = process.hrtime.bigint();
    } else if (msg === 'stop') {
      const cpu = process.cpuUsage(c0);
      const t1 = process.hrtime.bigint();
      const n = count - n0;
      process.send({
        requests: n,
        seconds: Number(t1 - t0) / 1e9,
        cpuUser: cpu.user,
        cpuSystem: cpu.system,
      });
    } else if (msg === 'exit') {
      server.close();
      process.exit(0);
    }
  });
  process.on('disconnect', () => process.exit(0));
  server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
}

// ---------------------------------------------------------------------------------------------
// Load mode: one long-lived autocannon process per load slot (servers are the fresh ones).
// ---------------------------------------------------------------------------------------------
function runLoad() {
  const autocannon = require('autocannon');
  process.on('message', async (job) => {
    if (job === 'exit') process.exit(0);
    try {
      const r = await autocannon({
        url: job.url,
        method: job.method,
        connections: job.connections,
        duration: job.duration,
      });
      process.send({
        requests: r.requests.total,
        non2xx: r.non2xx,
        errors: r.errors,
        timeouts: r.timeouts,
      });
    } catch (err) {
      process.send({ error: String(err && err.stack || err) });
    }
  });
  process.on('disconnect', () => process.exit(0));
  process.send({ ready: true });
}

// ---------------------------------------------------------------------------------------------
// Driver
// ---------------------------------------------------------------------------------------------
function parseArgs(argv) {
  const opts = {
    rounds: 10,
    express: [4, 5],
    scenarios: ['200', '204', '204json', 'aa'],
    connections: 50,
    warmup: 1,
    measure: 3.5,
    json: null,
    dist: null,
    quick: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => argv[++i];
    if (a === '--quick') opts.quick = true;
    else if (a === '--rounds') opts.rounds = Number(next());
    else if (a === '--express') opts.express = next().split(',').map(Number);
    else if (a === '--scenarios') opts.scenarios = next().split(',');
    else if (a === '--connections') opts.connections = Number(next());
    else if (a === '--warmup') opts.warmup = Number(next());
    else if (a === '--measure') opts.measure = Number(next());
    else if (a === '--json') opts.json = next();
    else if (a === '--dist') opts.dist = path.resolve(next());
    else throw new Error(`unknown argument ${a}`);
  }
  if (opts.quick) {
    if (!argv.includes('--rounds')) opts.rounds = 3;
    if (!argv.includes('--warmup')) opts.warmup = 0.5;
    if (!argv.includes('--measure')) opts.measure = 1.5;
  }
  for (const s of opts.scenarios) if (!SCENARIOS[s]) throw new Error(`unknown scenario ${s}`);
  return opts;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function once(child, predicate = () => true) {
  return new Promise((resolve, reject) => {
    const onMsg = (m) => {
      if (!predicate(m)) return;
      child.off('message', onMsg);
      child.off('exit', onExit);
      resolve(m);
    };
    const onExit = (code) => {
      child.off('message', onMsg);
      reject(new Error(`child exited (${code}) before replying`));
    };
    child.on('message', onMsg);
    child.once('exit', onExit);
  });
}

function spawnPinned(core, args) {
  return spawn('taskset', ['-c', String(core), process.execPath, SCRIPT, ...args], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    cwd: ROOT,
    env: { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules') },
  });
}

function snapshotDist() {
  const fs = require('node:fs');
  const os = require('node:os');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'route-overhead-'));
  const dest = path.join(dir, 'dist');
  fs.cpSync(path.join(ROOT, 'dist'), dest, { recursive: true });
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  return dest;
}

function hashDir(dir) {
  const fs = require('node:fs');
  const h = require('node:crypto').createHash('sha1');
  for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.js')).sort()) {
    h.update(f).update(fs.readFileSync(path.join(dir, f)));
  }
  return h.digest('hex').slice(0, 12);
}

async function startServer(express, scenario, variant, dist) {
  const child = spawnPinned(1, ['--server', JSON.stringify({ express, scenario, variant, dist })]);
  const { port } = await once(child, (m) => m && m.port);
  return { child, port };
}

function request(port, method, urlPath) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: urlPath, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function sanityCheck(server, express, scenarioName, variant) {
  const sc = SCENARIOS[scenarioName];
  const r = await request(server.port, sc.method, sc.path);
  const okBody = sc.expect === 204 ? r.body === '' : r.body === '{"ok":true}';
  if (r.status !== sc.expect || !okBody) {
    throw new Error(`sanity check failed: express ${express} ${scenarioName} ${variant}: ` +
      `${r.status} ${JSON.stringify(r.body)}`);
  }
}

async function loadRound(loaders, servers, sc, opts) {
  // Both load processes start together; both servers measure the same window.
  const dur = opts.warmup + opts.measure + 0.25;
  const done = loaders.map((l, i) => {
    const p = once(l, (m) => m && (m.requests !== undefined || m.error));
    l.send({
      url: `http://127.0.0.1:${servers[i].port}${sc.path}`,
      method: sc.method,
      connections: opts.connections,
      duration: dur,
    });
    return p;
  });
  await sleep(opts.warmup * 1000);
  for (const s of servers) s.child.send('start');
  await sleep(opts.measure * 1000);
  const stats = servers.map((s) => once(s.child, (m) => m && m.requests !== undefined));
  for (const s of servers) s.child.send('stop');
  const measured = await Promise.all(stats);
  const loads = await Promise.all(done);
  for (const l of loads) {
    if (l.error) throw new Error(l.error);
    if (l.errors || l.non2xx || l.timeouts) {
      throw new Error(`load errors: ${JSON.stringify(l)}`);
    }
  }
  return measured;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function fmt(x, d = 3) { return x.toFixed(d); }

async function drive(opts) {
  const cores = require('node:os').availableParallelism();
  // Keep the driver itself off the servers' core.
  try { execFileSync('taskset', ['-p', '-c', '0', String(process.pid)], { stdio: 'ignore' }); } catch {}
  const configs = [];
  for (const express of opts.express) {
    for (const scenario of opts.scenarios) configs.push({ express, scenario, rounds: [] });
  }
  const ev = require('express/package.json').version;
  const e4 = require('express4/package.json').version;
  console.log(`node ${process.version}, nproc ${cores}, ` +
    `express ${ev} / ${e4}, autocannon ${require('autocannon/package.json').version}`);
  console.log(`rounds ${opts.rounds}, ${opts.connections} connections per server, ` +
    `warm-up ${opts.warmup} s, measured ${opts.measure} s; servers on core 1, load on core 0`);

  // Snapshot dist/ so a rebuild by someone else mid-run cannot change what later rounds load;
  // bare requires (swagger-ui-express, ...) still resolve through NODE_PATH.
  const dist = opts.dist ?? snapshotDist();
  const distHash = hashDir(dist);
  console.log(`library: ${dist} (${opts.dist ? '' : 'copy of dist/, '}sha1 of *.js ${distHash})`);

  const loaders = [spawnPinned(0, ['--load']), spawnPinned(0, ['--load'])];
  await Promise.all(loaders.map((l) => once(l, (m) => m && m.ready)));

  const started = Date.now();
  try {
    for (let round = 0; round < opts.rounds; round++) {
      for (const cfg of configs) {
        const sc = SCENARIOS[cfg.scenario];
        const declaredFirst = (round + configs.indexOf(cfg)) % 2 === 1;
        const order = declaredFirst ? ['declared', 'bare'] : ['bare', 'declared'];
        // Both spawned together; which spawn call goes first alternates.
        const started2 = order.map((v) => startServer(cfg.express, cfg.scenario, v, dist));
        const byVariant = { [order[0]]: await started2[0], [order[1]]: await started2[1] };
        const servers = [byVariant.bare, byVariant.declared];
        try {
          if (round === 0) {
            await sanityCheck(servers[0], cfg.express, cfg.scenario, 'bare');
            await sanityCheck(servers[1], cfg.express, cfg.scenario, 'declared');
          }
          // Alternate which load process drives which server.
          const ls = round % 2 === 0 ? loaders : [loaders[1], loaders[0]];
          const [bare, decl] = await loadRound(ls, servers, sc, opts);
          const cpuB = (bare.cpuUser + bare.cpuSystem) / bare.requests;
          const cpuD = (decl.cpuUser + decl.cpuSystem) / decl.requests;
          const rpsB = bare.requests / bare.seconds;
          const rpsD = decl.requests / decl.seconds;
          cfg.rounds.push({ cpuB, cpuD, rpsB, rpsD, cpuRatio: cpuD / cpuB, rpsRatio: rpsD / rpsB, declaredFirst });
          console.log(`round ${round + 1}/${opts.rounds} express ${cfg.express} ${cfg.scenario.padEnd(7)} ` +
            `cpu/req ${fmt(cpuB, 1)} vs ${fmt(cpuD, 1)} µs (×${fmt(cpuD / cpuB)}), ` +
            `req/s ${Math.round(rpsB)} vs ${Math.round(rpsD)} (×${fmt(rpsD / rpsB)})` +
            `${declaredFirst ? ' [declared spawned first]' : ''}`);
        } finally {
          for (const s of servers) {
            s.child.send('exit');
          }
          await Promise.all(servers.map((s) => (s.child.exitCode !== null ? null
            : new Promise((r) => s.child.once('exit', r)))));
        }
      }
    }
  } finally {
    for (const l of loaders) l.send('exit');
  }

  const secs = (Date.now() - started) / 1000;
  console.log(`\n${opts.rounds} rounds in ${fmt(secs, 0)} s. Ratios declared/bare ` +
    '(CPU per request: < 1 is cheaper; req/s: > 1 is faster). median [min – max]\n');
  console.log('| Express | scenario | CPU/request ratio | req/s ratio | bare CPU/request | bare req/s |');
  console.log('|---|---|---|---|---|---|');
  const summary = [];
  for (const cfg of configs) {
    const cr = cfg.rounds.map((r) => r.cpuRatio);
    const rr = cfg.rounds.map((r) => r.rpsRatio);
    const row = {
      express: cfg.express,
      scenario: cfg.scenario,
      cpuRatio: { median: median(cr), min: Math.min(...cr), max: Math.max(...cr) },
      rpsRatio: { median: median(rr), min: Math.min(...rr), max: Math.max(...rr) },
      bareCpuPerRequestUs: median(cfg.rounds.map((r) => r.cpuB)),
      bareRps: median(cfg.rounds.map((r) => r.rpsB)),
      rounds: cfg.rounds,
    };
    summary.push(row);
    console.log(`| ${cfg.express} | ${SCENARIOS[cfg.scenario].title} | ` +
      `**${fmt(row.cpuRatio.median)}** [${fmt(row.cpuRatio.min)} – ${fmt(row.cpuRatio.max)}] | ` +
      `**${fmt(row.rpsRatio.median)}** [${fmt(row.rpsRatio.min)} – ${fmt(row.rpsRatio.max)}] | ` +
      `${fmt(row.bareCpuPerRequestUs, 1)} µs | ${Math.round(row.bareRps)} |`);
  }
  if (opts.json) {
    require('node:fs').writeFileSync(opts.json, JSON.stringify({ opts, distHash, node: process.version, nproc: cores, summary }, null, 2));
    console.log(`\nper-round data written to ${opts.json}`);
  }
}

// ---------------------------------------------------------------------------------------------
const argv = process.argv.slice(2);
if (argv[0] === '--server') {
  runServer(JSON.parse(argv[1]));
} else if (argv[0] === '--load') {
  runLoad();
} else {
  drive(parseArgs(argv)).catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
