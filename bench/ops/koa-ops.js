'use strict';
// The Koa peer of Shallot's operations service (shallot-ops, README section 三) for bench/ops.sh:
// the demo's boards and vote (io.shallot.examples.ops.DemoOps) on Redis through ioredis.
//
//   POST /v1/leaderboards/:board/scores          {"member", "score"}  -> submit.lua
//   GET  /v1/leaderboards/:board/members/:member ?around=2&period=    -> standing.lua
//   POST /v1/votes/:activity/ballots             {"user", "option"}, optional Idempotency-Key -> vote.lua
//
// Boards: runs (BEST, all time) and weekly-points (SUM, ISO weeks in UTC), each keeping 10,000
// entries, a finished period kept 7 days. Vote: best-feature, options loop/router/gateway, open from
// today's UTC midnight (when this process starts) for 30 days, 3 votes per user per UTC day.
//
// Same as Shallot, on purpose: the Lua files are read from shallot-ops' resources at start and run
// with ioredis' defineCommand (EVALSHA, EVAL on NOSCRIPT); the keys are built the same way
// (<prefix>lb:<board>:<period>, <prefix>vote:{<activity>}:used:<day>:<user>, ...:tally,
// ...:idem:<user>:<key>) with the same TTL arguments; input is checked in the same order with the
// same 400/404/409/422/429 messages; answers are the envelope {ret, message, data} with the same
// fields in the same order. Like Shallot's OpsApp, every response carries an X-Request-Id and every
// request writes one access-log line (to stderr, synchronously when stderr is a file, as pino does by
// default). Not mirrored: Shallot refuses a score written as 1.0 or 1e3 (JSON.parse cannot tell them
// from 1 and 1000), and its message for malformed JSON adds the line and column.
//
// Usage: REDIS_URL=redis://127.0.0.1:6379 PREFIX=koa-ops:ops-demo: PORT=4401 node koa-ops.js
//   SCRIPTS=<dir of shallot-ops' io/shallot/ops resources> (default: the repository's)
//   ACCESS_LOG=0 turns the access log off
const fs = require('fs');
const path = require('path');
const Koa = require('koa');
const { requestIdAndAccessLog } = require('../lib/koa-edge');
const Router = require('@koa/router');
const { bodyParser } = require('@koa/bodyparser');
const Redis = require('ioredis');

const SCRIPTS = process.env.SCRIPTS
  || path.join(__dirname, '..', '..', 'shallot-ops', 'src', 'main', 'resources', 'io', 'shallot', 'ops');
const PREFIX = process.env.PREFIX || 'koa-ops:ops-demo:';
const PORT = Number(process.env.PORT || 4401);
const ACCESS_LOG = process.env.ACCESS_LOG !== '0';

const DAY = 86400000;
const HOUR = 3600000;
const MAX_SCORE = 2 ** 53 - 1;
const MAX_AROUND = 25;
const ID = /^[A-Za-z0-9_.-]{1,64}$/;
const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{1,128}$/;
const RETENTION = 7 * DAY; // Board.DEFAULT_RETENTION
const RETENTION_TEXT = 'PT168H'; // its Duration.toString()

const BOARDS = new Map([
  ['runs', { name: 'runs', mode: 'BEST', period: 'ALL_TIME', keep: 10000 }],
  ['weekly-points', { name: 'weekly-points', mode: 'SUM', period: 'WEEKLY', keep: 10000 }],
]);
const today = Math.floor(Date.now() / DAY) * DAY;
const ACTIVITIES = new Map([
  ['best-feature', {
    id: 'best-feature', options: ['loop', 'router', 'gateway'], start: today, end: today + 30 * DAY,
    votesPerUser: 3, perDay: true,
  }],
]);
const RESULTS_KEPT = 30 * DAY;
const IDEMPOTENCY_KEPT = DAY;
const MARGIN = HOUR;

// --- Redis: one connection (ioredis pipelines commands on it), keys prefixed by ioredis ----------
const redis = new Redis(process.env.REDIS_URL || 'redis://127.0.0.1:6379', { keyPrefix: PREFIX });
const lua = (file) => fs.readFileSync(path.join(SCRIPTS, file), 'utf8');
redis.defineCommand('lbSubmit', { numberOfKeys: 1, lua: lua('leaderboard/internal/submit.lua') });
redis.defineCommand('lbStanding', { numberOfKeys: 1, lua: lua('leaderboard/internal/standing.lua') });
// vote.lua takes 2 keys, or 3 with an idempotency key: the number of keys goes first
redis.defineCommand('vote', { lua: lua('vote/internal/vote.lua') });
redis.on('error', (e) => console.error(`redis: ${e.message}`));

