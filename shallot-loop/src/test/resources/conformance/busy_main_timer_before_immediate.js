// When the main script runs long (20 ms busy-wait), a 0 ms timer is already due at the first timers phase, so it runs before setImmediate.
setImmediate(() => console.log('immediate'));
setTimeout(() => console.log('timeout'), 0);
const end = Date.now() + 20;
while (Date.now() < end) { /* spin */ }
console.log('main done');
