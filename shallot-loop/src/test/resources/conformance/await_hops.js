// await of an already-resolved native promise and await of a plain value each take exactly 1 microtask hop (same as .then).
Promise.resolve()
  .then(() => console.log('t1'))
  .then(() => console.log('t2'))
  .then(() => console.log('t3'))
  .then(() => console.log('t4'));
async function awaitResolved() {
  await Promise.resolve();
  console.log('after await resolved promise');
  await Promise.resolve();
  console.log('after second await');
}
async function awaitValue() {
  const v = await 42;
  console.log('after await value ' + v);
}
awaitResolved();
awaitValue();
