// Benchmark of the release build (run with scripts/bench.sh; not a test). For the real
// dataset and for a synthetic one of 5,000 verbanden and 20,000 memberships it measures, in
// headless Chromium over loopback:
// - transfer sizes per asset, raw / gzip / brotli, and what actually crossed the wire;
// - navigation to the first complete map, and to the first click the app answers;
// - the water board layer, loaded on demand: choosing it → all boards drawn, and its transfer;
// - click to highlight (a region, a verband) and filter change to updated map and list, and
//   the longest main-thread task each of them causes (from a trace);
// - work per frame while panning and zooming (input event to the map shown moved: its viewBox,
//   or during a gesture its transform), and the frame intervals of a real gesture;
// - JS heap and DOM nodes after load;
// - the overlap view's computations, and opening it;
// - side by side with a plain Leaflet 1.9 page of the same gemeenten, on loopback and under a
//   mobile profile (compare.mjs): our figure, Leaflet's and the ratio.
// Prints the tables and writes bench-results/latest.json and bench-results/compare.json.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { root, startServer, launchBrowser } from './support.mjs';
import { syntheticSite } from './synthetic.mjs';
import { runComparison } from './compare.mjs';

const loads = Number(process.argv[2] || 10);
const reps = Math.max(100, Number(process.argv[3] || 100));
const dist = path.join(root, 'dist');
// The first repetitions of each interaction run cold (code not yet optimised by the engine):
// they are reported on their own ("first") and left out of the percentiles.
const WARMUP = 10;
const TARGETS = { firstMap: 500, interaction: 16, frame: 16, transferKiB: 400, overlap: 50 };

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const stats = (values) => ({ p50: percentile(values, 50), p95: percentile(values, 95), n: values.length });

function files(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]);
}

