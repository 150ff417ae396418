// A timer created inside a timer callback is never run in the same timers phase; an immediate created there runs first (check phase comes before the next timers phase).
setTimeout(() => {
  console.log('outer');
  setTimeout(() => {
    console.log('inner timeout');
    setTimeout(() => console.log('innermost timeout'), 0);
    setImmediate(() => console.log('immediate from inner'));
  }, 0);
  setImmediate(() => console.log('immediate from outer'));
}, 0);
