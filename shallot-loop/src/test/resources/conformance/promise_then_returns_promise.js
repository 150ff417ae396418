// Returning a promise from a then callback costs 2 extra microtask hops (NewPromiseResolveThenableJob + the inner then), compared with returning a plain value.
Promise.resolve()
  .then(() => console.log('t1'))
  .then(() => console.log('t2'))
  .then(() => console.log('t3'))
  .then(() => console.log('t4'))
  .then(() => console.log('t5'));
Promise.resolve()
  .then(() => Promise.resolve('inner'))
  .then(v => console.log('returned promise: ' + v));
Promise.resolve()
  .then(() => 'plain')
  .then(v => console.log('returned value: ' + v));
