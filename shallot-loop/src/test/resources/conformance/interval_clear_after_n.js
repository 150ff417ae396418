// setInterval repeats until clearInterval (called from its own callback after 3 runs); microtasks run after each run.
let n = 0;
const iv = setInterval(() => {
  n++;
  console.log('interval ' + n);
  Promise.resolve().then(() => console.log('microtask ' + n));
  if (n === 3) {
    clearInterval(iv);
    console.log('cleared');
  }
}, 5);
setTimeout(() => console.log('done ' + n), 100);