/** Raw, gzip and brotli sizes of every file a visitor may download. */
function assetSizes(site) {
  return files(site)
    .filter((f) => !path.basename(f).startsWith('.') && !/\.(gz|br)$/.test(f))
    .map((file) => {
      const bytes = fs.readFileSync(file);
      return {
        file: path.relative(site, file),
        raw: bytes.length,
        gzip: zlib.gzipSync(bytes, { level: 9 }).length,
        brotli: zlib.brotliCompressSync(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
      };
    })
    .sort((a, b) => a.file.localeCompare(b.file));
}

// In the page, from the start: the frame in which the complete map is first drawn, and the
// first click (tried every 2 ms) that the app answers by showing the region's verbanden.
const FIRST_INTERACTION = `(() => {
  const mapPoll = setInterval(() => {
    if (document.querySelector('.map[data-state=ready]')
      && document.querySelectorAll('path[data-kind=gemeente]').length === 342
      && document.querySelectorAll('path[data-kind=provincie]').length === 12) {
      clearInterval(mapPoll);
      requestAnimationFrame(() => { window.__firstMap = performance.now(); });
    }
  }, 2);
  const poll = setInterval(() => {
    const region = document.querySelector('path[data-kind=gemeente][data-code=GM0344]');
    if (!region) return;
    if (document.querySelector('.region-panel[data-code=GM0344] .region-verbanden')) {
      window.__firstInteraction = performance.now();
      clearInterval(poll);
      return;
    }
    const r = region.getBoundingClientRect();
    const at = { bubbles: true, clientX: r.x + r.width / 2, clientY: r.y + r.height / 2, button: 0, pointerId: 1, pointerType: 'mouse', isPrimary: true };
    region.dispatchEvent(new PointerEvent('pointerdown', at));
    region.dispatchEvent(new PointerEvent('pointerup', at));
  }, 2);
})();`;

// In the page: time from an action to the last DOM change it causes, including the style
// and layout of each change (forced in the observer, so a frame in between hides nothing).
// With `first`, the time at which that first held (after its layout) is kept in
// window.__firstStep: a region click's highlight, which comes a frame before its panel.
// The action runs in a task of its own, posted by message: a real click is an input event,
// outside any timer, while a loop of timers nested five deep gets every timer set in it
// (the app's "next task" too) clamped to 4 ms, a wait no visitor has.
const MEASURE = `window.__inOwnTask = (act) => new Promise((resolve) => {
  const channel = new MessageChannel();
  channel.port1.onmessage = () => { act(); resolve(); };
  channel.port2.postMessage(null);
});
window.__measure = async (act, done, first) => {
  let start;
  let last;
  window.__firstStep = undefined;
  const observer = new MutationObserver(() => {
    document.body.getBoundingClientRect();
    last = performance.now();
    if (first && window.__firstStep === undefined && first()) window.__firstStep = last - start;
  });
  await window.__inOwnTask(() => {
    observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    start = performance.now();
    last = start;
    act();
  });
  const deadline = start + 5000;
  while (!done() && performance.now() < deadline) await new Promise((r) => setTimeout(r, 0));
  await new Promise((r) => setTimeout(r, 0));
  await new Promise((r) => setTimeout(r, 0));
  observer.disconnect();
  if (!done()) throw new Error('the app did not reach the expected state');
  return last - start;
};
window.__pointer = (type, element, x, y, id = 7) => element.dispatchEvent(new PointerEvent(type, {
  bubbles: true, cancelable: true, clientX: x, clientY: y, button: 0, buttons: type === 'pointerup' ? 0 : 1,
  pointerId: id, pointerType: 'mouse', isPrimary: true }));`;

async function measureLoads(browser, url) {
  const out = [];
  for (let i = 0; i < loads; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.addInitScript(FIRST_INTERACTION);
    await page.goto(url);
    await page.waitForFunction(() => window.__firstMap && window.__firstInteraction, null, { timeout: 30000 });
    const [firstMap, firstInteraction] = await page.evaluate(() => [window.__firstMap, window.__firstInteraction]);
    const wire = await page.evaluate(() => performance.getEntriesByType('resource').concat(performance.getEntriesByType('navigation'))
      .map((e) => ({ url: e.name, transfer: e.transferSize, encoded: e.encodedBodySize, decoded: e.decodedBodySize })));
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await cdp.send('HeapProfiler.collectGarbage');
    const metrics = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
    out.push({ firstMap, firstInteraction, wire, heap: metrics.JSHeapUsedSize, nodes: await page.evaluate(() => document.getElementsByTagName('*').length) });
    await context.close();
  }
  return out;
}

// The water board layer is fetched only when asked for: the time from choosing it to all its
// boards drawn, and what that fetch transferred.
async function measureWaterBoards(browser, url) {
  const out = [];
  for (let i = 0; i < loads; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForSelector('.map[data-state=ready] path[data-kind=gemeente]', { state: 'attached' });
    const started = await page.evaluate(() => {
      window.__boards = null;
      const poll = setInterval(() => {
        if (document.querySelectorAll('path[data-kind=waterschap]').length === 21 && !document.querySelector('.layer-waterschap.layer-hidden')) {
          clearInterval(poll);
          requestAnimationFrame(() => { window.__boards = performance.now(); });
        }
      }, 2);
      const start = performance.now();
      document.querySelector('#layer-waterschap').click();
      return start;
    });
    await page.waitForFunction(() => window.__boards, null, { timeout: 30000 });
    const drawn = await page.evaluate(() => window.__boards);
    const wire = await page.evaluate(() => performance.getEntriesByType('resource')
      .filter((e) => e.name.includes('waterschap_'))
      .reduce((sum, e) => sum + e.transferSize, 0));
    out.push({ ms: drawn - started, wire });
    await context.close();
  }
  return out;
}

// The longest main-thread task (script, style, layout, paint: the browser's own tasks) from
// each of `n` actions until the next, read from a trace: what decides whether the frames
// after a click come in time, even when its answer comes in parts (a region's highlight,
// then its panel). The actions are `window.__act[name](i)`, 150 ms apart, each run in a
// task of its own (`__inOwnTask`, see MEASURE).
async function longestTasks(page, name, n) {
  const cdp = await page.context().newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', (d) => events.push(...d.value));
  await cdp.send('Tracing.start', { categories: 'toplevel,blink.user_timing', transferMode: 'ReportEvents' });
  await page.evaluate(async ({ name, n }) => {
    for (let i = 0; i < n; i++) {
      await window.__inOwnTask(() => { performance.mark(`kv-action-${i}`); window.__act[name](i); });
      await new Promise((r) => setTimeout(r, 150));
    }
    performance.mark(`kv-action-${n}`);
  }, { name, n });
  await new Promise((resolve) => { cdp.once('Tracing.tracingComplete', resolve); cdp.send('Tracing.end'); });
  await cdp.detach();
  const marks = events.filter((e) => e.name.startsWith('kv-action-')).sort((a, b) => a.ts - b.ts);
  const { pid, tid } = marks[0];
  const tasks = events.filter((e) => e.ph === 'X' && e.name === 'ThreadControllerImpl::RunTask' && e.pid === pid && e.tid === tid);
  return marks.slice(0, -1).map((mark, i) => {
    const [from, to] = [mark.ts, marks[i + 1].ts];
    // A task under way at the action (the one running it) counts from the action on.
    return Math.max(0, ...tasks.filter((t) => t.ts < to && t.ts + t.dur > from).map((t) => (t.ts + t.dur - Math.max(t.ts, from)) / 1000));
  });
}

async function measureInteractions(browser, url) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`${url}?weergave=verbanden`);
  await page.waitForSelector('.map[data-state=ready] path[data-kind=gemeente]');
  await page.waitForSelector('.verband-list [data-verband]');
  await page.evaluate(MEASURE);

  const selectRegion = await page.evaluate(async (n) => {
    const times = [];
    for (let i = 0; i < n; i++) {
      const code = i % 2 ? 'GM0344' : 'GM0193';
      const region = document.querySelector(`path[data-kind=gemeente][data-code=${code}]`);
      const r = region.getBoundingClientRect();
      const [x, y] = [r.x + r.width / 2, r.y + r.height / 2];
      const total = await window.__measure(() => { window.__pointer('pointerdown', region, x, y); window.__pointer('pointerup', region, x, y); },
        () => region.getAttribute('aria-selected') === 'true' && document.querySelector(`.region-panel[data-code=${code}]`),
        () => region.getAttribute('aria-selected') === 'true');
      times.push({ total, highlight: window.__firstStep });
    }
    return times;
  }, reps + WARMUP);

  const selectVerband = await page.evaluate(async (n) => {
    const ids = [...document.querySelectorAll('.verband-list [data-verband]')].slice(0, 2).map((b) => b.dataset.verband);
    const times = [];
    for (let i = 0; i < n; i++) {
      const id = ids[i % 2];
      times.push(await window.__measure(() => document.querySelector(`.verband-list [data-verband="${id}"]`).click(),
        () => document.querySelector(`.verband-panel[data-verband="${id}"]`) && document.querySelector('[data-member=true]')));
    }
    return times;
  }, reps + WARMUP);

  // A theme on and off again, with a region selected: its panel, the shading, the list and the counts follow.
  await page.evaluate(() => document.querySelector('.verband-panel .close')?.click());
  const filter = await page.evaluate(async (n) => {
    const count = () => document.querySelector('.filters .count')?.dataset.count;
    const times = [];
    for (let i = 0; i < n; i++) {
      const before = count();
      times.push(await window.__measure(() => document.querySelector('input[data-filter=thema][value=afval]').click(),
        () => count() !== before));
    }
    return times;
  }, reps + WARMUP);

  // The same three actions again, traced: the longest task each one causes.
  await page.evaluate(() => {
    const ids = [...document.querySelectorAll('.verband-list [data-verband]')].slice(0, 2).map((b) => b.dataset.verband);
    window.__act = {
      region: (i) => {
        const region = document.querySelector(`path[data-kind=gemeente][data-code=${i % 2 ? 'GM0344' : 'GM0193'}]`);
        const r = region.getBoundingClientRect();
        window.__pointer('pointerdown', region, r.x + r.width / 2, r.y + r.height / 2);
        window.__pointer('pointerup', region, r.x + r.width / 2, r.y + r.height / 2);
      },
      filter: () => document.querySelector('input[data-filter=thema][value=afval]').click(),
      verband: (i) => document.querySelector(`.verband-list [data-verband="${ids[i % 2]}"]`).click(),
    };
  });
  const longest = {};
  for (const name of ['region', 'filter', 'verband']) longest[name] = await longestTasks(page, name, reps);
  await page.evaluate(() => document.querySelector('.verband-panel .close')?.click());

  // Panning by drag and zooming by wheel: the work from input event to laid-out map.
  const frames = await page.evaluate(async (n) => {
    const map = document.querySelector('.map');
    const svg = document.querySelector('svg.map-svg');
    const box = map.getBoundingClientRect();
    const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
    // What is shown: the viewBox, and during a gesture the transform that moves the drawn map.
    const viewBox = () => `${svg.getAttribute('viewBox')} ${svg.style.transform}`;
    const pan = [];
    window.__pointer('pointerdown', map, cx, cy);
    for (let i = 1; i <= n; i++) {
      const before = viewBox();
      const dx = 40 * Math.sin(i / 8);
      pan.push(await window.__measure(() => window.__pointer('pointermove', map, cx + dx, cy + (i % 2 ? 3 : -3)), () => viewBox() !== before));
    }
    window.__pointer('pointerup', map, cx, cy);
    const zoom = [];
    for (let i = 0; i < n; i++) {
      const before = viewBox();
      const deltaY = i % 20 < 10 ? -120 : 120;
      zoom.push(await window.__measure(() => map.dispatchEvent(new WheelEvent('wheel', { bubbles: true, cancelable: true, clientX: cx, clientY: cy, deltaY })),
        () => viewBox() !== before));
    }
    return { pan, zoom };
  }, reps + WARMUP);

  // The overlap view: its computations (timed by the app) and opening it with everything drawn.
  const overlap = await page.evaluate(async (n) => {
    const compute = [];
    const open = [];
    for (let i = 0; i < n; i++) {
      document.querySelector('[data-view=verbanden]').click();
      await new Promise((r) => setTimeout(r, 0));
      open.push(await window.__measure(() => document.querySelector('[data-view=overlap]').click(),
        () => document.querySelector('.overlap-view[data-compute-ms]')));
      compute.push(Number(document.querySelector('.overlap-view').dataset.computeMs));
    }
    return { compute, open };
  }, Math.max(20, Math.round(reps / 5)));

  // A real gesture (trusted input through the browser): intervals between animation frames.
  await page.evaluate(() => {
    window.__frames = [];
    const tick = (t) => { window.__frames.push(t); if (window.__frames.length < 400) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  });
  const box = await page.locator('.map').boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 - 200, box.y + box.height / 2 + 80, { steps: 60 });
  await page.mouse.up();
  for (let i = 0; i < 20; i++) await page.mouse.wheel(0, i < 10 ? -100 : 100);
  const intervals = await page.evaluate(() => window.__frames.slice(1).map((t, i) => t - window.__frames[i]));
  await page.close();
  return { selectRegion: selectRegion.map((t) => t.total), highlightRegion: selectRegion.map((t) => t.highlight), selectVerband, filter, longest, pan: frames.pan, zoom: frames.zoom, intervals, overlap };
}

