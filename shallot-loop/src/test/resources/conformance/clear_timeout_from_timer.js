// A timer can cancel another timer that is due in the same timers phase (b) and one due later (c).
let b, c;
setTimeout(() => {
  console.log('a');
  clearTimeout(b);
  clearTimeout(c);
}, 5);
b = setTimeout(() => console.log('never b'), 5);
c = setTimeout(() => console.log('never c'), 30);
setTimeout(() => console.log('d'), 5);
setTimeout(() => console.log('e'), 40);
