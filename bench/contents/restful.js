'use strict';
// The RESTful server of section 四 in Koa: GET /v1/contents?page=1&size=10 reads a page of
// contents (natural order) from MongoDB, collects their user ids, fetches those users with ONE
// batched call to the API server (GET /v1/userinfos?user_ids=...), and merges each as user_info
// ({} for an unknown user). The document's contentService.filterUserinfo, no cache.
// If the API server fails, the contents are served with empty user_info (as Shallot does).
// Usage: MONGODB_URI=... API_URL=http://127.0.0.1:5000 PORT=4000 node restful.js
const http = require('http');
const Koa = require('koa');
const Router = require('@koa/router');
const { collection } = require('./db');
const { resApi, notFound } = require('./envelope');

const MAX_SIZE = 50;
const API_URL = process.env.API_URL || 'http://127.0.0.1:5000';
const TIMEOUT_MS = 800;
// Node 20's global agent keeps connections alive already; an explicit one says so.
const agent = new http.Agent({ keepAlive: true });

// GET a URL of the API server, resolve with the envelope's data (request-promise replaced by http).
function apiGet(path) {
  return new Promise((resolve, reject) => {
    const req = http.get(API_URL + path, { agent, timeout: TIMEOUT_MS }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        try {
          if (res.statusCode !== 200) throw new Error(`API answered HTTP ${res.statusCode}`);
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          if (body.ret !== 0) throw new Error(`API answered ret ${body.ret}: ${body.message}`);
          resolve(body.data);
        } catch (e) {
          reject(e);
        }
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`API call timed out after ${TIMEOUT_MS} ms`)));
    req.on('error', reject);
  });
}

async function filterUserinfo(contents) {
  const ids = [...new Set(contents.map((c) => c.user_id).filter((id) => typeof id === 'number'))];
  if (ids.length === 0) return contents.map((c) => ({ ...c, user_info: {} }));
  let byId = new Map();
  try {
    const users = await apiGet(`/v1/userinfos?user_ids=${ids.join(',')}`);
    byId = new Map(users.map((u) => [u.id, u]));
  } catch (e) {
    console.warn(`user infos unavailable, serving contents without them: ${e.message}`);
  }
  return contents.map((c) => ({ ...c, user_info: byId.get(c.user_id) || {} }));
}

function positive(value, fallback, max) {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !/^[0-9]{1,9}$/.test(value)) return null;
  const n = Number(value);
  return n >= 1 && n <= max ? n : null;
}

const app = new Koa();
const router = new Router();

router.get('/v1/contents', async (ctx) => {
  const page = positive(ctx.query.page, 1, Math.floor(2147483647 / MAX_SIZE));
  const size = positive(ctx.query.size, 10, MAX_SIZE);
  if (page === null || size === null) {
    return resApi(ctx, false, `params error: page is a positive integer, size is 1..${MAX_SIZE}`, null, 400);
  }
  // Natural order, as the document's queryData({}, {limit: 10}) and Shallot's ContentModel.page
  const contents = await (await collection('content'))
    .find({}, { skip: (page - 1) * size, limit: size, projection: { _id: 0 } })
    .toArray();
  return resApi(ctx, true, 'success', await filterUserinfo(contents));
});

router.get('/v1/test', (ctx) => {
  ctx.body = 'good';
});

app.use(notFound());
app.use(router.routes());
app.use(router.allowedMethods());

const port = Number(process.env.PORT || 4000);
app.listen(port, '127.0.0.1', () => {
  console.log(`READY koa restful http://127.0.0.1:${port}/v1/contents?page=1&size=10`);
});
