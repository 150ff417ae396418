// server.close(cb) with an open connection: stops listening at once, but 'close' (and cb) wait until that connection is destroyed; they come on a tick at destroy time, before the socket's own 'close' (close-callbacks phase).
const net = require('net');
const server = net.createServer(sock => {
  server.close(() => console.log('server closed (after the connection)'));
  console.log('connection; listening now: ' + server.listening);
  sock.on('close', () => console.log('server socket close'));
  setTimeout(() => {
    console.log('destroying the connection');
    sock.destroy();
    process.nextTick(() => console.log('tick after destroy'));
    setImmediate(() => console.log('immediate after destroy'));
  }, 20);
});
server.listen(0, '127.0.0.1', () => {
  const client = net.connect(server.address().port, '127.0.0.1');
  client.on('error', () => {});
});
