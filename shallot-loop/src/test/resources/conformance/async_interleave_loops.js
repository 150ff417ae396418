// Two async functions awaiting in loops interleave one hop at a time; awaiting a timer-backed promise yields to the loop.
async function worker(name, n) {
  for (let i = 1; i <= n; i++) {
    await null;
    console.log(name + ' ' + i);
  }
  return name + ' done';
}
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));
async function main() {
  const a = worker('a', 3);
  const b = worker('b', 2);
  console.log(await a);
  console.log(await b);
  await sleep(5);
  console.log('after sleep');
}
main().then(() => console.log('main done'));
console.log('sync');
