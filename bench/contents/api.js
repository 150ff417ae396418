'use strict';
// The API server of section 四 in Koa: GET /v1/userinfos?user_ids=1001,1002 answers the users
// with those ids from MongoDB (collection user), in the {ret, message, data} envelope.
// A straightforward implementation: one find per request, no cache.
// Usage: MONGODB_URI=mongodb://127.0.0.1:27017 PORT=5000 node api.js
const Koa = require('koa');
const Router = require('@koa/router');
const { collection } = require('./db');
const { resApi, notFound } = require('./envelope');

const MAX_IDS = 100;
const app = new Koa();
const router = new Router();

router.get('/v1/userinfos', async (ctx) => {
  const raw = ctx.query.user_ids;
  if (typeof raw !== 'string' || raw === '') {
    return resApi(ctx, false, 'params error', null, 400);
  }
  const ids = [];
  for (const id of raw.split(',')) {
    if (!/^[0-9]{1,9}$/.test(id)) {
      return resApi(ctx, false, 'params error: user_ids must be comma-separated digits', null, 400);
    }
    const n = Number(id);
    if (!ids.includes(n)) ids.push(n);
  }
  if (ids.length > MAX_IDS) {
    return resApi(ctx, false, `params error: at most ${MAX_IDS} user_ids per call`, null, 400);
  }
  const users = await (await collection('user'))
    .find({ id: { $in: ids } }, { projection: { _id: 0 } })
    .toArray();
  return resApi(ctx, true, 'success', users);
});

app.use(notFound());
app.use(router.routes());
app.use(router.allowedMethods());

const port = Number(process.env.PORT || 5000);
app.listen(port, '127.0.0.1', () => {
  console.log(`READY koa api http://127.0.0.1:${port}/v1/userinfos?user_ids=1001,1002`);
});
