// Rejections skip then callbacks; catch recovers (1 hop per link); finally costs extra hops (it resolves with a promise internally).
Promise.resolve()
  .then(() => console.log('t1'))
  .then(() => console.log('t2'))
  .then(() => console.log('t3'))
  .then(() => console.log('t4'))
  .then(() => console.log('t5'))
  .then(() => console.log('t6'))
  .then(() => console.log('t7'));
Promise.reject(new Error('boom'))
  .then(() => console.log('never'))
  .catch(e => { console.log('catch ' + e.message); return 'recovered'; })
  .then(v => console.log('after catch ' + v));
Promise.resolve('value')
  .finally(() => console.log('finally'))
  .then(v => console.log('after finally ' + v));
Promise.reject(new Error('kept'))
  .finally(() => console.log('finally on rejection'))
  .catch(e => console.log('after finally rejection ' + e.message));
