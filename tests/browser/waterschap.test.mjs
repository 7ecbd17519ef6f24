// The water boards (waterschappen): loaded when asked for, drawn with their official codes,
// selectable by click, URL, search and the gemeente panel, and listed with their gemeenten.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { openViewer, useServerAndBrowser, root } from './support.mjs';

const env = useServerAndBrowser();

/** The 21 official codes, from the committed crosswalk. */
const officialCodes = [...fs.readFileSync(path.join(root, 'data/waterschappen.toml'), 'utf8').matchAll(/^code = "(WS\d{4})"/gm)]
  .map((m) => m[1]).sort();

const drawnBoards = (page) => page.locator('path[data-kind=waterschap]').evaluateAll((ps) => ps.map((p) => p.dataset.code).sort());

test('the first map does not wait for the water boards; choosing the layer draws all 21 with official codes', async () => {
  const page = await env.browser.newPage({ viewport: { width: 1280, height: 800 } });
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(env.server.url);
  await page.waitForSelector('.map[data-state=ready] path[data-kind=gemeente]');
  await page.waitForSelector('.region-search datalist option', { state: 'attached' });
  assert.equal(requests.filter((u) => u.includes('waterschap_')).length, 0, 'no water board file on the first load');
  assert.equal(officialCodes.length, 21);

  await page.locator('label[for=layer-waterschap]').click();
  await page.waitForSelector('path[data-kind=waterschap]');
  assert.deepEqual(await drawnBoards(page), officialCodes);
  assert.equal(await page.locator('g[data-layer=waterschap]').getAttribute('class'), 'layer layer-waterschap layer-active');
  // Provincie borders stay drawable over the water boards.
  assert.equal(await page.locator('g[data-layer=provincie]').getAttribute('class'), 'layer layer-provincie layer-outline');
  assert.match(await page.locator('.attribution').innerText(), /Waterschapsgrenzen: Het Waterschapshuis \(via PDOK\)/);
  assert.deepEqual(requests.filter((u) => !u.startsWith(env.server.url)), []);
  await page.close();
});

test('a water board selected by click: its panel lists its provincies, gemeenten and verbanden', async () => {
  const { page, errors } = await openViewer(env.browser, env.server.url, { query: '?laag=waterschap' });
  await page.waitForSelector('path[data-kind=waterschap][data-code=WS0662]');
  await page.locator('path[data-code=WS0662]').click({ position: await insidePoint(page, 'WS0662') });
  await page.waitForSelector('path[data-code=WS0662][aria-selected=true]');
  const panel = page.locator('.region-panel[data-code=WS0662]');
  assert.equal(await panel.locator('h2').innerText(), 'Waterschap Vallei en Veluwe');
  assert.equal(await panel.locator('.code').innerText(), 'WS0662');
  assert.match(await panel.locator('.provincies').innerText(), /Gelderland/);
  const gemeenten = await panel.locator('.gemeenten .region-link').allInnerTexts();
  assert.ok(gemeenten.includes('Apeldoorn') && gemeenten.includes('Ede'), gemeenten.join(', '));
  await page.waitForSelector('.region-panel .region-verbanden');
  assert.ok(Number(await panel.locator('.region-verbanden').getAttribute('data-count')) >= 1);
  // The address is written in the task after the change (src/url_sync.rs).
  await page.waitForFunction(() => /waterschap=WS0662/.test(location.href), null, { timeout: 2000 }).catch(() => {});
  assert.match(page.url(), /waterschap=WS0662/);
  assert.match(page.url(), /laag=waterschap/);
  // A gemeente in the list opens that gemeente on its own layer.
  await panel.locator('.gemeenten .region-link', { hasText: 'Apeldoorn' }).click();
  await page.waitForSelector('.region-panel[data-code=GM0200]');
  assert.equal(await page.locator('#layer-gemeente').isChecked(), true);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a water board selected by URL, also in embed mode; zooming in loads its detailed level', async () => {
  for (const query of ['?laag=waterschap&waterschap=WS0636', '?embed=1&laag=waterschap&waterschap=WS0636']) {
    const { page, errors } = await openViewer(env.browser, env.server.url, { query });
    await page.waitForSelector('path[data-code=WS0636][aria-selected=true]');
    assert.equal(await page.locator('.region-panel h2').innerText(), 'Hoogheemraadschap De Stichtse Rijnlanden');
    assert.ok((await page.locator('.region-panel .gemeenten .region-link', { hasText: /^Utrecht$/ }).count()) === 1);
    if (!query.includes('embed')) {
      const detail = page.waitForResponse((r) => r.url().endsWith('waterschap_2024.province.geojson'));
      for (let i = 0; i < 3; i++) await page.locator('button.zoom-in').click();
      assert.equal((await detail).status(), 200);
      await page.waitForFunction(() => document.querySelector('path[data-code=WS0636]').getAttribute('d').includes('.'));
      assert.deepEqual(await drawnBoards(page), officialCodes);
    }
    assert.deepEqual(errors, []);
    await page.close();
  }
});

