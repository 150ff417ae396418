// An interval cleared from another timer stops; clearInterval on an already cleared interval and on null/undefined is harmless.
let n = 0;
const iv = setInterval(() => { n++; }, 10);
setTimeout(() => {
  clearInterval(iv);
  console.log('ran: ' + (n >= 1));
  const before = n;
  setTimeout(() => {
    console.log('stopped: ' + (n === before));
    clearInterval(iv);
    clearInterval(null);
    clearInterval(undefined);
    console.log('end');
  }, 50);
}, 100);
