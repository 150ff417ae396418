// The timers phase works with the loop time taken when it started: a 400 ms timer that becomes due while a 5 ms timer busy-waits 500 ms waits for the next iteration, so an immediate queued by the busy timer runs first. (400 ms, not less: the scenario needs the loop's first timers phase to start before B is due, and a loaded machine can stall a fresh process that long.)
setTimeout(() => {
  console.log('A (5 ms), busy 500 ms');
  setImmediate(() => console.log('immediate from A'));
  const end = Date.now() + 500;
  while (Date.now() < end) { /* spin */ }
}, 5);
setTimeout(() => console.log('B (400 ms)'), 400);
