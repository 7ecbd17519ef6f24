// Faults and integrity: what the viewer does when its data are not what it expects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser } from './support.mjs';

const env = useServerAndBrowser();

test('a dataset for another boundary year is shown, with a notice saying so', async () => {
  const page = await env.browser.newPage();
  await page.route('**/data/verbanden.json', async (route) => {
    const response = await route.fetch();
    const data = await response.json();
    await route.fulfill({ response, json: { ...data, boundary_year: 2023 } });
  });
  await page.goto(`${env.server.url}?gemeente=GM0344`);
  const notice = page.locator('.notice-years');
  await notice.waitFor();
  assert.equal(await notice.getAttribute('data-dataset-year'), '2023');
  assert.equal(await notice.getAttribute('data-boundary-year'), '2025');
  assert.match(await notice.innerText(), /gemeentegrenzen van 2023; de kaart toont die van 2025/);
  await page.waitForSelector('.region-panel .region-verbanden');
  await page.close();
});

test('server errors are retried with backoff, and the map appears', async () => {
  const page = await env.browser.newPage();
  let tries = 0;
  await page.route('**/gemeente_2025.national.geojson', (route) => (++tries < 3 ? route.fulfill({ status: 503, body: 'busy' }) : route.continue()));
  await page.goto(env.server.url);
  await page.waitForSelector('.map[data-state=ready] path[data-kind=gemeente]');
  assert.equal(tries, 3);
  assert.equal(await page.locator('.notice-years').count(), 0, 'the years agree');
  await page.close();
});

test('a missing dataset is named, the map keeps working, and Retry loads it', async () => {
  const page = await env.browser.newPage();
  let tries = 0;
  await page.route('**/data/verbanden.json', (route) => { tries++; return route.fulfill({ status: 404, body: 'weg' }); });
  await page.goto(`${env.server.url}?gemeente=GM0344`);
  const alert = page.locator('.dataset-error');
  await alert.waitFor();
  assert.match(await alert.innerText(), /data\/verbanden\.json: HTTP 404/);
  assert.equal(tries, 1, 'a 404 is not retried');
  await page.waitForSelector('.region-panel[data-code=GM0344]');
  await page.unroute('**/data/verbanden.json');
  await page.locator('.retry-dataset').click();
  await page.waitForSelector('.region-panel .region-verbanden');
  assert.equal(await alert.count(), 0);
  await page.close();
});

test('truncated or invalid data are named with the file and the place, and Retry recovers', async () => {
  const page = await env.browser.newPage();
  await page.route('**/gemeente_2025.national.geojson', async (route) => {
    const response = await route.fetch();
    const text = await response.text();
    await route.fulfill({ response, body: text.slice(0, text.length / 2) });
  });
  await page.route('**/data/verbanden.json', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: '{"boundary_year": 2025, "verbanden": [' }));
  await page.goto(env.server.url);
  const mapError = page.locator('.status-error');
  await mapError.waitFor();
  assert.match(await mapError.innerText(), /gemeente_2025\.national\.geojson/);
  assert.match(await page.locator('.dataset-error').innerText(), /data\/verbanden\.json: .*line 1 column/);
  await page.unrouteAll();
  await page.locator('button.retry').click();
  await page.waitForSelector('.map[data-state=ready] path[data-kind=gemeente]');
  await page.locator('.retry-dataset').click();
  await page.waitForFunction(() => Number(document.querySelector('.filters .count')?.dataset.count) > 100);
  await page.close();
});

test('a slow dataset does not hold up the map', async () => {
  const page = await env.browser.newPage();
  await page.route('**/data/verbanden.json', async (route) => {
    await new Promise((r) => setTimeout(r, 1500));
    await route.continue();
  });
  await page.goto(`${env.server.url}?gemeente=GM0344`);
  await page.waitForSelector('.map[data-state=ready] path[data-kind=gemeente]');
  const count = () => page.locator('.region-panel .region-verbanden').getAttribute('data-count');
  assert.equal(await count(), '0', 'the map is there before the dataset');
  await page.waitForFunction(() => Number(document.querySelector('.region-panel .region-verbanden')?.dataset.count) > 0, null, { timeout: 10000 });
  await page.close();
});

/** Opens the viewer with the app's wasm or JS answered by `fulfill`, and returns the page and console lines. */
async function withBrokenFile(pattern, fulfill) {
  const page = await env.browser.newPage();
  const console = [];
  page.on('console', (m) => console.push(m.text()));
  await page.route(pattern, fulfill);
  await page.goto(env.server.url);
  return { page, console };
}

for (const [what, pattern, change] of [
  ['a truncated wasm', '**/*_bg.wasm', (body) => body.subarray(0, body.length / 2)],
  ['an empty wasm', '**/*_bg.wasm', () => Buffer.alloc(0)],
  // Same length, one byte changed: it could still compile, so only the integrity check stops it.
  ['a tampered wasm', '**/*_bg.wasm', (body) => { const copy = Buffer.from(body); copy[copy.length - 10] ^= 1; return copy; }],
  ['a tampered JS module', '**/kaartviewer-*.js', (body) => Buffer.concat([body, Buffer.from('\nwindow.__tampered = 1;\n')])],
  ['an empty JS module', '**/kaartviewer-*.js', () => Buffer.alloc(0)],
]) {
  test(`${what} gives a message with Retry, not a blank page, and Retry recovers`, async () => {
    const { page, console } = await withBrokenFile(pattern, async (route) => {
      const response = await route.fetch({ headers: { ...route.request().headers(), 'accept-encoding': 'identity' } });
      const body = await response.body();
      await route.fulfill({ status: 200, headers: { 'content-type': response.headers()['content-type'] }, body: change(body) });
    });
    const failure = page.locator('.startup-error[role=alert]');
    await failure.waitFor();
    assert.match(await failure.innerText(), /De kaartviewer kon niet starten\./);
    assert.equal(await page.evaluate(() => window.__tampered), undefined, 'tampered code never ran');
    if (what.includes('tampered')) {
      assert.ok(console.some((line) => /integrity/.test(line)), `the integrity check stopped it: ${console.join('\n')}`);
    }
    await page.unrouteAll();
    await page.locator('button.retry-start').click();
    await page.waitForSelector('.map[data-state=ready] path[data-kind=gemeente]');
    assert.equal(await page.locator('#startup, .startup-error').count(), 0);
    await page.close();
  });
}

