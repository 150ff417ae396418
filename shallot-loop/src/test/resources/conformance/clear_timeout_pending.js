// clearTimeout of a pending timer prevents it; clearing a fired timer, null or undefined is a no-op; clearImmediate likewise.
const t1 = setTimeout(() => console.log('never t1'), 50);
const t2 = setTimeout(() => {
  console.log('t2');
  clearTimeout(t2);
}, 50);
clearTimeout(t1);
clearTimeout(null);
clearTimeout(undefined);
const im = setImmediate(() => console.log('never immediate'));
clearImmediate(im);
clearImmediate(null);
setImmediate(() => console.log('immediate'));
setTimeout(() => {
  clearTimeout(t2);
  console.log('end');
}, 100);
