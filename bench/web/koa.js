'use strict';
// Koa 3 + @koa/router peer of bench/web.sh: GET /plaintext, /json, /v1/users/:id on 127.0.0.1.
// Usage: node koa.js <port>. No middleware besides the router: Koa's defaults only.
const Koa = require('koa');
const Router = require('@koa/router');

function createApp() {
  const app = new Koa();
  const router = new Router();
  router.get('/plaintext', (ctx) => {
    ctx.body = 'Hello, World!';
  });
  router.get('/json', (ctx) => {
    ctx.body = { message: 'Hello, World!' };
  });
  router.get('/v1/users/:id', (ctx) => {
    const id = ctx.params.id;
    ctx.body = { id, name: 'user' + id };
  });
  app.use(router.routes());
  return app;
}

function listen(port) {
  const server = createApp().listen(port, '127.0.0.1', () => {
    console.log(`READY koa pid=${process.pid} port=${port}`);
  });
  server.keepAliveTimeout = 65000;
  return server;
}

module.exports = { createApp, listen };

if (require.main === module) {
  listen(Number(process.argv[2] || 8080));
  process.on('SIGTERM', () => process.exit(0));
}
