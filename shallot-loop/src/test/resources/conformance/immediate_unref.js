// An unref'd immediate runs only if something else keeps the loop alive: here the 10 ms timer does, and the unref'd immediate queued by that timer is dropped when the loop ends.
const i = setImmediate(() => {
  console.log('unref immediate (loop kept alive by the timer)');
});
console.log('unref returns the immediate: ' + (i.unref() === i) + ', hasRef ' + i.hasRef());
setTimeout(() => {
  console.log('timer');
  setImmediate(() => console.log('never: unref immediate with nothing else alive')).unref();
}, 10);
