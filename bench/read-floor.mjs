// The floor of a tree scan: walk a directory (readdir with file types, .git
// and a nested node_modules left out as scan-keys' walk does), read every
// regular file, skip binaries as scan-keys does (a NUL in the first 8000
// bytes) and, with `decode`, decode the rest as UTF-8. Prints the bytes read.
// `node bench/read-floor.mjs DIR [decode]`; bench-tree.mjs times it beside scan-keys.
import fs from 'node:fs';
import path from 'node:path';

const [root, mode] = process.argv.slice(2);
const insideNodeModules = path.resolve(root).split(path.sep).includes('node_modules');
let bytes = 0;
let chars = 0;
function walk(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== '.git' && (e.name !== 'node_modules' || insideNodeModules)) walk(p);
    } else if (e.isFile()) {
      const b = fs.readFileSync(p);
      if (b.subarray(0, 8000).includes(0)) continue;
      bytes += b.length;
      if (mode === 'decode') chars += b.toString('utf8').length;
    }
  }
}
walk(root);
console.log(JSON.stringify({ bytes, chars }));
