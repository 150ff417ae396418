// Timers with the same delay fire in insertion order, with ticks and microtasks drained between them.
for (let i = 1; i <= 5; i++) {
  setTimeout(() => {
    console.log('timer ' + i);
    Promise.resolve().then(() => console.log('microtask ' + i));
  }, 10);
}
