// Doc §2.4 问题3, the "10 ms timer" variant: the file read finishes before the timer, so its callback comes first. CHANGED: timer 300 ms instead of 10 ms (with 10 ms, 1 of 20 Node runs on a loaded 2-core machine fired the timer first), sleep 1000 ms instead of 10 s (message 'sleep 1s'), test.conf in a fresh temp dir; no busy-wait here (it would make the timer due first).
const fs = require('fs');
const os = require('os');
const path = require('path');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shallot-'));
process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
fs.writeFileSync(path.join(dir, 'test.conf'), 'name=shallot\n');

setTimeout(() => { // 新的事件循环的起点
  console.log('1');
  sleep(1000);
  console.log('sleep 1s');
}, 300);
/// 将会在 poll 阶段执行
fs.readFile(path.join(dir, 'test.conf'), { encoding: 'utf-8' }, (err, data) => {
  if (err) throw err;
  console.log('read file success');
});
console.log('2');

/// 函数实现，参数 n 单位 毫秒 ；
function sleep(n) {
  const start = new Date().getTime();
  while (true) {
    if (new Date().getTime() - start > n) {
      break;
    }
  }
}
