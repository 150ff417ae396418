'use strict';
// kill -9 probe of bench/pm2-compare.sh: SIGKILLs one worker, then sends GET / on a new connection
// each time (no keep-alive, so each request is handed to a worker afresh) until a process that did
// not answer before the kill answers: the replacement (a restarted worker, or shallot's spare).
// Prints one JSON line: ms from the kill to that answer, requests sent, how many failed.
// Usage: node probe.js PORT VICTIM_PID,OTHER_WORKER_PID... [TIMEOUT_MS]   (answers end in the pid)
const http = require('http');
const port = Number(process.argv[2]);
const workers = process.argv[3].split(',').map(Number);
const victim = workers[0];
const timeoutMs = Number(process.argv[4] || 20000);

function get() {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/', agent: false, timeout: 2000 }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d)).on('end', () => resolve(res.statusCode === 200 ? body : null));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve(null));
  });
}

function pidOf(body) {
  const m = /(\d+)\s*$/.exec(body || '');
  return m ? Number(m[1]) : 0;
}

(async () => {
  const before = new Set(workers);
  for (let i = 0; i < 10; i++) before.add(pidOf(await get()));
  const t0 = process.hrtime.bigint();
  process.kill(victim, 'SIGKILL');
  let sent = 0;
  let failed = 0;
  const trace = [];
  for (;;) {
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (ms > timeoutMs) {
      console.log(JSON.stringify({ back_ms: null, sent, failed }));
      return;
    }
    const body = await get();
    sent++;
    if (process.env.PROBE_TRACE) trace.push(Math.round(Number(process.hrtime.bigint() - t0) / 1e6) + ':' + pidOf(body));
    if (body === null) {
      failed++;
      continue;
    }
    const pid = pidOf(body);
    if (!before.has(pid)) {
      console.log(JSON.stringify({ back_ms: Math.round(Number(process.hrtime.bigint() - t0) / 1e6), sent, failed, pid,
        ...(trace.length ? { trace } : {}) }));
      return;
    }
  }
})();
