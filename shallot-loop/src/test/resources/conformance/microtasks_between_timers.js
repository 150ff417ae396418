// Node >= 11: ticks and microtasks are drained after EACH timer callback, not after the whole timers phase. A 5 ms busy-wait makes both timers due together.
setTimeout(() => {
  console.log('timeout 1');
  process.nextTick(() => console.log('tick 1'));
  Promise.resolve().then(() => console.log('promise 1'));
}, 1);
setTimeout(() => {
  console.log('timeout 2');
  process.nextTick(() => console.log('tick 2'));
  Promise.resolve().then(() => console.log('promise 2'));
}, 1);
const end = Date.now() + 5;
while (Date.now() < end) { /* spin */ }