test('a missing wasm is named with its file and status', async () => {
  const { page } = await withBrokenFile('**/*_bg.wasm', (route) => route.fulfill({ status: 404, body: 'weg' }));
  const failure = page.locator('.startup-error');
  await failure.waitFor();
  assert.match(await failure.innerText(), /_bg\.wasm: (HTTP 404|.*not the file this page was built with)/);
  await page.close();
});

test('a missing secondary layer leaves the rest of the map working, and Retry draws it', async () => {
  const page = await env.browser.newPage();
  await page.route('**/provincie_*.national.geojson', (route) => route.fulfill({ status: 404, body: 'weg' }));
  await page.goto(`${env.server.url}?gemeente=GM0344`);
  await page.waitForSelector('.map[data-state=ready] path[data-kind=gemeente]');
  const notice = page.locator('.detail-error');
  await notice.waitFor();
  assert.match(await notice.innerText(), /provincie_.*\.national\.geojson: HTTP 404/);
  assert.equal(await page.locator('path[data-kind=provincie]').count(), 0);
  await page.waitForSelector('.region-panel[data-code=GM0344]');
  await page.unrouteAll();
  await page.locator('button.retry-detail').click();
  await page.waitForFunction(() => document.querySelectorAll('path[data-kind=provincie]').length > 0);
  assert.equal(await notice.count(), 0);
  await page.close();
});

test('a finer level that failed is fetched again on Retry', async () => {
  const page = await env.browser.newPage();
  let tries = 0;
  await page.route('**/gemeente_*.province.geojson', (route) => { tries++; return route.fulfill({ status: 404, body: 'weg' }); });
  await page.goto(env.server.url);
  await page.waitForSelector('.map[data-state=ready] path[data-kind=gemeente]');
  for (let i = 0; i < 4; i++) await page.locator('button.zoom-in').click();
  await page.locator('.detail-error').waitFor();
  assert.equal(tries, 1);
  await page.unrouteAll();
  await page.locator('button.retry-detail').click();
  await page.waitForFunction(() => performance.getEntriesByType('resource').filter((e) => e.name.includes('gemeente_') && e.name.includes('.province.')).length > 0);
  await page.waitForFunction(() => !document.querySelector('.detail-error'));
  await page.close();
});

test('a link with thousands of member codes keeps only existing ones, capped, in one history entry', async () => {
  const page = await env.browser.newPage();
  // 9,000 codes: a 63 KB address, within the server's limit on a request line (64 KiB; longer gets 414).
  const codes = Array.from({ length: 9000 }, (_, i) => `GM${String(i).padStart(4, '0')}`);
  await page.addInitScript(() => { window.__historyAtStart = history.length; });
  await page.goto(`${env.server.url}?lid=${codes.join(',')}`);
  await page.waitForFunction(() => Number(document.querySelector('.filters .count')?.dataset.count) >= 0 && new URL(location.href).searchParams.has('lid'));
  await page.waitForFunction(() => (new URL(location.href).searchParams.get('lid') || '').split(',').length < 100);
  const lid = new URL(await page.evaluate(() => location.href)).searchParams.get('lid').split(',');
  // Of GM0000–GM0099 (the first 100 kept) only real gemeenten remain.
  assert.ok(lid.length > 0 && lid.length < 100, lid.join(','));
  assert.ok(lid.every((code) => code < 'GM0100'), lid.join(','));
  assert.ok((await page.evaluate(() => location.href.length)) < 2000);
  assert.ok((await page.evaluate(() => document.querySelectorAll('*').length)) < 5000);
  assert.equal(await page.evaluate(() => history.length - window.__historyAtStart), 0, 'no history entry was added');
  await page.close();
});

test('a panic after start-up shows the same message with Retry instead of a dead app', async () => {
  const page = await env.browser.newPage();
  await page.goto(env.server.url);
  await page.waitForSelector('.map[data-state=ready] path[data-kind=gemeente]');
  // The app finishes what it defers after the first map (the dataset, the panel), so that the
  // click below is what creates the next element.
  await page.waitForLoadState('networkidle');
  // By position, taken now: the page is replaced during the click, so the element it started on is gone.
  const box = await page.locator('.map[data-state=ready] path[data-code=GM0344]').boundingBox();
  // The next element the app creates fails once: the renderer's `unwrap` panics.
  await page.evaluate(() => {
    const original = Document.prototype.createElement;
    Document.prototype.createElement = function () {
      Document.prototype.createElement = original;
      throw new Error('kapotte DOM');
    };
  });
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  const failure = page.locator('.startup-error[role=alert]');
  await failure.waitFor();
  assert.match(await failure.innerText(), /De kaartviewer kon niet starten\.[\s\S]*Interne fout \/ Internal error: [\s\S]*kapotte DOM/);
  await page.locator('button.retry-start').click();
  await page.waitForSelector('.map[data-state=ready] path[data-kind=gemeente]');
  await page.close();
});