// --- errors: the envelope, as Shallot's HttpException ---------------------------------------------
class HttpError extends Error {
  constructor(status, message, headers) {
    super(message);
    this.status = status;
    this.expose = status < 500;
    this.headers = headers || {};
  }
}
const fail = (status, message, headers) => { throw new HttpError(status, message, headers); };
const STATUS_TEXT = require('http').STATUS_CODES;

function envelope() {
  return async (ctx, next) => {
    try {
      await next();
      const status = ctx.status;
      if (ctx.body == null && (status === 404 || status === 405)) {
        // no route (404) or a route without this method (405, Allow set by allowedMethods)
        ctx.body = { ret: -1, message: STATUS_TEXT[status], data: {} };
        ctx.status = status;
      }
    } catch (err) {
      let status = err.status || err.statusCode || 500;
      let message;
      if (err instanceof HttpError) {
        message = err.message;
        ctx.set(err.headers);
      } else if (err.body !== undefined && status === 400) {
        message = 'invalid JSON body'; // co-body's parse error
      } else if (err.name === 'ReplyError' || (err.message || '').includes('Connection is closed')) {
        status = 503; // as RedisCall: the store is unavailable, the client may retry
        message = STATUS_TEXT[503];
      } else {
        message = status < 500 && err.expose ? err.message : STATUS_TEXT[status] || 'Internal Server Error';
        if (status >= 500) console.error(err);
      }
      ctx.status = status;
      ctx.body = { ret: -1, message, data: {} };
    }
  };
}

// --- input, as io.shallot.web.body.Inputs and io.shallot.ops.Ids --------------------------------
const checkId = (what, id) => (typeof id === 'string' && ID.test(id) ? id : fail(400, `${what} must be 1-64 characters of A-Z a-z 0-9 _ . -`));
const parseJson = bodyParser({ enableTypes: ['json'], jsonStrict: false, detectJSON: () => true }); // any content type, as Shallot
function jsonObject(ctx) {
  const body = ctx.request.body;
  if (ctx.request.rawBody === undefined || ctx.request.rawBody === '') fail(400, 'request body is empty; expected JSON');
  if (body === null || typeof body !== 'object' || Array.isArray(body)) fail(400, 'the body must be a JSON object');
  return body;
}
const text = (json, name) => (typeof json[name] === 'string' ? json[name] : fail(400, `${name} is required, as a string`));
function intQuery(ctx, name, fallback, min, max) {
  const value = ctx.query[name];
  if (value === undefined) return fallback;
  if (Array.isArray(value) || !/^-?\d{1,9}$/.test(value) || Number(value) < min || Number(value) > max) {
    fail(400, `${name} must be one integer from ${min} to ${max}`);
  }
  return Number(value);
}
const firstQuery = (ctx, name) => { const v = ctx.query[name]; return Array.isArray(v) ? v[0] : v; };
const instant = (ms) => new Date(ms).toISOString().replace('.000Z', 'Z'); // java.time.Instant.toString()

