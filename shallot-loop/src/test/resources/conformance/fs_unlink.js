// fs.unlink removes a file (readdir no longer lists it); unlinking it again fails with ENOENT.
const fs = require('fs');
const os = require('os');
const path = require('path');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shallot-'));
process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
fs.writeFileSync(path.join(dir, 'keep'), 'k');
fs.writeFileSync(path.join(dir, 'gone'), 'g');

fs.unlink(path.join(dir, 'gone'), err => {
  console.log('unlink err ' + err);
  fs.readdir(dir, (err2, names) => {
    console.log('left ' + names.join(','));
    fs.unlink(path.join(dir, 'gone'), err3 => {
      console.log('again ' + err3.code);
      console.log('message ' + err3.message.split(dir).join('<dir>'));
    });
  });
});
