// A 0 ms timer created in an immediate that then busy-waits 10 ms is due when the next iteration starts, so it runs before the immediate queued next to it.
setImmediate(() => {
  console.log('immediate A');
  setTimeout(() => console.log('timeout'), 0);
  setImmediate(() => console.log('immediate B'));
  const end = Date.now() + 10;
  while (Date.now() < end) { /* spin */ }
});
