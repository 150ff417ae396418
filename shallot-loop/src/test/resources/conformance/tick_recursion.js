// nextTicks scheduled from nextTicks run before any promise reaction (the tick queue is drained completely first).
Promise.resolve().then(() => console.log('promise'));
let n = 0;
function tick() {
  n++;
  console.log('tick ' + n);
  if (n < 5) process.nextTick(tick);
}
process.nextTick(tick);
process.nextTick(() => {
  console.log('tick other');
  process.nextTick(() => console.log('tick nested'));
});
console.log('sync');
