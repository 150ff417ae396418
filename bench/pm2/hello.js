'use strict';
// Section 六's hello world as a Koa app for PM2's cluster mode (pm2 start hello.js -i 2): the same
// answer as examples/cluster's HelloCluster, so both process managers serve alike.
const Koa = require('koa');

const port = Number(process.env.PORT || 3000);
const app = new Koa();
app.use((ctx) => {
  ctx.body = 'hello world, start with cluster ' + process.pid;
});
app.listen(port, () => {
  if (process.send) process.send('ready');
});
