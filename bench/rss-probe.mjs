// Preloaded (node --import) into a measured node process when GNU time is
// missing: writes "<seconds> <peak RSS KB>" at exit, the same shape GNU time writes.
import fs from 'node:fs';

const file = process.env.SCAN_KEYS_BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    const { maxRSS } = process.resourceUsage(); // KB
    try {
      fs.writeFileSync(file, `${process.uptime().toFixed(2)} ${maxRSS}\n`);
    } catch {}
  });
}
