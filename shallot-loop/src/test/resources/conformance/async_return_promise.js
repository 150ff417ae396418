// An async function that returns a promise settles its own promise 2 hops later than one that returns a plain value (resolve-with-thenable).
Promise.resolve()
  .then(() => console.log('t1'))
  .then(() => console.log('t2'))
  .then(() => console.log('t3'))
  .then(() => console.log('t4'))
  .then(() => console.log('t5'));
async function returnsPromise() {
  return Promise.resolve('promise');
}
async function returnsValue() {
  return 'value';
}
returnsPromise().then(v => console.log('returned ' + v));
returnsValue().then(v => console.log('returned ' + v));
