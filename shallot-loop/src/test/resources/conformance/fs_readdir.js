// fs.readdir returns the names sorted (byte order); an empty dir gives []; a missing dir gives ENOENT.
const fs = require('fs');
const os = require('os');
const path = require('path');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shallot-'));
process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
for (const name of ['b.txt', 'a.txt', 'c', 'B', '_x', '10', '9']) fs.writeFileSync(path.join(dir, name), name);
fs.mkdirSync(path.join(dir, 'sub'));
fs.mkdirSync(path.join(dir, 'empty'));

fs.readdir(dir, (err, names) => {
  console.log('names ' + names.join(' '));
  fs.readdir(path.join(dir, 'empty'), (err2, names2) => {
    console.log('empty ' + names2.length);
    fs.readdir(path.join(dir, 'nope'), (err3) => {
      console.log('missing ' + err3.code);
      console.log('message ' + err3.message.split(dir).join('<dir>'));
    });
  });
});
