'use strict';
// kill -9 probe of bench/pm2-compare.sh: SIGKILLs one worker, then every 10 ms sends GET / on a new
// connection (no keep-alive, so each request is handed to a worker afresh) until a process that did
// not answer before the kill answers: the replacement (a restarted worker, or shallot's spare).
// Prints one JSON line: ms from the kill to that answer, requests sent, how many failed (a request
// still pending when the answer comes is counted in neither). PROBE_TRACE=1 adds each answer's ms:pid.
// Usage: node probe.js PORT VICTIM_PID,OTHER_WORKER_PID... [TIMEOUT_MS]   (answers end in the pid)
const http = require('http');
const port = Number(process.argv[2]);
const workers = process.argv[3].split(',').map(Number);
const victim = workers[0];
const timeoutMs = Number(process.argv[4] || 20000);
const INTERVAL_MS = 10;

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

// requests still hanging on the dead worker would keep node alive until their timeout
function finish(result) {
  process.stdout.write(JSON.stringify(result) + '\n', () => process.exit(0));
}

function pidOf(body) {
  const m = /(\d+)\s*$/.exec(body || '');
  return m ? Number(m[1]) : 0;
}

(async () => {
  const before = new Set(workers);
  for (let i = 0; i < 10; i++) before.add(pidOf(await get()));
  const t0 = process.hrtime.bigint();
  const since = () => Math.round(Number(process.hrtime.bigint() - t0) / 1e6);
  process.kill(victim, 'SIGKILL');
  // a request every INTERVAL ms whatever the earlier ones do, so one that hangs on the dead worker
  // (until its 2 s timeout) does not hide an answer that came meanwhile
  let sent = 0;
  let failed = 0;
  let done = false;
  const trace = [];
  const timer = setInterval(() => {
    if (done) return;
    if (since() > timeoutMs) {
      done = true;
      clearInterval(timer);
      finish({ back_ms: null, sent, failed });
      return;
    }
    sent++;
    get().then((body) => {
      if (done) return;
      if (process.env.PROBE_TRACE) trace.push(since() + ':' + pidOf(body));
      if (body === null) {
        failed++;
        return;
      }
      const pid = pidOf(body);
      if (!before.has(pid)) {
        done = true;
        clearInterval(timer);
        finish({ back_ms: since(), sent, failed, pid, ...(trace.length ? { trace } : {}) });
      }
    });
  }, INTERVAL_MS);
})();
