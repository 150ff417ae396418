// A nextTick scheduled inside a promise callback runs only after the whole microtask queue (including microtasks queued meanwhile) is empty.
Promise.resolve().then(() => {
  console.log('A');
  process.nextTick(() => {
    console.log('tick from A');
    Promise.resolve().then(() => console.log('promise from tick'));
    process.nextTick(() => console.log('tick from tick'));
  });
  Promise.resolve().then(() => console.log('B (queued by A)'));
});
Promise.resolve().then(() => console.log('C'));
setTimeout(() => console.log('timeout'), 0);
console.log('sync');
