// Immediates queued while the check phase runs wait for the next loop iteration; microtasks still run between immediates.
setImmediate(() => {
  console.log('A');
  setImmediate(() => {
    console.log('C (queued by A)');
    setImmediate(() => console.log('E (queued by C)'));
  });
  Promise.resolve().then(() => console.log('microtask from A'));
});
setImmediate(() => {
  console.log('B');
  setImmediate(() => console.log('D (queued by B)'));
});
console.log('sync');
