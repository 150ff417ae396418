// clearImmediate works on an immediate queued in the same check phase (it is skipped) and on one queued for the next iteration.
let b, d;
setImmediate(() => {
  console.log('a');
  clearImmediate(b);
  d = setImmediate(() => console.log('never d'));
  setImmediate(() => {
    console.log('e');
  });
  clearImmediate(d);
});
b = setImmediate(() => console.log('never b'));
setImmediate(() => console.log('c'));
