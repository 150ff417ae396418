// Doc §2.1 (check phase example). CHANGED: test.conf is created in a fresh temp dir instead of './', and the main script busy-waits 20 ms at its end so the 1 ms timer is already due when the loop starts (otherwise the timer/file race makes Node's order vary between runs).
const fs = require('fs');
const os = require('os');
const path = require('path');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shallot-'));
process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
fs.writeFileSync(path.join(dir, 'test.conf'), 'name=shallot\n');

setTimeout(() => { // 新的事件循环的起点
  console.log('1');
}, 0);
setImmediate(() => {
  console.log('setImmediate 1');
});
/// 将会在 poll 阶段执行
fs.readFile(path.join(dir, 'test.conf'), { encoding: 'utf-8' }, (err, data) => {
  if (err) throw err;
  console.log('read file success');
});
/// 该部分将会在首次事件循环中执行
Promise.resolve().then(() => {
  console.log('poll callback');
});
// 首次事件循环执行
console.log('2');

busyWait(20);
function busyWait(ms) { const end = Date.now() + ms; while (Date.now() < end) { /* spin */ } }
