// A chain of 0 ms timers, each scheduling the next; a 100 ms timer fires after the chain ends (the chain takes ~5 ms).
let n = 0;
function step() {
  n++;
  console.log('step ' + n);
  if (n < 5) setTimeout(step, 0);
}
setTimeout(step, 0);
setTimeout(() => console.log('100 ms'), 100);
