// Negative, NaN, 0 and too-large (> 2^31-1) delays are all treated as 1 ms, so these fire in insertion order (Node also prints a TimeoutOverflowWarning on stderr).
setTimeout(() => console.log('negative'), -5);
setTimeout(() => console.log('NaN'), NaN);
setTimeout(() => console.log('zero'), 0);
setTimeout(() => console.log('one'), 1);
setTimeout(() => console.log('2^31'), 2 ** 31);
setTimeout(() => console.log('-Infinity'), -Infinity);
setTimeout(() => console.log('20 ms'), 20);
