// setTimeout(fn, 0) is setTimeout(fn, 1): both go to the same 1 ms list and fire in insertion order.
setTimeout(() => console.log('a (1 ms)'), 1);
setTimeout(() => console.log('b (0 ms)'), 0);
setTimeout(() => console.log('c (1 ms)'), 1);
setTimeout(() => console.log('d (no delay)'));
setTimeout(() => console.log('e (0 ms)'), 0);