async function run(name, site, browser, { transferTarget = true } = {}) {
  const server = await startServer(site);
  try {
    const sizes = assetSizes(site);
    const loadRuns = await measureLoads(browser, server.url);
    const waterBoards = await measureWaterBoards(browser, server.url);
    const interactions = await measureInteractions(browser, server.url);
    return { name, sizes, loads: loadRuns, waterBoards, interactions, transferTarget };
  } finally {
    await server.stop();
  }
}

const kib = (n) => (n / 1024).toFixed(1);
const ms = (s) => `${s.p50.toFixed(1)} / ${s.p95.toFixed(1)}${s.first === undefined ? '' : ` (first ${s.first.toFixed(1)})`}`;
/** Percentiles after the warm-up, with the very first (cold) value. */
const warm = (values) => ({ ...stats(values.slice(WARMUP)), first: values[0] });
const verdict = (ok) => (ok ? 'met' : 'NOT met');

function report(result) {
  const { sizes, loads: loadRuns, waterBoards, interactions: i } = result;
  // What a first visit loads: not the finer levels, nor the layers loaded on demand.
  const initial = sizes.filter((s) => !s.file.includes('.province.') && !s.file.includes('waterschap_'));
  const total = (key) => initial.reduce((sum, s) => sum + s[key], 0);
  console.log(`\n## ${result.name}\n\nTransfer sizes (KiB)\n${'file'.padEnd(48)} ${'raw'.padStart(8)} ${'gzip'.padStart(8)} ${'brotli'.padStart(8)}`);
  for (const s of sizes) console.log(`${s.file.padEnd(48)} ${kib(s.raw).padStart(8)} ${kib(s.gzip).padStart(8)} ${kib(s.brotli).padStart(8)}`);
  console.log(`${'first visit (no province level, no water boards)'.padEnd(48)} ${kib(total('raw')).padStart(8)} ${kib(total('gzip')).padStart(8)} ${kib(total('brotli')).padStart(8)}`);
  const wire = loadRuns[0].wire.reduce((sum, e) => sum + e.transfer, 0);
  const encodings = loadRuns[0].wire.filter((e) => e.encoded < e.decoded).length;
  const firstMap = stats(loadRuns.map((l) => l.firstMap));
  const firstInteraction = stats(loadRuns.map((l) => l.firstInteraction));
  const rows = [
    ['transferred on the wire (first load)', `${kib(wire)} KiB, ${encodings} of ${loadRuns[0].wire.length} responses compressed`,
      result.transferTarget ? verdict(wire / 1024 <= TARGETS.transferKiB) : '(target is for the real dataset)'],
    ['navigation → first complete map (ms)', ms(firstMap), verdict(firstMap.p95 <= TARGETS.firstMap)],
    ['navigation → first answered click (ms)', ms(firstInteraction), ''],
    ['water boards on demand: choose → drawn (ms)', ms(stats(waterBoards.map((w) => w.ms))), ''],
    ['water boards on demand: transferred (KiB)', kib(waterBoards[0].wire), ''],
    ['click region → highlight (ms)', ms(warm(i.highlightRegion)), verdict(warm(i.highlightRegion).p95 <= TARGETS.interaction)],
    // The panel, shading and counts follow in the task after the highlight's frame (so the
    // click is answered within a frame): this figure includes that frame.
    ['click region → highlight, then panel (ms)', ms(warm(i.selectRegion)), verdict(warm(i.selectRegion).p95 <= TARGETS.interaction)],
    ['click verband → members highlighted (ms)', ms(warm(i.selectVerband)), verdict(warm(i.selectVerband).p95 <= TARGETS.interaction)],
    ['filter change → map, list, counts (ms)', ms(warm(i.filter)), verdict(warm(i.filter).p95 <= TARGETS.interaction)],
    // Whether the frames after each come in time: the longest task it causes (from a trace).
    ['click region: longest task (ms)', ms(stats(i.longest.region)), verdict(stats(i.longest.region).p95 <= TARGETS.interaction)],
    ['click verband: longest task (ms)', ms(stats(i.longest.verband)), verdict(stats(i.longest.verband).p95 <= TARGETS.interaction)],
    ['filter change: longest task (ms)', ms(stats(i.longest.filter)), verdict(stats(i.longest.filter).p95 <= TARGETS.interaction)],
    ['pan: work per frame (ms)', ms(warm(i.pan)), verdict(warm(i.pan).p95 <= TARGETS.frame)],
    ['zoom: work per frame (ms)', ms(warm(i.zoom)), verdict(warm(i.zoom).p95 <= TARGETS.frame)],
    ['real gesture: frame interval (ms)', ms(stats(i.intervals)), ''],
    ['overlap view: computations (ms)', ms(stats(i.overlap.compute)), verdict(stats(i.overlap.compute).p95 <= TARGETS.overlap)],
    ['overlap view: click → drawn (ms)', ms(stats(i.overlap.open)), ''],
    ['JS heap after load (MiB)', (percentile(loadRuns.map((l) => l.heap), 50) / 2 ** 20).toFixed(1), ''],
    ['DOM elements after load', String(percentile(loadRuns.map((l) => l.nodes), 50)), ''],
  ];
  console.log(`\n${'measure'.padEnd(42)} ${'p50 / p95'.padEnd(40)} target`);
  for (const [label, value, ok] of rows) console.log(`${label.padEnd(42)} ${value.padEnd(40)} ${ok}`);
  return rows;
}

