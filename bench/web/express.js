'use strict';
// Express 5 peer of bench/web.sh: GET /plaintext, /json, /v1/users/:id on 127.0.0.1.
// Usage: node express.js <port>. Express's defaults (ETag, X-Powered-By) are left on.
const express = require('express');

const app = express();
app.get('/plaintext', (req, res) => {
  res.type('text/plain').send('Hello, World!');
});
app.get('/json', (req, res) => {
  res.json({ message: 'Hello, World!' });
});
app.get('/v1/users/:id', (req, res) => {
  const id = req.params.id;
  res.json({ id, name: 'user' + id });
});

const port = Number(process.argv[2] || 8080);
const server = app.listen(port, '127.0.0.1', () => {
  console.log(`READY express pid=${process.pid} port=${port}`);
});
server.keepAliveTimeout = 65000;
process.on('SIGTERM', () => process.exit(0));
