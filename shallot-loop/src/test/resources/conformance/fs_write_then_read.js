// fs.writeFile then fs.readFile from its callback; writeFile replaces existing content; multi-byte UTF-8 round-trips.
const fs = require('fs');
const os = require('os');
const path = require('path');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shallot-'));
process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
const file = path.join(dir, 'data.txt');

fs.writeFile(file, 'first version, rather long', err => {
  console.log('written 1, err ' + err);
  fs.writeFile(file, 'héllo 世界', err2 => {
    console.log('written 2, err ' + err2);
    fs.readFile(file, 'utf8', (err3, text) => {
      console.log('read ' + text);
      console.log('chars ' + text.length + ' bytes ' + Buffer.byteLength(text));
    });
  });
});
console.log('sync');
