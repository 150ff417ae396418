// Returning a promise after an await: the continuation resolves the async function's promise with a thenable (+2 hops), exactly like returning a promise from then.
Promise.resolve()
  .then(() => console.log('t1'))
  .then(() => console.log('t2'))
  .then(() => console.log('t3'))
  .then(() => console.log('t4'))
  .then(() => console.log('t5'))
  .then(() => console.log('t6'));
async function f() {
  await null;
  console.log('f resumed');
  return Promise.resolve('x');
}
async function g() {
  await null;
  console.log('g resumed');
  return 'y';
}
f().then(v => console.log('f returned ' + v));
g().then(v => console.log('g returned ' + v));