// --- periods (io.shallot.ops.leaderboard.Period, UTC) ----------------------------------------------
const pad = (n, w) => String(n).padStart(w, '0');
function isoWeek(ms) {
  const d = new Date(Math.floor(ms / DAY) * DAY);
  const thursday = d.getTime() + (3 - ((d.getUTCDay() + 6) % 7)) * DAY;
  const year = new Date(thursday).getUTCFullYear();
  return { year, week: Math.floor((thursday - Date.UTC(year, 0, 1)) / DAY / 7) + 1 };
}
function weekMonday(year, week) { // the Monday of ISO week 1, then week - 1 weeks on
  const jan4 = Date.UTC(year, 0, 4);
  return jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * DAY + (week - 1) * 7 * DAY;
}
const PERIODS = {
  ALL_TIME: {
    pattern: /^all$/, example: 'all',
    idAt: () => 'all',
    startOf: () => null, endOf: () => null,
  },
  WEEKLY: {
    pattern: /^\d{4}-W\d{2}$/, example: 'e.g. 2026-W48',
    idAt: (ms) => { const { year, week } = isoWeek(ms); return `${pad(year, 4)}-W${pad(week, 2)}`; },
    startOf(id) {
      const year = Number(id.slice(0, 4));
      const week = Number(id.slice(6));
      const weeks = isoWeek(Date.UTC(year, 11, 28)).week; // Dec 28 is always in the year's last ISO week
      if (week < 1 || week > weeks) throw new Error(`year ${year} has no ISO week ${week}`);
      return weekMonday(year, week);
    },
    endOf(id) { return this.startOf(id) + 7 * DAY; },
  },
};
function periodBounds(board, id) {
  const p = PERIODS[board.period];
  if (typeof id !== 'string' || !p.pattern.test(id)) {
    fail(400, `period "${id}" is not a ${board.period.toLowerCase()} period id (${p.example})`);
  }
  try {
    return { start: p.startOf(id), end: p.endOf(id) };
  } catch (e) {
    return fail(400, `period "${id}" is not a date: ${e.message}`);
  }
}
const currentPeriod = (board) => PERIODS[board.period].idAt(Date.now());

// --- leaderboards (io.shallot.ops.leaderboard.Leaderboards) -----------------------------------------
function boardOf(ctx) {
  const name = ctx.params.board;
  const board = ID.test(name) ? BOARDS.get(name) : undefined;
  if (!board) fail(404, `no leaderboard ${ID.test(name) ? name : 'with that name'}`);
  return board;
}
const lbKey = (board, period) => `lb:${board.name}:${period}`; // ioredis adds the prefix

function kept(board, period) {
  const current = currentPeriod(board);
  if (period == null || period.trim() === '' || period === current) return current;
  const { start, end } = periodBounds(board, period);
  const now = Date.now();
  if (start > now) fail(404, `${board.name} has no period ${period} yet`);
  if (!(end + RETENTION > now)) fail(404, `${board.name} keeps a finished period for ${RETENTION_TEXT}; ${period} is gone`);
  return period;
}

// entries from member, score pairs, best first; equal scores share a rank
function rank(firstPosition, firstRank, pairs) {
  const entries = [];
  for (let i = 0; i < pairs.length; i += 2) {
    const score = Math.trunc(Number(pairs[i + 1]));
    let r = firstRank;
    if (entries.length > 0) {
      const previous = entries[entries.length - 1];
      r = previous.score === score ? previous.rank : firstPosition + i / 2 + 1;
    }
    entries.push({ rank: r, member: pairs[i], score });
  }
  return entries;
}

async function submitScore(ctx) {
  const board = ctx.state.board;
  const json = jsonObject(ctx);
  const member = text(json, 'member');
  const score = json.score;
  // Jackson's isIntegralNumber() && canConvertToLong()
  if (typeof score !== 'number' || !Number.isInteger(score) || Math.abs(score) >= 2 ** 63) {
    fail(400, `score must be an integer within +-${MAX_SCORE}`);
  }
  checkId('member', member);
  if (Math.abs(score) > MAX_SCORE) fail(400, `score must be an integer within +-${MAX_SCORE}`);
  const now = Date.now();
  const period = PERIODS[board.period].idAt(now);
  const end = PERIODS[board.period].endOf(period);
  const expiresIn = end == null ? 0 : Math.max(1, end + RETENTION - now);
  const reply = await redis.lbSubmit(lbKey(board, period), board.mode, member, String(score), String(board.keep),
    String(expiresIn), String(MAX_SCORE));
  if (reply[0] === 'overflow') {
    fail(409, `the total of ${member} on ${board.name} would exceed ${MAX_SCORE}; it stays ${reply[1]}`);
  }
  ctx.body = {
    ret: 0, message: 'success',
    data: { board: board.name, period, member, score: Number(reply[1]), rank: reply[2], improved: reply[3] === 1 },
  };
}

async function standing(ctx) {
  const board = boardOf(ctx);
  const around = intQuery(ctx, 'around', 2, 0, MAX_AROUND);
  const member = checkId('member', ctx.params.member);
  const id = kept(board, firstQuery(ctx, 'period'));
  const values = await redis.lbStanding(lbKey(board, id), member, String(around));
  if (values.length === 0) fail(404, `${member} has no entry on ${board.name} for ${id}`);
  const window = rank(values[0], values[1], values.slice(2));
  const own = window.find((e) => e.member === member);
  ctx.body = {
    ret: 0, message: 'success',
    data: { board: board.name, period: id, member, score: own.score, rank: own.rank, around: window },
  };
}

