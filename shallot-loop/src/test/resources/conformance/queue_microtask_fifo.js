// queueMicrotask shares the FIFO queue with promise reactions; nextTick queued from a microtask waits for the queue to drain.
queueMicrotask(() => {
  console.log('A');
  queueMicrotask(() => console.log('C (queued by A)'));
  process.nextTick(() => console.log('T (tick queued by A)'));
});
Promise.resolve().then(() => {
  console.log('B');
  queueMicrotask(() => console.log('D (queued by B)'));
});
queueMicrotask(() => console.log('E'));
console.log('sync');
