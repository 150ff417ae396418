// Error-first callbacks: readFile of a missing file (ENOENT), of a directory (EISDIR), writeFile into a missing directory (ENOENT); value is undefined on error.
const fs = require('fs');
const os = require('os');
const path = require('path');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shallot-'));
process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
const show = s => s.split(dir).join('<dir>');

fs.readFile(path.join(dir, 'missing.txt'), 'utf8', (err, data) => {
  console.log('missing: ' + err.code + ' data ' + data);
  console.log('  ' + show(err.message));
  fs.readFile(dir, (err2, data2) => {
    console.log('directory: ' + err2.code + ' data ' + data2);
    console.log('  ' + show(err2.message));
    fs.writeFile(path.join(dir, 'no', 'such', 'file'), 'x', err3 => {
      console.log('write into missing dir: ' + err3.code);
      console.log('  ' + show(err3.message));
    });
  });
});
