// An unref'd timer still fires while something else keeps the loop alive.
setTimeout(() => console.log('unref timer'), 5).unref();
setTimeout(() => console.log('ref timer'), 150);
const iv = setInterval(() => {
  console.log('unref interval');
  clearInterval(iv);
}, 10).unref();
