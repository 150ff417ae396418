'use strict';
// Same answers before any load (bench/platform.sh): sends one fixed sequence of GET requests to
// each server (both read the same MongoDB rules and the same Redis keys, seeded through Shallot's
// own API just before) and compares, request by request, the status, the body byte for byte, the
// Content-Type and the ETag, Cache-Control and Vary headers. The sequence covers what the load sends
// (the two config profiles, badges of seeded users) and more: other profiles, profiles from the
// headers, If-None-Match (304), refusals (bad version, device, region, language, repeated query,
// bad config name, unknown config, bad uid), and users with direct messages, broadcasts, red dots,
// broadcasts read one by one, a category read, and none of these.
// Usage: node compare.js http://127.0.0.1:<shallot> http://127.0.0.1:<koa> <users>; exit 1 on any difference.
const http = require('http');

const users = Number(process.argv[4] || 3000);
const uid = (i) => `u${String(i).padStart(5, '0')}`;
const get = (path, headers) => ({ path, headers: headers || {} });
const cfg = (query, headers) => get(`/v1/configs/home${query}`, headers);

const sequence = [
  cfg('?version=2.1.0&device=ios&region=CN&lang=zh-CN'),
  cfg('?version=1.9.3&device=android&region=US&lang=en-US'),
  cfg('?version=2.1.0&device=ios&region=CN&lang=zh-CN', { 'If-None-Match': '*' }),
  cfg('?version=2.1.0&device=ios&region=CN&lang=zh-CN', { 'If-None-Match': '"nope", W/"other"' }),
  cfg('?version=1.9.3&device=android&region=US&lang=en'),
  cfg('?version=2.0&device=IOS&region=us&lang=EN-us'),
  cfg('?version=1.99.0.7&device=ios&region=CN&lang=zh-Hant-TW'),
  cfg('?version=3&device=web&region=DE&lang=de'),
  cfg('?device=ios'),
  cfg(''),
  cfg('?version=&device=&region=&lang='),
  cfg('', { 'X-App-Version': '2.1.0', 'X-Device': 'ios', 'X-Region': 'CN', 'Accept-Language': 'zh-CN,zh;q=0.9,en;q=0.8' }),
  cfg('?version=1.0', { 'X-Device': 'android', 'Accept-Language': '*' }),
  cfg('?region=US', { 'Accept-Language': 'en-US;q=0.9' }),
  cfg('?version=2.x'),
  cfg('?version=1.2.3.4.5'),
  cfg('?device=i%20os'),
  cfg('?region=USA'),
  cfg('?lang=1x'),
  cfg('?version=1&version=2'),
  cfg('', { 'X-App-Version': 'two' }),
  get('/v1/configs/nothing-here?version=1.0'),
  get('/v1/configs/Bad_Name'),
  get('/v1/users/bad%20id/badges'),
  get(`/v1/users/${'x'.repeat(129)}/badges`),
  get('/v1/users/nobody/badges'),
];
// badges: every 37th seeded user (every kind of seeded state), and the first 300 (dots, reads)
for (let i = 0; i < users; i += 37) sequence.push(get(`/v1/users/${uid(i)}/badges`));
for (let i = 0; i < 300; i += 3) sequence.push(get(`/v1/users/${uid(i)}/badges`));

function send(base, req) {
  return new Promise((resolve, reject) => {
    const r = http.request(new URL(req.path, base), { method: 'GET', headers: req.headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({
        status: res.statusCode,
        headers: ['content-type', 'etag', 'cache-control', 'vary'].map((h) => `${h}=${res.headers[h]}`).join(' '),
        body: Buffer.concat(chunks).toString('utf8'),
      }));
    });
    r.on('error', reject);
    r.end();
  });
}

async function main() {
  const [shallot, koa] = process.argv.slice(2);
  const a = [];
  for (const req of sequence) a.push(await send(shallot, req));
  const b = [];
  for (const req of sequence) b.push(await send(koa, req));
  let differences = 0;
  const statuses = {};
  let unread = 0;
  sequence.forEach((req, i) => {
    const x = a[i];
    const y = b[i];
    statuses[x.status] = (statuses[x.status] || 0) + 1;
    if (x.status === 200 && req.path.endsWith('/badges')) unread += JSON.parse(x.body).data.total;
    if (x.status !== y.status || x.body !== y.body || x.headers !== y.headers) {
      differences++;
      console.log(`DIFFERENT GET ${req.path} ${JSON.stringify(req.headers)}`);
      console.log(`  shallot ${x.status} ${x.headers} ${x.body}`);
      console.log(`  koa     ${y.status} ${y.headers} ${y.body}`);
    } else if (process.env.VERBOSE) {
      console.log(`same GET ${req.path} ${JSON.stringify(req.headers)} -> ${x.status} ${x.headers} ${x.body}`);
    }
  });
  const summary = Object.entries(statuses).map(([s, n]) => `${n}x ${s}`).join(', ');
  console.log(`${sequence.length} requests, ${differences} different; statuses: ${summary}; unread counted in the badges compared: ${unread}`);
  process.exit(differences === 0 ? 0 : 1);
}
main().catch((e) => { console.error(e); process.exit(2); });
