// A sequential chain write -> stat -> read -> unlink -> readdir; an immediate queued in the write callback runs before the stat callback (which needs a later poll).
const fs = require('fs');
const os = require('os');
const path = require('path');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shallot-'));
process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
const file = path.join(dir, 'chain.txt');

fs.writeFile(file, 'abc', () => {
  console.log('written');
  setImmediate(() => console.log('immediate after write'));
  fs.stat(file, (e, st) => {
    console.log('stat size ' + st.size);
    fs.readFile(file, 'utf8', (e2, text) => {
      console.log('read ' + text);
      fs.unlink(file, () => {
        console.log('unlinked');
        fs.readdir(dir, (e3, names) => console.log('readdir ' + names.length));
      });
    });
  });
});
