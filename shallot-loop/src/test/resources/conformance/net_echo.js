// TCP echo over 127.0.0.1: server and client events are collected per side (their relative order is racy) and printed once the server has closed.
const net = require('net');
const serverLog = [];
const clientLog = [];
const server = net.createServer(sock => {
  serverLog.push('connection');
  sock.setEncoding('utf8');
  sock.on('data', d => {
    serverLog.push('data ' + d);
    sock.end('echo:' + d);
  });
  sock.on('end', () => serverLog.push('end'));
  sock.on('close', hadError => {
    serverLog.push('socket close hadError=' + hadError);
    server.close(() => {
      console.log('server: ' + serverLog.join(' | '));
      console.log('client: ' + clientLog.join(' | '));
      console.log('server closed');
    });
  });
});
server.listen(0, '127.0.0.1', () => {
  console.log('listening');
  const client = net.connect(server.address().port, '127.0.0.1', () => {
    clientLog.push('connect');
    client.write('ping');
  });
  client.setEncoding('utf8');
  client.on('data', d => clientLog.push('data ' + d));
  client.on('end', () => clientLog.push('end'));
  client.on('close', hadError => clientLog.push('close hadError=' + hadError));
});
console.log('sync');