const browser = await launchBrowser();
const results = [];
const loadAverage = [os.loadavg()];
let comparison;
try {
  results.push(await run('Real dataset', dist, browser));
  const synthetic = syntheticSite(dist, path.join(os.tmpdir(), 'kaartviewer-bench-synthetic'));
  results.push(await run('Synthetic dataset: 5,000 verbanden, 20,000 memberships', synthetic, browser, { transferTarget: false }));
  loadAverage.push(os.loadavg());
  // Median of 5 alternating loads each, as the comparison is defined; printed as it runs.
  comparison = await runComparison(browser, dist, { loads: 5, clicks: reps });
  loadAverage.push(os.loadavg());
} finally {
  await browser.close();
}

const machine = `${os.cpus().length} × ${os.cpus()[0].model}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, headless Chromium, 127.0.0.1`;
const load = loadAverage.map((l) => l[0].toFixed(2)).join(' → ');
console.log(`\n# Benchmark, ${new Date().toISOString().slice(0, 10)}: ${loads} loads, ${reps} repetitions per interaction\n${machine}; 1-minute load average ${load} (the machine may be shared)`);
const tables = results.map((r) => ({ name: r.name, rows: report(r) }));
fs.mkdirSync(path.join(root, 'bench-results'), { recursive: true });
fs.writeFileSync(path.join(root, 'bench-results/latest.json'), JSON.stringify({
  date: new Date().toISOString(), machine, loadAverage, targets: TARGETS, tables, results,
}, null, 2));
fs.writeFileSync(path.join(root, 'bench-results/compare.json'), JSON.stringify({
  date: new Date().toISOString(), machine, loadAverage, results: comparison,
}, null, 2));
console.log('\nWritten: bench-results/latest.json, bench-results/compare.json');
