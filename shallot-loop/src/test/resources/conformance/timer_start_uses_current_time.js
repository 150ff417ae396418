// A timer created after a long busy-wait counts its delay from the real current time, not from the loop time cached before the busy-wait.
setTimeout(() => {
  const end = Date.now() + 100;
  while (Date.now() < end) { /* spin */ }
  setTimeout(() => console.log('C (30 ms after the busy-wait)'), 30);
  console.log('A done');
}, 5);
setTimeout(() => console.log('D (at 120 ms)'), 120);
