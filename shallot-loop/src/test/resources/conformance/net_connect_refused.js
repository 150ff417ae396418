// Connecting to a port nobody listens on: 'error' with ECONNREFUSED, then 'close' with hadError=true.
const net = require('net');
const probe = net.createServer();
probe.listen(0, '127.0.0.1', () => {
  const port = probe.address().port;
  probe.close(() => {
    const client = net.connect(port, '127.0.0.1', () => console.log('never connected'));
    client.on('error', e => console.log('error ' + e.code));
    client.on('close', hadError => console.log('close hadError=' + hadError));
  });
});
