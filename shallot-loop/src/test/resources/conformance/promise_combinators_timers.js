// Combinators over timer-backed promises, run one after the other (so a stalled main thread cannot reorder lines): all keeps input order whatever the settle order; race/any take the first to settle/fulfil; allSettled reports every outcome; all rejects with the first rejection; any with all rejected gives an AggregateError.
const later = (ms, v) => new Promise(resolve => setTimeout(() => resolve(v), ms));
const fail = (ms, msg) => new Promise((_, reject) => setTimeout(() => reject(new Error(msg)), ms));
Promise.all([later(60, 'slow'), later(10, 'fast'), later(35, 'mid')])
  .then(v => {
    console.log('all ' + v.join(','));
    return Promise.race([later(200, 'slow'), later(10, 'fast')]);
  })
  .then(v => {
    console.log('race ' + v);
    return Promise.any([fail(5, 'f1'), later(60, 'ok'), fail(1, 'f2')]);
  })
  .then(v => {
    console.log('any ' + v);
    return Promise.allSettled([later(5, 'v'), fail(30, 'r')]);
  })
  .then(rs => {
    rs.forEach(r => console.log('settled ' + r.status + ' ' + (r.status === 'fulfilled' ? r.value : r.reason.message)));
    return Promise.all([later(200, 'never used'), fail(20, 'all failed')]);
  })
  .catch(e => {
    console.log('all rejected ' + e.message);
    return Promise.any([fail(1, 'x'), fail(20, 'y')]);
  })
  .catch(e => console.log('any rejected ' + e.constructor.name + ' ' + e.errors.map(x => x.message).join(',')));
