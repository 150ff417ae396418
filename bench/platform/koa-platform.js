'use strict';
// The Koa peer of Shallot's middle platform (shallot-platform, README section 三) for
// bench/platform.sh: two of its services as the demo serves them (io.shallot.examples.platform.DemoPlatform).
//
//   GET /v1/configs/:name          ?version=&device=&region=&lang= (or the headers)  config delivery
//   GET /v1/users/:uid/badges                                                        inbox badges
//
// Config delivery (io.shallot.platform.config.Configs, ConfigRoutes, ClientProfile, ConfigRule,
// internal/Resolution, internal/Merge): the rules of a name are read from MongoDB's config_rules
// (the official mongodb driver, the same database and documents Shallot reads) at most once per
// 5 s in this process (a Map with expiry; concurrent readers share the one read), sorted by
// specificity, priority, updatedAt, id; per request the enabled rules matching the client are
// merged in that order as JSON Merge Patch, the ETag is the SHA-256 hex of the merged config's JSON
// (JSON.stringify writes the keys in the order Jackson's ObjectNode keeps them: insertion order),
// with ETag, Cache-Control, Vary and If-None-Match as Shallot. Unlike Shallot, no answer is
// memoized: the merge and the SHA-256 run on every request (a Node team's straightforward code).
// Not mirrored: file packages (the demo's rules have none), integer-like object keys (JS orders
// them first) and numbers beyond 2^53 in rule values.
//
// Badges (io.shallot.platform.inbox.Inbox.badges, internal/Counts, internal/Tidier): the very
// state.lua of shallot-platform (ioredis defineCommand: EVALSHA, EVAL on NOSCRIPT), the topic
// tidy through broadcast.lua at most once a second per topic, then one ZCOUNT per followed topic
// and category (ZMSCORE for broadcasts read one by one), on the same keys: ioredis' keyPrefix is
// Shallot's, shallot:platform-demo:, so both sides read the same users' state.
//
// Like Shallot's PlatformApp, every response carries an X-Request-Id and every request writes one
// access-log line (to stderr). Answers are the envelope {ret, message, data}.
//
// Usage: MONGODB_URI=mongodb://127.0.0.1:27117 REDIS_URL=redis://127.0.0.1:6379 PORT=4402 node koa-platform.js
//   SCRIPTS=<dir of shallot-platform's io/shallot/platform resources> (default: the repository's)
//   PREFIX=shallot:platform-demo:  DATABASE=nodejs_cloumn  ACCESS_LOG=0 turns the access log off
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const Koa = require('koa');
const { requestIdAndAccessLog } = require('../lib/koa-edge');
const Router = require('@koa/router');
const Redis = require('ioredis');
const { MongoClient } = require('mongodb');

const SCRIPTS = process.env.SCRIPTS
  || path.join(__dirname, '..', '..', 'shallot-platform', 'src', 'main', 'resources', 'io', 'shallot', 'platform');
const PREFIX = process.env.PREFIX || 'shallot:platform-demo:';
const PORT = Number(process.env.PORT || 4402);
const DATABASE = process.env.DATABASE || 'nodejs_cloumn'; // MongoSettings.DEFAULT_DATABASE
const ACCESS_LOG = process.env.ACCESS_LOG !== '0';
const CACHE_TTL_MS = 5000;
const MAX_RULES_PER_CONFIG = 100;

// --- errors: the envelope, as Shallot's HttpException ---------------------------------------------
class HttpError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
    this.expose = status < 500;
  }
}
const fail = (status, message) => { throw new HttpError(status, message); };
const STATUS_TEXT = require('http').STATUS_CODES;

