// Recursive microtasks and recursive nextTicks all run before any timer.
setTimeout(() => console.log('timeout'), 0);
let p = 0;
function promiseLoop() {
  p++;
  if (p < 1000) Promise.resolve().then(promiseLoop);
  else console.log('promises done ' + p);
}
let t = 0;
function tickLoop() {
  t++;
  if (t < 1000) process.nextTick(tickLoop);
  else console.log('ticks done ' + t);
}
promiseLoop();
tickLoop();
console.log('sync');
