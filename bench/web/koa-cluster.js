'use strict';
// The Koa peer (koa.js) in node cluster mode: the primary forks WORKERS (default 2) workers that
// share the port (the primary accepts and hands connections round-robin, Node's default on Linux).
// Usage: node koa-cluster.js <port>. SIGTERM to the primary stops the workers, then the primary.
const cluster = require('node:cluster');

const port = Number(process.argv[2] || 8080);
const workers = Number(process.env.WORKERS || 2);

if (cluster.isPrimary) {
  let ready = 0;
  for (let i = 0; i < workers; i++) {
    cluster.fork().on('listening', () => {
      if (++ready === workers) {
        const pids = Object.values(cluster.workers).map((w) => w.process.pid).join(',');
        console.log(`READY koa-cluster pid=${process.pid} workers=${pids} port=${port}`);
      }
    });
  }
  const stop = () => {
    for (const w of Object.values(cluster.workers)) {
      w.process.kill('SIGTERM');
    }
    setTimeout(() => process.exit(0), 200).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  cluster.on('exit', () => {
    if (Object.keys(cluster.workers).length === 0) {
      process.exit(0);
    }
  });
} else {
  require('./koa.js').listen(port);
  process.on('SIGTERM', () => process.exit(0));
}
