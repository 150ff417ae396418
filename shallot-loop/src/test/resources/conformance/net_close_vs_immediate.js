// socket.destroy(): the 'close' event comes from the close-callbacks phase, so an immediate scheduled at the same time runs first; same for server.close(cb).
const net = require('net');
const server = net.createServer(sock => {
  sock.on('close', () => {
    server.close(() => console.log('server close callback'));
    setImmediate(() => console.log('immediate after server.close'));
    process.nextTick(() => console.log('tick after server.close'));
  });
});
server.listen(0, '127.0.0.1', () => {
  const client = net.connect(server.address().port, '127.0.0.1', () => {
    console.log('client connected');
    client.on('close', () => console.log('client close event'));
    client.destroy();
    setImmediate(() => console.log('immediate after destroy'));
    process.nextTick(() => console.log('tick after destroy'));
    Promise.resolve().then(() => console.log('promise after destroy'));
  });
});
