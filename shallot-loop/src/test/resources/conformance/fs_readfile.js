// fs.readFile as text (utf-8) and as bytes; the callback runs after the main script and its microtasks.
const fs = require('fs');
const os = require('os');
const path = require('path');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shallot-'));
process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
const file = path.join(dir, 'hello.txt');
fs.writeFileSync(file, 'hello\nwörld\n');

fs.readFile(file, 'utf8', (err, text) => {
  console.log('err ' + err);
  console.log('text ' + JSON.stringify(text));
  fs.readFile(file, (err2, bytes) => {
    console.log('bytes ' + bytes.length);
    console.log('first byte ' + bytes[0]);
  });
});
Promise.resolve().then(() => console.log('microtask'));
console.log('sync');
