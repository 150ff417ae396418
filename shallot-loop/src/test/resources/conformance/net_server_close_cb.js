// 'listening' is emitted after the main script (nextTick); server.close(cb) on a server without connections reports 'close' via nextTick, i.e. before an immediate scheduled next to it.
const net = require('net');
const server = net.createServer();
server.on('close', () => console.log('close event'));
server.listen(0, '127.0.0.1', () => {
  console.log('listening, port > 0: ' + (server.address().port > 0));
  server.close(err => console.log('close callback err ' + err));
  setImmediate(() => console.log('immediate'));
  console.log('listening after close(): ' + server.listening);
});
console.log('sync');
