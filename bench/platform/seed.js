'use strict';
// Seeds what bench/platform.sh measures, through Shallot's own API (the Koa peer only reads):
//  - config home: the demo seeds a base rule and a CN override; five more rules are added here
//    (a version- and device-bound rule, a language rule, a region+language+maxVersion rule that
//    removes a key, a disabled rule, a higher-priority device rule), so a request merges 2 to 4 rules;
//  - inbox: USERS users u00000.. in batches of 1,000 get direct messages (2 to 4 per user, by batch),
//    4 broadcasts to topic all (one per category); u00000..u00099 light a red dot (every other one
//    two), u00100..u00199 read one broadcast on its own, u00200..u00299 read category system,
//    u00300..u00349 read all.
// Usage: node seed.js http://127.0.0.1:<shallot> <users>; prints a one-line summary.
const http = require('http');

const base = process.argv[2];
const users = Number(process.argv[3] || 3000);
const uid = (i) => `u${String(i).padStart(5, '0')}`;
const CATEGORIES = ['system', 'activity', 'social', 'order'];
const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

function call(method, path, body) {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const headers = data ? { 'Content-Type': 'application/json', 'Content-Length': data.length } : {};
    const r = http.request(new URL(path, base), { method, headers, agent }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if (res.statusCode >= 300) reject(new Error(`${method} ${path} -> ${res.statusCode} ${text}`));
        else resolve(text ? JSON.parse(text) : null);
      });
    });
    r.on('error', reject);
    if (data) r.write(data);
    r.end();
  });
}
const all = (n, f) => Promise.all(Array.from({ length: n }, (_, i) => f(i)));

async function main() {
  const rules = [
    { minVersion: '2.0', devices: ['ios'], priority: 1, value: { features: { ar: true }, tabs: ['home', 'live'] } },
    { languages: ['zh'], value: { banner: '欢迎回来', locale: { currency: 'CNY' } } },
    { regions: ['US'], languages: ['en'], maxVersion: '2.0', value: { features: { live: null, beta: true }, promo: { id: 7, weight: 0.25 } } },
    { enabled: false, value: { theme: 'dark' } },
    { devices: ['android'], priority: 5, value: { theme: 'material', tabs: ['home'] } },
  ];
  for (const rule of rules) await call('POST', '/v1/admin/configs/home/rules', rule);
  let directs = 0;
  for (let start = 0, b = 0; start < users; start += 1000, b++) {
    const to = Array.from({ length: Math.min(1000, users - start) }, (_, i) => uid(start + i));
    for (let m = 0; m < 2 + (b % 3); m++) {
      await call('POST', '/v1/admin/messages', { to: { users: to }, category: CATEGORIES[(b + m) % 4], title: `Batch ${b} #${m}`, body: 'Hello' });
      directs += to.length;
    }
  }
  const broadcasts = [];
  for (const category of CATEGORIES) {
    const sent = await call('POST', '/v1/admin/messages', { to: { topic: 'all' }, category, title: `To all: ${category}`, body: 'News' });
    broadcasts.push(sent.data.id);
  }
  await all(100, (i) => call('PUT', `/v1/users/${uid(i)}/dots/home.tab.new`)
    .then(() => (i % 2 ? call('PUT', `/v1/users/${uid(i)}/dots/me.wallet`) : null)));
  await all(100, (i) => call('POST', `/v1/users/${uid(100 + i)}/messages/read`, { ids: [broadcasts[1]] }));
  await all(100, (i) => call('POST', `/v1/users/${uid(200 + i)}/messages/read`, { category: 'system' }));
  await all(50, (i) => call('POST', `/v1/users/${uid(300 + i)}/messages/read`, { all: true }));
  console.log(`${rules.length} config rules added to home; ${directs} direct deliveries to ${users} users, 4 broadcasts, `
    + '100 users with dots, 100 with a broadcast read, 100 with system read, 50 with all read');
  agent.destroy();
}
main().catch((e) => { console.error(e.message); process.exit(1); });
