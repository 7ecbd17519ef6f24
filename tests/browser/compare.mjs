// Side by side: the viewer against a plain Leaflet 1.9 page of the same 342 gemeenten
// (leaflet-page.mjs), served by the same server with the same precompressed copies, measured
// in the same run with loads alternating between the two. What both do, a visitor feels:
// - navigation → first complete map: all 342 gemeente paths visible, in the next frame;
// - navigation → first answered click: a click on a gemeente (tried every 2 ms) shows it as
//   selected (`aria-selected="true"` on its path);
// - click → highlight with real mouse input (page.mouse): from the pointerdown event's time
//   stamp to `aria-selected="true"` on the clicked path and the layout after it, in the page;
//   each click once the page is idle again, with the mouse already resting on the region;
// - bytes transferred before the first map (responses finished by then) and in total;
// - frame intervals during a real drag and wheel zoom; JS heap once the page is idle.
// Once on loopback and once under a mobile profile: 4 Mbit/s down, 150 ms round trip, CPU 4×
// slower (Chrome DevTools Protocol). Used by bench.mjs; also runs alone:
// `node tests/browser/compare.mjs [LOADS] [CLICKS]` (after a release build in dist/).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { root, startServer, launchBrowser } from './support.mjs';
import { leafletSite } from './leaflet-page.mjs';

export const PROFILES = {
  loopback: null,
  mobile: { latency: 150, downloadThroughput: (4 * 1024 * 1024) / 8, uploadThroughput: (1.5 * 1024 * 1024) / 8, cpu: 4 },
};
const VIEWPORT = { width: 1280, height: 800 };
const GEMEENTEN = 342;
const CLICK_CODES = ['GM0344', 'GM0193', 'GM0363', 'GM0599'];

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const median = (values) => percentile(values, 50);

// In the page from the start: the frame with all gemeenten visible, and the first click that
// selects GM0344 (pointer and mouse events with a click, as a real click sends them).
const FIRST_MAP_AND_CLICK = `(() => {
  const visible = (p) => p.checkVisibility({ visibilityProperty: true, opacityProperty: true });
  const mapPoll = setInterval(() => {
    const paths = document.querySelectorAll('path[data-kind=gemeente]');
    if (paths.length < ${GEMEENTEN}) return;
    let shown = 0;
    for (const p of paths) if (visible(p)) shown++;
    if (shown < ${GEMEENTEN}) return;
    clearInterval(mapPoll);
    requestAnimationFrame(() => { window.__firstMap = performance.now(); });
  }, 2);
  const clickPoll = setInterval(() => {
    const region = [...document.querySelectorAll('path[data-kind=gemeente][data-code=GM0344]')].find(visible);
    if (!region) return;
    if (region.getAttribute('aria-selected') === 'true') {
      window.__firstClick = performance.now();
      clearInterval(clickPoll);
      return;
    }
    const r = region.getBoundingClientRect();
    const at = { bubbles: true, cancelable: true, clientX: r.x + r.width / 2, clientY: r.y + r.height / 2, button: 0, pointerId: 1, pointerType: 'mouse', isPrimary: true };
    region.dispatchEvent(new PointerEvent('pointerdown', { ...at, buttons: 1 }));
    region.dispatchEvent(new MouseEvent('mousedown', { ...at, buttons: 1 }));
    region.dispatchEvent(new PointerEvent('pointerup', at));
    region.dispatchEvent(new MouseEvent('mouseup', at));
    region.dispatchEvent(new MouseEvent('click', at));
  }, 2);
})();`;

// In the page, once loaded: a point inside each gemeente where its own path is the topmost
// element (not a label or a neighbour), and the click timer.
const CLICK_TIMER = `(() => {
  window.__pointFor = (code) => {
    const path = [...document.querySelectorAll('path[data-kind=gemeente][data-code=' + code + ']')]
      .find((p) => p.checkVisibility({ visibilityProperty: true }));
    const r = path.getBoundingClientRect();
    for (let i = 0; i <= 12; i++) for (let j = 0; j <= 12; j++) {
      const fx = 0.5 + (i % 2 ? 1 : -1) * Math.ceil(i / 2) / 13;
      const fy = 0.5 + (j % 2 ? 1 : -1) * Math.ceil(j / 2) / 13;
      const x = r.x + fx * r.width, y = r.y + fy * r.height;
      if (document.elementFromPoint(x, y) === path) return [x, y];
    }
    throw new Error('no point inside ' + code);
  };
  window.__clicks = [];
  let start = null;
  addEventListener('pointerdown', (e) => { start = e.timeStamp; }, { capture: true });
  new MutationObserver((records) => {
    if (start === null) return;
    for (const record of records) {
      const t = record.target;
      if (record.attributeName === 'aria-selected' && t.getAttribute('aria-selected') === 'true' && t.dataset.kind === 'gemeente') {
        document.body.getBoundingClientRect();
        window.__clicks.push({ code: t.dataset.code, ms: performance.now() - start });
        start = null;
        return;
      }
    }
  }).observe(document.documentElement, { subtree: true, attributes: true, attributeFilter: ['aria-selected'] });
})();`;

