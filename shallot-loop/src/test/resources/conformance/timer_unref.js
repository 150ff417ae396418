// An unref'd timer does not keep the loop alive; ref() re-arms that; hasRef() reports the state.
const u = setTimeout(() => console.log('never: unref timer'), 1000);
u.unref();
console.log('u.hasRef ' + u.hasRef());
const r = setTimeout(() => console.log('re-refed timer'), 100);
r.unref();
r.ref();
console.log('r.hasRef ' + r.hasRef());
setTimeout(() => console.log('ref timer'), 10);
const iv = setInterval(() => console.log('never: unref interval'), 1000);
console.log('unref returns the timer: ' + (iv.unref() === iv));
