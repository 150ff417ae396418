// Doc §2.2 示例2. CHANGED: files live in a fresh temp dir; the main script busy-waits 20 ms at its end so the 1 ms timer is due when the loop starts; the readFile started inside the timer reads config/big.conf (4 MiB, many read round trips) instead of config/test.conf, so it can never overtake the first read (two equal reads racing on the thread pool made Node's order vary).
const fs = require('fs');
const os = require('os');
const path = require('path');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shallot-'));
process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
fs.mkdirSync(path.join(dir, 'config'));
fs.writeFileSync(path.join(dir, 'config', 'test.conf'), 'name=shallot\n');
fs.writeFileSync(path.join(dir, 'config', 'big.conf'), 'x'.repeat(4 * 1024 * 1024));

setTimeout(() => { // 新的事件循环的起点
  console.log('1');
  fs.readFile(path.join(dir, 'config', 'big.conf'), { encoding: 'utf-8' }, (err, data) => {
    if (err) throw err;
    console.log('read file sync success');
  });
}, 0);
/// 回调将会在新的事件循环之前
fs.readFile(path.join(dir, 'config', 'test.conf'), { encoding: 'utf-8' }, (err, data) => {
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