async function newPage(browser, profile) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  if (profile) {
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false, latency: profile.latency, downloadThroughput: profile.downloadThroughput, uploadThroughput: profile.uploadThroughput,
    });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: profile.cpu });
  }
  return { context, page, cdp };
}

/** Ready for the interaction measures: the viewer's app has taken over, Leaflet's paths are marked. */
async function waitUntilInteractive(page, which) {
  if (which === 'viewer') await page.waitForSelector('.map[data-state=ready] path[data-kind=gemeente]', { state: 'attached', timeout: 60000 });
  else await page.waitForSelector('path[data-kind=gemeente][aria-selected]', { state: 'attached', timeout: 60000 });
}

async function measureLoad(browser, url, which, profile) {
  const { context, page, cdp } = await newPage(browser, profile);
  try {
    await page.addInitScript(FIRST_MAP_AND_CLICK);
    await page.goto(url, { timeout: 60000 });
    await page.waitForFunction(() => window.__firstMap && window.__firstClick, null, { timeout: 60000 });
    await waitUntilInteractive(page, which);
    await page.waitForLoadState('networkidle', { timeout: 60000 });
    const { firstMap, firstClick, entries } = await page.evaluate(() => ({
      firstMap: window.__firstMap,
      firstClick: window.__firstClick,
      entries: performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))
        .map((e) => ({ url: e.name, transfer: e.transferSize, end: e.responseEnd })),
    }));
    await cdp.send('Performance.enable');
    await cdp.send('HeapProfiler.collectGarbage');
    const metrics = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
    const before = entries.filter((e) => e.end <= firstMap);
    return {
      firstMap,
      firstClick,
      bytesBeforeMap: before.reduce((sum, e) => sum + e.transfer, 0),
      bytesTotal: entries.reduce((sum, e) => sum + e.transfer, 0),
      requestsBeforeMap: before.map((e) => e.url.replace(url, '')),
      heap: metrics.JSHeapUsedSize,
    };
  } finally {
    await context.close();
  }
}

async function measureInteraction(browser, url, which, profile, clicks) {
  const { context, page } = await newPage(browser, profile);
  try {
    await page.goto(url, { timeout: 60000 });
    await waitUntilInteractive(page, which);
    await page.waitForLoadState('networkidle', { timeout: 60000 });
    await page.evaluate(CLICK_TIMER);
    const points = await page.evaluate((codes) => codes.map((c) => window.__pointFor(c)), CLICK_CODES);
    for (let i = 0; i < clicks; i++) {
      const [x, y] = points[i % points.length];
      // The mouse comes to rest on the region first (what hovering it sets off is done before
      // the press, as when a visitor clicks), then presses and releases.
      await page.mouse.move(x, y);
      await page.evaluate(() => new Promise((resolve) => requestIdleCallback(resolve, { timeout: 1000 })));
      await page.mouse.down();
      await page.mouse.up();
      await page.waitForFunction((n) => window.__clicks.length >= n, i + 1, { timeout: 10000 });
      // Each click from a quiet page, as a visitor's clicks come: what the previous click set
      // going (the viewer's panel, Leaflet's redraw) is done before the next one.
      await page.evaluate(() => new Promise((resolve) => requestIdleCallback(resolve, { timeout: 1000 })));
      await page.waitForTimeout(50);
    }
    const clicked = await page.evaluate(() => window.__clicks);
    const wrong = clicked.filter((c, i) => c.code !== CLICK_CODES[i % CLICK_CODES.length]);
    if (wrong.length) throw new Error(`${which}: clicks selected the wrong gemeente: ${JSON.stringify(wrong.slice(0, 3))}`);

    // A real drag and wheel zoom over the map's middle: the intervals between animation frames.
    await page.evaluate(() => {
      window.__frames = [];
      const tick = (t) => { window.__frames.push(t); if (window.__frames.length < 400) requestAnimationFrame(tick); };
      requestAnimationFrame(tick);
    });
    const [cx, cy] = [VIEWPORT.width * 0.65, VIEWPORT.height / 2];
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    await page.mouse.move(cx - 200, cy + 80, { steps: 60 });
    await page.mouse.up();
    for (let i = 0; i < 20; i++) await page.mouse.wheel(0, i < 10 ? -100 : 100);
    await page.waitForTimeout(300);
    const frames = await page.evaluate(() => window.__frames.slice(1).map((t, i) => t - window.__frames[i]));
    return { clicks: clicked.map((c) => c.ms), frames };
  } finally {
    await context.close();
  }
}

/** Measures both pages under `profile`, loads alternating; returns the raw figures. */
async function measureProfile(browser, urls, profile, loads, clicks) {
  const raw = { viewer: { loads: [] }, leaflet: { loads: [] } };
  for (let i = 0; i < loads; i++) {
    // Alternate which goes first, so neither always meets the same moment of the machine.
    const order = i % 2 ? ['leaflet', 'viewer'] : ['viewer', 'leaflet'];
    for (const which of order) raw[which].loads.push(await measureLoad(browser, urls[which], which, profile));
  }
  const order = ['viewer', 'leaflet'];
  for (const which of order) Object.assign(raw[which], await measureInteraction(browser, urls[which], which, profile, clicks));
  return raw;
}

