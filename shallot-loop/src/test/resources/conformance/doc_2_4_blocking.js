// Doc §2.4 问题3 (is the main thread blocked). CHANGED: sleep 1000 ms instead of 10 s (message 'sleep 1s'), test.conf in a fresh temp dir, and the main script busy-waits 20 ms at its end so the 1 ms timer is due when the loop starts (otherwise the timer/file race varies).
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
}, 0);
/// 将会在 poll 阶段执行
fs.readFile(path.join(dir, 'test.conf'), { encoding: 'utf-8' }, (err, data) => {
  if (err) throw err;
  console.log('read file success');
});
console.log('2');

sleep(20);
/// 函数实现，参数 n 单位 毫秒 ；
function sleep(n) {
  const start = new Date().getTime();
  while (true) {
    if (new Date().getTime() - start > n) {
      break;
    }
  }
}
