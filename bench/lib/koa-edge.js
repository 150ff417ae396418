// What the Koa peers of bench/ops.sh and bench/platform.sh put in front of their routes, as Shallot's
// RequestId + AccessLog do: X-Request-Id (the incoming one when valid, else 16 random hex digits) and
// one access-log line per request on stderr, in AccessLog's format. Needs nothing but Node itself.
const crypto = require('crypto');

const VALID_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

function requestIdAndAccessLog(accessLog) {
  return async (ctx, next) => {
    const start = process.hrtime.bigint();
    const incoming = ctx.get('X-Request-Id');
    const id = VALID_REQUEST_ID.test(incoming) ? incoming : crypto.randomBytes(8).toString('hex');
    ctx.set('X-Request-Id', id);
    if (accessLog) {
      ctx.res.once('finish', () => {
        const ms = Number(process.hrtime.bigint() - start) / 1e6;
        process.stderr.write(`time=${new Date().toISOString()} method=${ctx.method} path=${ctx.path} status=${ctx.status}`
          + ` duration_ms=${ms.toFixed(1)} request_id=${id} remote=${ctx.ip} route=${ctx._matchedRoute || '-'}\n`);
      });
    }
    await next();
  };
}

module.exports = { requestIdAndAccessLog };
