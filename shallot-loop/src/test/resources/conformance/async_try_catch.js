// await of a rejected promise throws inside the async function; try/catch/finally around it; a rejected async function rejects its promise.
async function f() {
  try {
    await Promise.reject(new Error('boom'));
    console.log('never');
  } catch (e) {
    console.log('caught ' + e.message);
  } finally {
    console.log('finally');
  }
  return 'ok';
}
async function g() {
  await null;
  throw new Error('thrown');
}
f().then(v => console.log('f ' + v));
g().catch(e => console.log('g rejected ' + e.message));
console.log('sync');