function envelope() {
  return async (ctx, next) => {
    try {
      await next();
      const status = ctx.status;
      if (ctx.body == null && (status === 404 || status === 405)) {
        ctx.body = { ret: -1, message: STATUS_TEXT[status], data: {} };
        ctx.status = status;
      }
    } catch (err) {
      let status = err.status || err.statusCode || 500;
      let message;
      if (err instanceof HttpError) {
        message = err.message;
      } else if (err.name === 'ReplyError' || (err.message || '').includes('Connection is closed')) {
        status = 503;
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

// --- config delivery ---------------------------------------------------------------------------------
// Version: 1-4 dot-separated numbers of up to 9 digits, compared number by number, missing ones 0
const VERSION = /^\d{1,9}(\.\d{1,9}){0,3}$/;
function parseVersion(field, text) {
  if (typeof text !== 'string' || !VERSION.test(text)) {
    fail(400, `${field} must be 1 to 4 dot-separated numbers of up to 9 digits, such as 2.10.1`);
  }
  return text.split('.').map(Number);
}
function compareVersions(a, b) {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] || 0;
    const y = b[i] || 0;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}
const DEVICE = /^[a-z0-9-]{1,32}$/;
const REGION = /^[A-Z]{2}$/;
const LANGUAGE = /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/;
const CONFIG_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;
function device(field, raw) {
  const d = raw.toLowerCase();
  if (!DEVICE.test(d)) fail(400, `${field} must be 1 to 32 of a-z 0-9 -, such as ios or android`);
  return d;
}
function region(field, raw) {
  const r = raw.toUpperCase();
  if (!REGION.test(r)) fail(400, `${field} must be an ISO 3166 alpha-2 code, such as CN or US`);
  return r;
}
function language(field, raw) {
  if (raw.length > 64 || !LANGUAGE.test(raw)) {
    fail(400, `${field} must be a BCP 47 language tag of up to 64 characters, such as en-US or zh-Hant-TW`);
  }
  const subtags = raw.split('-');
  let tag = subtags[0].toLowerCase();
  let extension = false;
  for (let i = 1; i < subtags.length; i++) {
    let s = subtags[i].toLowerCase();
    extension = extension || s.length === 1;
    const letters = /^[a-z]+$/.test(s);
    if (!extension && letters && s.length === 2) s = s.toUpperCase();
    else if (!extension && letters && s.length === 4) s = s[0].toUpperCase() + s.slice(1);
    tag += `-${s}`;
  }
  return tag;
}
const languageCovers = (rule, client) => {
  const r = rule.toLowerCase();
  const c = client.toLowerCase();
  return c === r || c.startsWith(`${r}-`);
};

// the client profile: the query, else the headers (ClientProfile.of)
const PARTS = [
  { key: 'version', query: 'version', header: 'X-App-Version' },
  { key: 'device', query: 'device', header: 'X-Device' },
  { key: 'region', query: 'region', header: 'X-Region' },
  { key: 'language', query: 'lang', header: 'Accept-Language' },
];
function queryValue(ctx, name) {
  const v = ctx.query[name];
  if (v === undefined) return null;
  if (Array.isArray(v)) {
    if (v.length === 0) return null;
    if (v.length > 1) fail(400, `${name} must be given once`);
  }
  const value = (Array.isArray(v) ? v[0] : v).trim();
  return value === '' ? null : value;
}
function profileOf(ctx) {
  const raw = {};
  const source = {};
  const headersRead = [];
  for (const part of PARTS) {
    let value = queryValue(ctx, part.query);
    source[part.key] = value !== null ? part.query : part.header;
    if (value === null) {
      const header = ctx.get(part.header);
      if (header !== '' && header.trim() !== '') {
        if (part.key !== 'language') value = header.trim();
        else {
          const first = header.split(',')[0].split(';')[0].trim();
          value = first === '' || first === '*' ? null : first;
        }
      }
    }
    raw[part.key] = value;
  }
  for (const part of PARTS) if (queryValue(ctx, part.query) === null) headersRead.push(part.header);
  // Shallot's rollouts bucket clients by device id, so its answers vary on X-Device-Id; the seeded
  // rules have no rollout, so the subject changes no answer here and this peer does not read it
  if (queryValue(ctx, 'deviceId') === null) headersRead.push('X-Device-Id');
  return {
    client: {
      version: raw.version === null ? null : parseVersion(source.version, raw.version),
      device: raw.device === null ? null : device(source.device, raw.device),
      region: raw.region === null ? null : region(source.region, raw.region),
      language: raw.language === null ? null : language(source.language, raw.language),
    },
    headersRead,
  };
}

// a rule from its document (RuleDocs.rule)
function ruleOf(doc) {
  const rule = {
    id: doc._id,
    minVersion: doc.minVersion == null ? null : parseVersion('version', doc.minVersion),
    maxVersion: doc.maxVersion == null ? null : parseVersion('version', doc.maxVersion),
    devices: new Set(doc.devices || []),
    regions: new Set(doc.regions || []),
    languages: [...new Set(doc.languages || [])],
    priority: doc.priority,
    enabled: doc.enabled,
    value: JSON.parse(doc.value),
    filePackage: doc.package || null,
    updatedAt: Number(doc.updatedAt),
  };
  rule.specificity = (rule.minVersion || rule.maxVersion ? 1 : 0) + (rule.devices.size ? 1 : 0)
    + (rule.regions.size ? 1 : 0) + (rule.languages.length ? 1 : 0);
  return rule;
}
const precedence = (a, b) => (a.specificity - b.specificity) || (a.priority - b.priority)
  || (a.updatedAt - b.updatedAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
function matches(rule, c) {
  if (!rule.enabled) return false;
  if (rule.minVersion || rule.maxVersion) {
    if (!c.version) return false;
    if (rule.minVersion && compareVersions(c.version, rule.minVersion) < 0) return false;
    if (rule.maxVersion && compareVersions(c.version, rule.maxVersion) >= 0) return false;
  }
  if (rule.devices.size && !(c.device !== null && rule.devices.has(c.device))) return false;
  if (rule.regions.size && !(c.region !== null && rule.regions.has(c.region))) return false;
  if (rule.languages.length && !(c.language !== null && rule.languages.some((l) => languageCovers(l, c.language)))) return false;
  return true;
}
const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
// JSON Merge Patch into target (Merge.apply): objects merge, null removes, anything else replaces
function merge(target, patch) {
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete target[key];
    else if (isObject(value)) target[key] = merge(isObject(target[key]) ? target[key] : {}, value);
    else target[key] = value; // arrays and scalars are never changed in place, so sharing them is safe
  }
  return target;
}

// the rules of a name, read at most once per CACHE_TTL_MS (a Map with expiry; one read shared)
let rulesCollection;
const ruleCache = new Map();
function rulesOf(name) {
  const now = Date.now();
  const hit = ruleCache.get(name);
  if (hit && hit.expires > now) return hit.rules;
  const rules = rulesCollection.find({ name }).limit(MAX_RULES_PER_CONFIG * 2).toArray()
    .then((docs) => docs.map(ruleOf).sort(precedence));
  ruleCache.set(name, { expires: now + CACHE_TTL_MS, rules });
  rules.catch(() => { if (ruleCache.get(name)?.rules === rules) ruleCache.delete(name); });
  return rules;
}

function notModified(ifNoneMatch, etag) {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || (t.startsWith('W/') ? t.slice(2) : t) === etag;
  });
}

async function config(ctx) {
  const { client, headersRead } = profileOf(ctx);
  const name = ctx.params.name;
  if (!CONFIG_NAME.test(name)) fail(400, 'config name must be 1 to 64 of a-z 0-9 . _ -, starting with a letter or digit');
  const rules = await rulesOf(name);
  const matched = rules.filter((rule) => matches(rule, client));
  if (matched.length === 0) fail(404, `no config ${name} for this client`);
  const merged = {};
  for (const rule of matched) merge(merged, rule.value);
  const json = JSON.stringify(merged);
  const etag = crypto.createHash('sha256').update(json, 'utf8').digest('hex');
  const quoted = `"${etag}"`;
  ctx.set('ETag', quoted);
  ctx.set('Cache-Control', 'private, max-age=60');
  if (headersRead.length) ctx.set('Vary', headersRead.join(', '));
  if (notModified(ctx.get('If-None-Match'), quoted)) {
    ctx.status = 304;
    return;
  }
  ctx.body = { ret: 0, message: 'success', data: { name, etag, config: merged } };
}

// --- inbox badges ----------------------------------------------------------------------------------
const CATEGORIES = ['system', 'activity', 'social', 'order']; // InboxSettings.defaults()
const TOPICS = []; // the settings' topics besides "all", which every user follows
const ALL_TOPICS = ['all', ...TOPICS];
const KEPT = String((90 + 1) * 86400000); // InboxScripts.KEPT: Outgoing.MAX_TTL_DAYS + 1 days
const UID = /^[A-Za-z0-9._:-]{1,128}$/;
const SINGLE_ID = /^[0-9a-f]{20}$/;

const redis = new Redis(process.env.REDIS_URL || 'redis://127.0.0.1:6379', { keyPrefix: PREFIX });
const lua = (file) => fs.readFileSync(path.join(SCRIPTS, file), 'utf8');
redis.defineCommand('inboxState', { numberOfKeys: 9, lua: lua('inbox/internal/state.lua') });
redis.defineCommand('inboxBroadcast', { numberOfKeys: 2 + CATEGORIES.length, lua: lua('inbox/internal/broadcast.lua') });
redis.on('error', (e) => console.error(`redis: ${e.message}`));

const userKeys = (uid) => {
  const base = `inbox:u:{${uid}}:`; // ioredis adds the prefix
  return ['box', 'meta', 'unread', 'expiry', 'dots', 'topics', 'cursors', 'read', 'hidden'].map((k) => base + k);
};
const topicCategory = (topic, category) => `inbox:t:{${topic}}:c:${category}`;
const topicKeys = (topic) => [`inbox:t:{${topic}}:all`, `inbox:t:{${topic}}:expiry`, ...CATEGORIES.map((c) => topicCategory(topic, c))];

// a topic's expired broadcasts dropped at most once a second per topic (Tidier)
const tidied = new Map();
function tidy(topic, now) {
  const last = tidied.get(topic);
  if (last !== undefined && now >= last && now - last < 1000) return Promise.resolve();
  tidied.set(topic, now);
  return redis.inboxBroadcast(...topicKeys(topic), '', '0', '1', '0', String(now), '1', KEPT);
}
const pairs = (flat) => { const m = new Map(); for (let i = 0; i + 1 < flat.length; i += 2) m.set(flat[i], Number(flat[i + 1])); return m; };

async function badges(ctx) {
  const uid = ctx.params.uid;
  if (!UID.test(uid)) fail(400, 'uid must be 1-128 characters of A-Z a-z 0-9 . _ : -');
  const now = Date.now();
  const [unreadFlat, dots, topics, cursorsFlat, readSingles] = await redis.inboxState(...userKeys(uid), String(now), KEPT);
  const unread = pairs(unreadFlat);
  const cursors = pairs(cursorsFlat);
  const followed = new Set(topics);
  const topicsCounted = ALL_TOPICS.filter((t) => t === 'all' || followed.has(t));
  const counts = [];
  for (const topic of topicsCounted) {
    const tidying = tidy(topic, now);
    const cursor = cursors.get(topic) || 0;
    for (const category of CATEGORIES) {
      counts.push(tidying.then(async () => {
        const key = topicCategory(topic, category);
        const singles = readSingles.map((m) => m.split('/')).filter((p) => p.length >= 3 && p[0] === topic
          && p[1] === category && SINGLE_ID.test(p.slice(2).join('/')) && parseInt(p[2].slice(0, 14), 16) > cursor).map((p) => p.slice(2).join('/'));
        const above = redis.zcount(key, `(${cursor}`, '+inf');
        if (singles.length === 0) return Number(await above);
        const [count, scores] = await Promise.all([above, redis.zmscore(key, ...singles)]);
        return Math.max(0, Number(count) - scores.filter((s) => s !== null).length);
      }));
    }
  }
  const broadcast = await Promise.all(counts);
  const categories = {};
  let total = 0;
  CATEGORIES.forEach((category, c) => {
    let n = Math.max(0, unread.get(category) || 0);
    for (let t = 0; t < topicsCounted.length; t++) n += broadcast[t * CATEGORIES.length + c];
    categories[category] = n;
    total += n;
  });
  const lit = new Set();
  for (const dot of dots) {
    for (let at = dot.indexOf('.'); at >= 0; at = dot.indexOf('.', at + 1)) lit.add(dot.slice(0, at));
    lit.add(dot);
  }
  ctx.body = { ret: 0, message: 'success', data: { total, categories, dots: [...lit].sort() } };
}

// --- the app ---------------------------------------------------------------------------------------
const app = new Koa();
app.proxy = false;
const router = new Router();
router.get('/v1/configs/:name', config);
router.get('/v1/users/:uid/badges', badges);

app.use(requestIdAndAccessLog(ACCESS_LOG));
app.use(envelope());
app.use(router.routes());
app.use(router.allowedMethods());

(async () => {
  const mongo = new MongoClient(process.env.MONGODB_URI || 'mongodb://127.0.0.1:27017');
  await mongo.connect();
  rulesCollection = mongo.db(DATABASE).collection('config_rules');
  await redis.ping();
  app.listen(PORT, '127.0.0.1', () => {
    console.log(`READY koa platform http://127.0.0.1:${PORT} mongodb ${process.env.MONGODB_URI} redis ${process.env.REDIS_URL} prefix ${PREFIX}`);
  });
})().catch((e) => {
  console.error(`cannot start: ${e.message}`);
  process.exit(1);
});
