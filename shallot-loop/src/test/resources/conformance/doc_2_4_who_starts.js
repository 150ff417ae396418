// Doc §2.4 问题1 (who starts the loop): the main script runs to completion before the first timer. Unchanged.
setTimeout(() => {
  console.log('1');
}, 0);
console.log('2');
