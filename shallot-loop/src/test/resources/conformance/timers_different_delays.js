// Timers fire in deadline order, not insertion order (delays 50 ms apart, so a stalled main script cannot reorder them).
setTimeout(() => console.log('150 ms'), 150);
setTimeout(() => console.log('50 ms'), 50);
setTimeout(() => console.log('250 ms'), 250);
setTimeout(() => console.log('100 ms'), 100);
setTimeout(() => console.log('0 ms'), 0);
