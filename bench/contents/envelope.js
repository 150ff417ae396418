'use strict';
// The document's setResInfo / resApi: {ret: 0 | -1, message, data}; data defaults to {}.
function resApi(ctx, success, message, data, status) {
  ctx.status = status || 200;
  ctx.body = {
    ret: success ? 0 : -1,
    message: message || (success ? 'success' : 'error'),
    data: data == null ? {} : data,
  };
}

// Unknown routes answer 404 in the envelope, as Shallot's "path not found".
function notFound() {
  return async (ctx, next) => {
    await next();
    if (ctx.status === 404 && ctx.body == null) {
      resApi(ctx, false, 'path not found', null, 404);
    }
  };
}

module.exports = { resApi, notFound };
