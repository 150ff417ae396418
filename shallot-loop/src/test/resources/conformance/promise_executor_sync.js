// The executor runs synchronously; only the first resolve/reject counts; reactions run as microtasks, even when attached after settlement.
const p = new Promise((resolve, reject) => {
  console.log('executor');
  resolve('first');
  resolve('second');
  reject(new Error('ignored'));
  console.log('executor end');
});
p.then(v => console.log('then ' + v));
console.log('sync');
setTimeout(() => {
  p.then(v => console.log('late then ' + v));
  console.log('timeout');
}, 0);
const q = new Promise((resolve, reject) => { reject(new Error('boom')); resolve('ignored'); });
q.catch(e => console.log('catch ' + e.message));
