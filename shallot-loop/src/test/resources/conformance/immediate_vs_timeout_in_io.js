// Inside an I/O (fs) callback: ticks, then promises, then setImmediate (check phase of this iteration), then setTimeout(0) (next iteration). Deterministic.
const fs = require('fs');
const os = require('os');
const path = require('path');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shallot-'));
process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
fs.writeFileSync(path.join(dir, 'f'), 'x');

fs.readFile(path.join(dir, 'f'), () => {
  setTimeout(() => console.log('timeout'), 0);
  setImmediate(() => console.log('immediate'));
  Promise.resolve().then(() => console.log('promise'));
  process.nextTick(() => console.log('tick'));
  console.log('io callback');
});