test('a gemeente panel lists its water boards; each opens the board', async () => {
  const { page } = await openViewer(env.browser, env.server.url, { query: '?gemeente=GM0599' });
  const boards = page.locator('.region-panel[data-code=GM0599] .waterschappen .region-link');
  await page.waitForFunction(() => document.querySelectorAll('.region-panel .waterschappen .region-link').length === 3
    && [...document.querySelectorAll('.region-panel .waterschappen .region-link')].every((b) => !/^WS/.test(b.textContent)));
  assert.deepEqual((await boards.allInnerTexts()).sort(), [
    'Hoogheemraadschap van Delfland', 'Hoogheemraadschap van Schieland en de Krimpenerwaard', 'Waterschap Hollandse Delta',
  ]);
  await boards.filter({ hasText: 'Delfland' }).click();
  await page.waitForSelector('path[data-code=WS0372][aria-selected=true]');
  assert.equal(await page.locator('#layer-waterschap').isChecked(), true);
  await page.close();
});

test('the search box finds a water board by name; the table lists all 21', async () => {
  const { page } = await openViewer(env.browser, env.server.url);
  await page.waitForSelector('.region-search datalist option[value="Waterschap Limburg (Waterschap)"]', { state: 'attached' });
  await page.locator('#region-search-input').fill('Waterschap Limburg');
  await page.keyboard.press('Enter');
  await page.waitForSelector('path[data-code=WS0665][aria-selected=true]');
  assert.equal(await page.locator('.region-panel h2').innerText(), 'Waterschap Limburg');
  await page.locator('button[data-view=tabel]').click();
  await page.waitForSelector('.region-table tbody tr');
  assert.equal(await page.locator('.region-table tbody tr').count(), 21);
  await page.close();
});

/** A point inside a region's path (its label anchor is not exposed, so ask the browser). */
async function insidePoint(page, code) {
  return page.locator(`path[data-code=${code}]`).evaluate((path) => {
    const svg = path.ownerSVGElement;
    const box = path.getBBox();
    const matrix = path.getScreenCTM();
    const rect = path.getBoundingClientRect();
    for (let fy = 0.5; fy < 1; fy += 0.05) {
      for (let fx = 0.3; fx < 0.8; fx += 0.05) {
        const point = svg.createSVGPoint();
        point.x = box.x + fx * box.width;
        point.y = box.y + fy * box.height;
        if (path.isPointInFill(point)) {
          const screen = point.matrixTransform(matrix);
          const hit = document.elementFromPoint(screen.x, screen.y);
          if (hit === path) return { x: screen.x - rect.left, y: screen.y - rect.top };
        }
      }
    }
    return { x: rect.width / 2, y: rect.height / 2 };
  });
}
