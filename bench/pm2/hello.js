// Section 六's hello world for PM2's cluster mode (pm2 start hello.js -i 2): the same answer as
// examples/cluster's HelloCluster, so both process managers are loaded alike.
const http = require('http');
const port = Number(process.env.PORT || 3000);
http.createServer((req, res) => {
  res.end('hello world, start with cluster ' + process.pid);
}).listen(port, () => {
  if (process.send) process.send('ready');
});
