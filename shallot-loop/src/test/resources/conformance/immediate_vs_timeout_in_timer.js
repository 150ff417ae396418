// Inside a timer callback, setImmediate always runs before setTimeout(0): check comes before the next timers phase.
setTimeout(() => {
  setTimeout(() => console.log('timeout'), 0);
  setImmediate(() => console.log('immediate'));
}, 0);
