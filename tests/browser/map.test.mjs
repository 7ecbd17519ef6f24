// The built viewer in headless Chromium: every region drawn, hover, click, pan and zoom,
// level of detail, layers, language, small and large screens, and the error state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openViewer, viewBox, useServerAndBrowser } from './support.mjs';

const env = useServerAndBrowser();

test('draws every gemeente and provincie of 2025, with attribution, from its own origin only', async () => {
  const page = await env.browser.newPage({ viewport: { width: 1280, height: 800 } });
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(env.server.url);
  await page.waitForSelector('.map[data-state=ready] path[data-kind=gemeente]');
  const codes = await page.locator('path[data-kind=gemeente]').evaluateAll((ps) => ps.map((p) => p.dataset.code));
  assert.equal(codes.length, 342);
  assert.equal(new Set(codes).size, 342);
  assert.ok(codes.every((c) => /^GM\d{4}$/.test(c)));
  const provincies = await page.locator('path[data-kind=provincie]').evaluateAll((ps) => ps.map((p) => p.dataset.code));
  assert.deepEqual(provincies.sort(), Array.from({ length: 12 }, (_, i) => `PV${20 + i}`));
  assert.match(await page.locator('.attribution').innerText(), /Bron: CBS, Kadaster/);
  assert.deepEqual(requests.filter((u) => !u.startsWith(env.server.url)), []);
  await page.close();
});

test('hovering a gemeente shows its name, gone when the map moves under the mouse', async () => {
  const { page } = await openViewer(env.browser, env.server.url);
  await page.locator('path[data-code=GM0344]').hover();
  assert.equal(await page.locator('.tooltip').innerText(), 'Utrecht');
  // The map moves under the resting mouse (zoomed by a key): the old name goes.
  await page.locator('.map').focus();
  await page.keyboard.press('+');
  await page.waitForSelector('.tooltip', { state: 'detached' });
  await page.close();
});

test('clicking selects a region: highlight, panel with code and provincie; Escape clears', async () => {
  const { page, errors } = await openViewer(env.browser, env.server.url);
  await page.locator('path[data-code=GM0153]').click();
  await page.waitForSelector('path[data-code=GM0153][aria-selected=true]');
  assert.equal(await page.locator('[aria-selected=true]').count(), 1);
  assert.equal(await page.locator('.selection-outline').count(), 1);
  const panel = page.locator('.region-panel');
  assert.equal(await panel.locator('h2').innerText(), 'Enschede');
  assert.equal(await panel.locator('.code').innerText(), 'GM0153');
  assert.equal(await panel.locator('.provincie').innerText(), 'Overijssel');
  assert.match(await panel.innerText(), /Waterschappen/);

  await page.locator('path[data-code=GM0344]').click();
  await page.waitForSelector('path[data-code=GM0344][aria-selected=true]');
  assert.equal(await page.locator('path[data-code=GM0153]').getAttribute('aria-selected'), 'false');

  await page.locator('.map').press('Escape');
  await page.waitForSelector('.region-panel', { state: 'detached' });
  assert.equal(await page.locator('[aria-selected=true]').count(), 0);
  assert.deepEqual(errors, []);
  await page.close();
});

test('zoom by buttons, wheel, double-click and keyboard changes the view; reset restores it', async () => {
  const { page } = await openViewer(env.browser, env.server.url);
  const home = await viewBox(page);
  await page.locator('button.zoom-in').click();
  const zoomed = await viewBox(page);
  assert.ok(zoomed[2] < home[2] * 0.7, `viewBox width ${zoomed[2]} should shrink from ${home[2]}`);

  await page.locator('button.zoom-out').click();
  const out = await viewBox(page);
  assert.ok(Math.abs(out[2] - home[2]) < 0.01, 'zoom out undoes zoom in');

  const box = await page.locator('.map').boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, -400);
  await page.waitForFunction((w) => Number(document.querySelector('svg.map-svg').getAttribute('viewBox').split(' ')[2]) < w, home[2]);

  await page.locator('button.zoom-reset').click();
  assert.deepEqual(await viewBox(page), home);
  await page.mouse.dblclick(box.x + box.width / 2, box.y + box.height / 2);
  assert.ok((await viewBox(page))[2] < home[2] * 0.6, 'double-click zooms in');

  await page.locator('button.zoom-reset').click();
  await page.locator('.map').focus();
  await page.keyboard.press('+');
  assert.ok((await viewBox(page))[2] < home[2], '+ key zooms in');
  await page.close();
});