/** The figures both pages are compared by: medians of the loads, percentiles of the clicks and frames. */
function summarise(r, warmup) {
  const clicks = r.clicks.slice(warmup);
  return {
    firstMap: median(r.loads.map((l) => l.firstMap)),
    firstClick: median(r.loads.map((l) => l.firstClick)),
    clickP50: percentile(clicks, 50),
    clickP95: percentile(clicks, 95),
    bytesBeforeMap: median(r.loads.map((l) => l.bytesBeforeMap)),
    bytesTotal: median(r.loads.map((l) => l.bytesTotal)),
    frameP95: percentile(r.frames, 95),
    // Frames the display showed twice: an interval of n display frames missed n - 1 (the
    // p95 interval alone cannot tell 16.7 from 16.8 ms, the time stamps' granularity).
    framesMissed: r.frames.reduce((sum, t) => sum + Math.max(0, Math.round(t / median(r.frames)) - 1), 0),
    heap: median(r.loads.map((l) => l.heap)),
  };
}

const ROWS = [
  ['navigation → first complete map (ms)', 'firstMap', (v) => v.toFixed(0)],
  ['navigation → first answered click (ms)', 'firstClick', (v) => v.toFixed(0)],
  ['click → highlight, p50 (ms)', 'clickP50', (v) => v.toFixed(1)],
  ['click → highlight, p95 (ms)', 'clickP95', (v) => v.toFixed(1)],
  ['bytes before the first map (KiB)', 'bytesBeforeMap', (v) => (v / 1024).toFixed(1)],
  ['bytes in total (KiB)', 'bytesTotal', (v) => (v / 1024).toFixed(1)],
  ['frame interval in drag and zoom, p95 (ms)', 'frameP95', (v) => v.toFixed(1)],
  ['frames missed in drag and zoom', 'framesMissed', (v) => v.toFixed(0)],
  ['JS heap once idle (MiB)', 'heap', (v) => (v / 2 ** 20).toFixed(1)],
];

/** Prints the side-by-side table of one profile; returns its rows. */
export function printComparison(name, summary) {
  console.log(`\n## Side by side, ${name}: the viewer and a plain Leaflet 1.9 page of the same gemeenten\n`);
  console.log(`${'figure'.padEnd(44)} ${'viewer'.padStart(9)} ${'Leaflet'.padStart(9)} ${'ratio'.padStart(7)}`);
  return ROWS.map(([label, key, format]) => {
    const ours = summary.viewer[key];
    const theirs = summary.leaflet[key];
    const ratio = ours / theirs;
    const shown = Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : '—';
    console.log(`${label.padEnd(44)} ${format(ours).padStart(9)} ${format(theirs).padStart(9)} ${shown.padStart(7)}`);
    return { figure: label, key, viewer: ours, leaflet: theirs, ratio };
  });
}

/**
 * Builds the Leaflet page, serves both sites and measures them under every profile.
 * `viewerSite` is the built viewer (dist/).
 */
export async function runComparison(browser, viewerSite, { loads = 5, clicks = 60, warmup = 10 } = {}) {
  const geojson = path.join(viewerSite, 'data/boundaries', JSON.parse(fs.readFileSync(path.join(viewerSite, 'data/boundaries/boundaries.json'), 'utf8'))
    .layers.find((l) => l.kind === 'gemeente').levels[0].file);
  const leafletDir = leafletSite(geojson, path.join(os.tmpdir(), 'kaartviewer-bench-leaflet'));
  const viewer = await startServer(viewerSite);
  const leaflet = await startServer(leafletDir);
  const out = {};
  try {
    for (const [name, profile] of Object.entries(PROFILES)) {
      const raw = await measureProfile(browser, { viewer: viewer.url, leaflet: leaflet.url }, profile, loads, clicks + warmup);
      const summary = { viewer: summarise(raw.viewer, warmup), leaflet: summarise(raw.leaflet, warmup) };
      out[name] = { profile, summary, rows: printComparison(name, summary), raw };
    }
  } finally {
    await viewer.stop();
    await leaflet.stop();
  }
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const loads = Number(process.argv[2] || 5);
  const clicks = Number(process.argv[3] || 60);
  const browser = await launchBrowser();
  try {
    const load = os.loadavg().map((l) => l.toFixed(2)).join(' ');
    console.log(`# Side-by-side comparison, ${new Date().toISOString()}: ${loads} loads each (alternating), ${clicks} clicks; load average ${load}`);
    const results = await runComparison(browser, path.join(root, 'dist'), { loads, clicks });
    fs.mkdirSync(path.join(root, 'bench-results'), { recursive: true });
    fs.writeFileSync(path.join(root, 'bench-results/compare.json'), JSON.stringify({
      date: new Date().toISOString(), loadAverage: os.loadavg(), loads, clicks, results,
    }, null, 2));
    console.log('\nWritten: bench-results/compare.json');
  } finally {
    await browser.close();
  }
}
