// fs.stat on a file, a directory and a missing path.
const fs = require('fs');
const os = require('os');
const path = require('path');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shallot-'));
process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
const file = path.join(dir, 'f.bin');
fs.writeFileSync(file, Buffer.alloc(1234, 7));

fs.stat(file, (err, st) => {
  console.log('file: err ' + err + ' size ' + st.size + ' isFile ' + st.isFile() + ' isDirectory ' + st.isDirectory() + ' mtime>0 ' + (st.mtimeMs > 0));
  fs.stat(dir, (err2, st2) => {
    console.log('dir: isFile ' + st2.isFile() + ' isDirectory ' + st2.isDirectory());
    fs.stat(path.join(dir, 'missing'), (err3, st3) => {
      console.log('missing: code ' + err3.code + ' stat ' + st3);
      console.log('message ' + err3.message.split(dir).join('<dir>'));
    });
  });
});