test('dragging pans the map without selecting; stroke width stays constant', async () => {
  const { page } = await openViewer(env.browser, env.server.url);
  const before = await viewBox(page);
  const box = await page.locator('.map').boundingBox();
  await page.locator('button.zoom-in').click();
  const zoomed = await viewBox(page);
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 120, box.y + box.height / 2 + 40, { steps: 6 });
  await page.mouse.up();
  const panned = await viewBox(page);
  assert.ok(panned[0] < zoomed[0], 'dragging right shows more of the west');
  assert.equal(await page.locator('[aria-selected=true]').count(), 0);
  const effect = await page.locator('path[data-code=GM0344]').evaluate((p) => getComputedStyle(p).vectorEffect);
  assert.equal(effect, 'non-scaling-stroke');
  assert.ok(before[2] > 0);
  await page.close();
});

test('the level of detail follows the zoom', async () => {
  const { page } = await openViewer(env.browser, env.server.url);
  const detail = page.waitForResponse((r) => r.url().endsWith('gemeente_2025.province.geojson'));
  for (let i = 0; i < 3; i++) await page.locator('button.zoom-in').click();
  assert.equal((await detail).status(), 200);
  await page.waitForFunction(() => document.querySelector('path[data-code=GM0344]').getAttribute('d').includes('.'));
  assert.equal(await page.locator('path[data-kind=gemeente]').count(), 342);
  await page.close();
});

test('layers: provincies and waterschappen can be selected; provincie borders can be hidden', async () => {
  const { page } = await openViewer(env.browser, env.server.url);
  assert.ok(!(await page.locator('#layer-waterschap').isDisabled()));
  assert.equal(await page.locator('[data-layer-unavailable=waterschap]').count(), 0);
  await page.locator('label[for=layer-provincie]').click();
  await page.locator('path[data-kind=provincie][data-code=PV23]').click();
  await page.waitForSelector('path[data-code=PV23][aria-selected=true]');
  assert.equal(await page.locator('.region-panel h2').innerText(), 'Overijssel');
  await page.locator('#show-provincie-borders').uncheck();
  await page.locator('label[for=layer-gemeente]').click();
  assert.equal(await page.locator('g[data-layer=provincie]').getAttribute('class'), 'layer layer-provincie layer-hidden');
  await page.close();
});

test('English with taal=en, and a switch back to Dutch', async () => {
  const { page } = await openViewer(env.browser, env.server.url, { query: '?taal=en' });
  assert.equal(await page.locator('h1').innerText(), 'Map of intergovernmental cooperation');
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  await page.locator('button.lang-switch').click();
  assert.equal(await page.locator('h1').innerText(), 'Kaartviewer samenwerkingsverbanden');
  await page.close();
});

for (const [width, height] of [[360, 740], [1920, 1080]]) {
  test(`usable at ${width} px wide`, async () => {
    const { page } = await openViewer(env.browser, env.server.url, { width, height });
    const map = await page.locator('.map').boundingBox();
    assert.ok(map.width >= width - 2 || width > 1000, `map is ${map.width}px wide`);
    assert.ok(map.height >= 250, `map is ${map.height}px high`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `page scrolls sideways by ${overflow}px`);
    await page.locator('path[data-code=GM0363]').click();
    await page.waitForSelector('.region-panel');
    assert.ok(await page.locator('.region-panel h2').isVisible());
    await page.close();
  });
}

test('a failed data request shows the error with a retry that recovers', async () => {
  const page = await env.browser.newPage();
  let fail = true;
  await page.route('**/data/boundaries/boundaries.json', (route) => (fail ? route.fulfill({ status: 500, body: 'kapot' }) : route.continue()));
  await page.goto(env.server.url);
  const alert = page.locator('[role=alert]');
  await alert.waitFor();
  assert.match(await alert.innerText(), /De kaart kon niet worden geladen/);
  assert.match(await alert.innerText(), /boundaries\.json: HTTP 500/);
  fail = false;
  await page.locator('button.retry').click();
  await page.waitForSelector('.map[data-state=ready] path[data-kind=gemeente]');
  assert.equal(await page.locator('[role=alert]').count(), 0);
  await page.close();
});

test('a broken boundary file is named in the error', async () => {
  const page = await env.browser.newPage();
  await page.route('**/gemeente_2025.national.geojson', (route) => route.fulfill({ status: 200, body: '{"type":"FeatureCollection","features":[{"type":"Feature"' }));
  await page.goto(env.server.url);
  const alert = page.locator('[role=alert]');
  await alert.waitFor();
  assert.match(await alert.innerText(), /gemeente_2025\.national\.geojson: not a GeoJSON FeatureCollection/);
  await page.close();
});
