'use strict';
// Same answers before any load (bench/ops.sh): sends one fixed sequence of requests to each server
// (each on its own key prefix, both prefixes flushed and seeded alike just before) and compares,
// request by request, the status, the body byte for byte, the Content-Type and whether Retry-After
// is there (its value counts down in seconds, so it may differ by one). The sequence covers what the
// load sends (scores on both boards, standings, votes) and the refusals: bad member, score, user,
// option, activity, board, period, Idempotency-Key, unknown field, non-object body, the 4th vote of
// a day (429), a key reused for another option (422) and a sum that would overflow (409).
// Malformed JSON is left out: Shallot's message adds the line and column, Koa's cannot.
// Usage: node compare.js http://127.0.0.1:<shallot> http://127.0.0.1:<koa>; exit 1 on any difference.
const http = require('http');

const DAY = 86400000;
function isoWeekId(ms) {
  const d = new Date(Math.floor(ms / DAY) * DAY);
  const thursday = d.getTime() + (3 - ((d.getUTCDay() + 6) % 7)) * DAY;
  const year = new Date(thursday).getUTCFullYear();
  const week = Math.floor((thursday - Date.UTC(year, 0, 1)) / DAY / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}
const now = Date.now();
const thisWeek = isoWeekId(now);
const lastWeek = isoWeekId(now - 7 * DAY);
const nextWeek = isoWeekId(now + 7 * DAY);

const post = (path, body, headers) => ({ method: 'POST', path, headers: { 'Content-Type': 'application/json', ...headers }, body });
const get = (path) => ({ method: 'GET', path });
const score = (board, body) => post(`/v1/leaderboards/${board}/scores`, body);
const ballot = (body, key) => post('/v1/votes/best-feature/ballots', body, key === undefined ? {} : { 'Idempotency-Key': key });

const sequence = [
  // scores: a better and a worse run, a newcomer below the 10,000 kept entries, sums
  score('runs', '{"member":"m00001","score":49999}'),
  score('runs', '{"member":"m00001","score":3}'),
  score('runs', '{"member":"newcomer","score":-5}'),
  score('runs', '{"member":"m04242","score":25000}'),
  score('weekly-points', '{"member":"m00002","score":7}'),
  score('weekly-points', '{"member":"m00002","score":-3}'),
  score('weekly-points', '{"member":"m00009","score":9007199254740991}'), // 409: the sum would overflow
  score('weekly-points', '{"member":"m00010","score":-9007199254740991}'),
  // standings, shared ranks included
  get('/v1/leaderboards/runs/members/m00001?around=2'),
  get('/v1/leaderboards/runs/members/m04242?around=2'),
  get('/v1/leaderboards/runs/members/m05000'),
  get('/v1/leaderboards/runs/members/m00777?around=25'),
  get('/v1/leaderboards/weekly-points/members/m00002?around=0'),
  get(`/v1/leaderboards/weekly-points/members/m00003?around=3&period=${thisWeek}`),
  get('/v1/leaderboards/runs/members/m09999?around=2&period=all'),
  // votes: 3 a day, then 429; idempotent retries; 422
  ballot('{"user":"v1","option":"loop"}'),
  ballot('{"user":"v1","option":"router"}'),
  ballot('{"user":"v1","option":"loop"}'),
  ballot('{"user":"v1","option":"gateway"}'),
  ballot('{"option":"gateway","user":"v2"}', 'k-1'),
  ballot('{"option":"gateway","user":"v2"}', 'k-1'),
  ballot('{"option":"loop","user":"v2"}', 'k-1'),
  ballot('{"user":"v2","option":"loop"}', 'k 1'),
  ballot('{"user":"v2","option":"loop"}', ''),
  // refusals: leaderboards
  get('/v1/leaderboards/runs/members/newcomer?around=2'),
  get('/v1/leaderboards/runs/members/m00003?around=26'),
  get('/v1/leaderboards/runs/members/m00003?around=-1'),
  get('/v1/leaderboards/runs/members/m00003?around=x'),
  get('/v1/leaderboards/runs/members/m00003?around=1&around=2'),
  get('/v1/leaderboards/runs/members/bad:id'),
  get('/v1/leaderboards/runs/members/bad:id?around=99'),
  get('/v1/leaderboards/nope/members/m00003'),
  get('/v1/leaderboards/no:pe/members/m00003'),
  get('/v1/leaderboards/runs/members/m00003?period=2026-W01'),
  get(`/v1/leaderboards/weekly-points/members/m00003?period=${lastWeek}`),
  get('/v1/leaderboards/weekly-points/members/m00003?period=2000-W01'),
  get(`/v1/leaderboards/weekly-points/members/m00003?period=${nextWeek}`),
  get('/v1/leaderboards/weekly-points/members/m00003?period=2001-W60'),
  get('/v1/leaderboards/weekly-points/members/m00003?period=2026-11'),
  score('runs', '{"member":"a:b","score":1}'),
  score('runs', '{"member":"","score":1}'),
  score('runs', `{"member":"${'x'.repeat(65)}","score":1}`),
  score('runs', '{"member":5,"score":1}'),
  score('runs', '{"score":1}'),
  score('runs', '{"member":"m1"}'),
  score('runs', '{"member":"m1","score":"5"}'),
  score('runs', '{"member":"m1","score":1.5}'),
  score('runs', '{"member":"m1","score":null}'),
  score('runs', '{"member":"m1","score":9007199254740992}'),
  score('runs', '{"member":"m1","score":-9007199254740992}'),
  score('runs', '{"member":"m1","score":100000000000000000000}'),
  score('runs', '{"member":"a:b","score":"x"}'),
  score('runs', '{"member":"a:b","score":9007199254740992}'),
  score('runs', '[{"member":"m1","score":1}]'),
  score('runs', '"text"'),
  score('runs', 'null'),
  score('runs', ''),
  score('nope', '{"member":"m1","score":1}'),
  score('no:pe', 'not even json'),
  // refusals: votes
  ballot('{"user":"a:b","option":"loop"}'),
  ballot('{"user":"","option":"loop"}'),
  ballot('{"user":7,"option":"loop"}'),
  ballot('{"option":"loop"}'),
  ballot('{"user":"v3"}'),
  ballot('{"user":"v3","option":"nope"}'),
  ballot('{"user":"v3","option":"a:b"}'),
  ballot('{"user":"v3","option":["loop"]}'),
  ballot('{"user":"v3","option":"loop","extra":1}'),
  ballot('["v3","loop"]'),
  ballot(''),
  post('/v1/votes/other/ballots', '{"user":"v3","option":"loop"}'),
  post('/v1/votes/o:x/ballots', '{"user":"v3","option":"loop"}'),
  post('/v1/votes/o:x/ballots', '{"user":"v3","option":"loop","x":0}'),
  // the effects of all the above, read back
  get('/v1/leaderboards/runs/members/m00001?around=1'),
  get('/v1/leaderboards/weekly-points/members/m00009?around=1'),
  ballot('{"user":"v2","option":"router"}'),
];

function send(base, req) {
  return new Promise((resolve, reject) => {
    const url = new URL(req.path, base);
    const body = req.body === undefined ? undefined : Buffer.from(req.body);
    const headers = { ...(req.headers || {}) };
    if (body) headers['Content-Length'] = body.length;
    const r = http.request(url, { method: req.method, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({
        status: res.statusCode,
        type: res.headers['content-type'],
        retryAfter: res.headers['retry-after'] !== undefined,
        body: Buffer.concat(chunks).toString('utf8'),
      }));
    });
    r.on('error', reject);
    if (body) r.write(body);
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
  sequence.forEach((req, i) => {
    const x = a[i];
    const y = b[i];
    statuses[x.status] = (statuses[x.status] || 0) + 1;
    if (x.status !== y.status || x.body !== y.body || x.type !== y.type || x.retryAfter !== y.retryAfter) {
      differences++;
      console.log(`DIFFERENT ${req.method} ${req.path} ${req.body === undefined ? '' : req.body}`);
      console.log(`  shallot ${x.status} ${x.type} retry-after:${x.retryAfter} ${x.body}`);
      console.log(`  koa     ${y.status} ${y.type} retry-after:${y.retryAfter} ${y.body}`);
    } else if (process.env.VERBOSE) {
      console.log(`same ${req.method} ${req.path} ${req.body || ''} -> ${x.status} ${x.body}`);
    }
  });
  const summary = Object.entries(statuses).map(([s, n]) => `${n}x ${s}`).join(', ');
  console.log(`${sequence.length} requests, ${differences} different; statuses: ${summary}`);
  process.exit(differences === 0 ? 0 : 1);
}
main().catch((e) => { console.error(e); process.exit(2); });
