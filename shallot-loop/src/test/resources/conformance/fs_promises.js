// Promise-returning fs API with async/await: write, read, stat, readdir, unlink, and a rejected read.
const fs = require('fs');
const fsp = require('fs/promises');
const os = require('os');
const path = require('path');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shallot-'));
process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
const file = path.join(dir, 'p.txt');

async function main() {
  await fsp.writeFile(file, 'promised');
  console.log('written');
  const text = await fsp.readFile(file, 'utf8');
  console.log('read ' + text);
  const st = await fsp.stat(file);
  console.log('size ' + st.size);
  console.log('names ' + (await fsp.readdir(dir)).join(','));
  await fsp.unlink(file);
  try {
    await fsp.readFile(file);
  } catch (e) {
    console.log('rejected ' + e.code);
  }
  return 'done';
}
main().then(v => console.log(v));
console.log('sync');