// --- votes (io.shallot.ops.vote.Votes, VoteKeys, Refusals) -----------------------------------------
const BALLOT_FIELDS = new Set(['user', 'option']);
const nextDay = (now) => Math.floor(now / DAY) * DAY + DAY; // UTC
const voteBase = (activity) => `vote:{${activity.id}}:`;
const dayId = (now) => new Date(now).toISOString().slice(0, 10);

async function vote(ctx) {
  const json = jsonObject(ctx);
  for (const field of Object.keys(json)) {
    if (!BALLOT_FIELDS.has(field)) fail(400, `unknown field ${field} (the body has user and option)`);
  }
  const user = text(json, 'user');
  const option = text(json, 'option');
  const activityId = checkId('activity', ctx.params.activity);
  const activity = ACTIVITIES.get(activityId);
  if (!activity) fail(404, `no voting activity ${activityId}`);
  checkId('user', user);
  checkId('option', option);
  if (!activity.options.includes(option)) fail(400, `activity ${activity.id} has no option ${option}`);
  const idempotencyKey = ctx.headers['idempotency-key'];
  if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
    fail(400, 'Idempotency-Key must be 1-128 characters of A-Z a-z 0-9 _ . : -');
  }
  const now = Date.now();
  if (now < activity.start) fail(409, `voting in ${activity.id} opens at ${instant(activity.start)}`);
  if (now >= activity.end) fail(409, `voting in ${activity.id} closed at ${instant(activity.end)}`);
  const base = voteBase(activity);
  const used = activity.perDay ? `${base}used:${dayId(now)}:${user}` : `${base}used:${user}`;
  const usedLifetime = Math.max(1, (activity.perDay ? nextDay(now) : activity.end) + MARGIN - now);
  const tallyLifetime = Math.max(1, activity.end + RESULTS_KEPT - now);
  const keys = idempotencyKey === undefined ? [used, `${base}tally`] : [used, `${base}tally`, `${base}idem:${user}:${idempotencyKey}`];
  const [outcome, tally, remaining, firstOption] = await redis.vote(keys.length, ...keys, option,
    String(activity.votesPerUser), String(usedLifetime), String(tallyLifetime), String(IDEMPOTENCY_KEPT));
  if (outcome === 0) {
    const votes = activity.votesPerUser === 1 ? '1 vote' : `${activity.votesPerUser} votes`;
    if (!activity.perDay) fail(429, `${user} has used all ${votes} in ${activity.id}`);
    const next = nextDay(now);
    const resets = next < activity.end ? next : null;
    const todayText = `${user} has used all ${votes} for today in ${activity.id}`;
    if (resets === null) fail(429, `${todayText}, and it closes before the next day begins`);
    const seconds = Math.max(1, Math.floor((resets - now + 999) / 1000));
    fail(429, `${todayText}; more votes at ${instant(resets)}`, { 'Retry-After': String(seconds) });
  }
  if (outcome === 2 && firstOption !== option) {
    fail(422, `this Idempotency-Key was used for a vote for ${firstOption}; a vote for ${option} needs a key of its own`);
  }
  ctx.body = { ret: 0, message: 'success', data: { activity: activity.id, option, votes: tally, remaining } };
}

// --- the app ---------------------------------------------------------------------------------------
const app = new Koa();
app.proxy = false;
const router = new Router();
router.post('/v1/leaderboards/:board/scores', async (ctx, next) => { ctx.state.board = boardOf(ctx); await next(); },
  parseJson, submitScore);
router.get('/v1/leaderboards/:board/members/:member', standing);
router.post('/v1/votes/:activity/ballots', parseJson, vote);

app.use(requestIdAndAccessLog(ACCESS_LOG));
app.use(envelope());
app.use(router.routes());
app.use(router.allowedMethods());

redis.ping().then(() => {
  app.listen(PORT, '127.0.0.1', () => {
    console.log(`READY koa ops http://127.0.0.1:${PORT} redis ${process.env.REDIS_URL} prefix ${PREFIX}`);
  });
}, (e) => {
  console.error(`cannot reach Redis: ${e.message}`);
  process.exit(1);
});
