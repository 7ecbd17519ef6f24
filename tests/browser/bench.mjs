// Benchmark of the release build (run with scripts/bench.sh; not a test): transfer sizes
// raw / gzip / brotli per asset and per level of detail, and time from navigation to
// the first complete map in headless Chromium over loopback.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { root, startServer, launchBrowser } from './support.mjs';

const runs = Number(process.argv[2] || 15);
const dist = path.join(root, 'dist');

function files(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]);
}

const sizes = files(dist)
  .filter((f) => !path.basename(f).startsWith('.'))
  .map((file) => {
    const bytes = fs.readFileSync(file);
    return {
      file: path.relative(dist, file),
      raw: bytes.length,
      gzip: zlib.gzipSync(bytes, { level: 9 }).length,
      brotli: zlib.brotliCompressSync(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    };
  })
  .sort((a, b) => a.file.localeCompare(b.file));

const server = await startServer(dist);
const browser = await launchBrowser();
const timings = [];
try {
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const start = Date.now();
    await page.goto(server.url);
    await page.waitForFunction(() => document.querySelector('.map[data-state=ready]')
      && document.querySelectorAll('path[data-kind=gemeente]').length === 342
      && document.querySelectorAll('path[data-kind=provincie]').length === 12);
    // The navigation-relative time of the frame in which the complete map is in the DOM.
    const mapReady = await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(performance.now()))));
    timings.push({ wall: Date.now() - start, mapReady });
    await context.close();
  }
} finally {
  await browser.close();
  await server.stop();
}

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const kb = (n) => (n / 1024).toFixed(1);
const initial = sizes.filter((s) => !s.file.includes('.province.'));
const total = (list, key) => list.reduce((sum, s) => sum + s[key], 0);

console.log(`\nTransfer sizes (KiB)\n${'file'.padEnd(48)} ${'raw'.padStart(8)} ${'gzip'.padStart(8)} ${'brotli'.padStart(8)}`);
for (const s of sizes) console.log(`${s.file.padEnd(48)} ${kb(s.raw).padStart(8)} ${kb(s.gzip).padStart(8)} ${kb(s.brotli).padStart(8)}`);
console.log(`${'first map total (all but province level)'.padEnd(48)} ${kb(total(initial, 'raw')).padStart(8)} ${kb(total(initial, 'gzip')).padStart(8)} ${kb(total(initial, 'brotli')).padStart(8)}`);
const ready = timings.map((t) => t.mapReady);
console.log(`\nNavigation to first complete map over ${runs} loads: p50 ${percentile(ready, 50).toFixed(0)} ms, p95 ${percentile(ready, 95).toFixed(0)} ms (wall clock p50 ${percentile(timings.map((t) => t.wall), 50)} ms)`);
console.log(`Machine: ${os.cpus().length} × ${os.cpus()[0].model}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, headless Chromium on 127.0.0.1`);

fs.mkdirSync(path.join(root, 'bench-results'), { recursive: true });
fs.writeFileSync(path.join(root, 'bench-results/latest.json'), JSON.stringify({
  date: new Date().toISOString(), machine: { cpus: os.cpus().length, model: os.cpus()[0].model }, sizes, timings,
}, null, 2));
