// Microtask hops of Promise.all / allSettled / any / race over already-resolved promises, against a ticker chain.
Promise.resolve()
  .then(() => console.log('t1'))
  .then(() => console.log('t2'))
  .then(() => console.log('t3'))
  .then(() => console.log('t4'));
const a = Promise.resolve('a');
const b = Promise.resolve('b');
Promise.all([a, b]).then(v => console.log('all ' + v.join(',')));
Promise.allSettled([a, Promise.reject(new Error('e'))])
  .then(v => console.log('allSettled ' + v.map(s => s.status).join(',')));
Promise.any([Promise.reject(new Error('e')), b]).then(v => console.log('any ' + v));
Promise.race([a, b]).then(v => console.log('race ' + v));
Promise.all([]).then(v => console.log('all empty ' + v.length));
