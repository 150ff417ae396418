// The timers phase works with the loop time taken when it started: a 100 ms timer that becomes due while a 5 ms timer busy-waits 200 ms waits for the next iteration, so an immediate queued by the busy timer runs first.
setTimeout(() => {
  console.log('A (5 ms), busy 200 ms');
  setImmediate(() => console.log('immediate from A'));
  const end = Date.now() + 200;
  while (Date.now() < end) { /* spin */ }
}, 5);
setTimeout(() => console.log('B (100 ms)'), 100);
