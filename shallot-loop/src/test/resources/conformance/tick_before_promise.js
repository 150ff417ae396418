// Sync code first, then all nextTicks, then promise reactions / queueMicrotask in FIFO order.
Promise.resolve().then(() => console.log('promise 1'));
queueMicrotask(() => console.log('microtask 1'));
process.nextTick(() => console.log('tick 1'));
Promise.resolve().then(() => console.log('promise 2'));
process.nextTick(() => console.log('tick 2'));
queueMicrotask(() => console.log('microtask 2'));
console.log('sync');
