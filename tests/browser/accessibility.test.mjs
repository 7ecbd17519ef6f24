// Accessibility: axe-core finds no WCAG 2.1 A/AA violations on any view (embed included),
// and the main tasks can be done with the keyboard alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { openViewer, useServerAndBrowser } from './support.mjs';

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const env = useServerAndBrowser();

const views = {
  'the map': '',
  'a gemeente': '?gemeente=GM0193',
  'a waterschap': '?laag=waterschap&waterschap=WS0636',
  'a verband': '?gemeente=GM0193&verband=regio-zwolle',
  'the list': '?weergave=verbanden&thema=afval',
  'the links': '?weergave=verbindingen',
  'the table': '?weergave=tabel&gemeente=GM0344&focus=PV26',
  'the overlap view': '?weergave=overlap&gemeente=GM0344&focus=PV26&drempel=60',
  'the overlap matrix': '?weergave=overlap&thema=afval&focus=PV23',
  'embed mode': '?embed=1&focus=PV26',
  'English': '?taal=en&gemeente=GM0344',
  'a phone': '?gemeente=GM0344',
  'a gemeente on a past date': '?peildatum=2018-01-01&gemeente=GM0344',
  'a verband on a past date': '?peildatum=2018-01-01&verband=regio-zwolle',
};

for (const [name, query] of Object.entries(views)) {
  test(`axe-core: no violations on ${name}`, async () => {
    const size = name === 'a phone' ? { width: 360, height: 740 } : {};
    const { page } = await openViewer(env.browser, env.server.url, { query, ...size, bypassCSP: true });
    if (query.includes('waterschap=')) await page.waitForSelector('.region-panel .gemeenten');
    await page.waitForFunction(() => !document.querySelector('.filters .count') || Number(document.querySelector('.filters .count').dataset.count) >= 0);
    await page.addScriptTag({ content: axeSource });
    const violations = await page.evaluate(async () => {
      const result = await axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] });
      return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
    });
    assert.deepEqual(violations, []);
    await page.close();
  });
}

test('keyboard only: find a gemeente and its verbanden, open one, filter by theme', async () => {
  const { page } = await openViewer(env.browser, env.server.url);
  await page.keyboard.press('Tab'); // skip the language button and reach the search box
  await page.locator('#region-search-input').focus();
  await page.keyboard.type('Deventer');
  await page.keyboard.press('Enter');
  await page.waitForSelector('.region-panel[data-code=GM0150]');
  assert.ok(Number(await page.locator('.region-verbanden').getAttribute('data-count')) > 5);
  assert.match(await page.locator('#announcer').innerText(), /Deventer gekozen/);

  await page.locator('.region-panel .verband-link').first().focus();
  await page.keyboard.press('Enter');
  await page.waitForSelector('.verband-panel');
  assert.ok((await page.locator('path[data-member=true]').count()) > 0);

  await page.locator('.filters summary').focus();
  await page.keyboard.press('Enter');
  await page.locator('#filter-thema-afval').focus();
  await page.keyboard.press('Space');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('thema') === 'afval');
  await page.close();
});

test('keyboard only: arrow keys walk to neighbouring gemeenten, Enter selects, Escape clears', async () => {
  const { page } = await openViewer(env.browser, env.server.url, { query: '?gemeente=GM0344' });
  await page.locator('.map').focus();
  await page.keyboard.press('ArrowRight');
  await page.waitForSelector('.cursor-outline');
  const announced = await page.locator('#announcer').innerText();
  assert.match(announced, /\(Gemeente\), Enter om te kiezen/);
  const neighbours = await page.evaluate(async () => {
    const index = await (await fetch('data/boundaries/gemeente_2025.national.geojson')).json();
    return index.features.find((f) => f.properties.code === 'GM0344').properties.neighbours;
  });
  await page.keyboard.press('Enter');
  const selected = await page.locator('path[aria-selected=true]').getAttribute('data-code');
  assert.ok(neighbours.includes(selected), `${selected} neighbours Utrecht`);
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('[aria-selected=true]').count(), 0);
  await page.keyboard.press('Shift+ArrowLeft');
  assert.equal(await page.locator('.cursor-outline').count(), 0, 'shift + arrow pans instead');
  await page.close();
});

test('the current list downloads as CSV in the spreadsheet format', async () => {
  const { page } = await openViewer(env.browser, env.server.url, { query: '?weergave=verbanden&thema=afval' });
  await page.waitForSelector('.verband-list [data-verband]');
  const listed = await page.locator('.verband-list [data-verband]').evaluateAll((bs) => bs.map((b) => b.dataset.verband));
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('button.download-csv').click()]);
  assert.equal(download.suggestedFilename(), 'samenwerkingsverbanden.csv');
  const text = fs.readFileSync(await download.path(), 'utf8');
  assert.ok(text.startsWith('\uFEFFboundary_year;id;name;'), text.slice(0, 40));
  for (const id of listed) assert.ok(text.includes(`;${id};`), `${id} in the CSV`);
  await page.close();
});

test('print shows map, legend and list without the controls', async () => {
  const { page } = await openViewer(env.browser, env.server.url, { query: '?gemeente=GM0193&weergave=verbanden' });
  await page.waitForSelector('.legend');
  await page.emulateMedia({ media: 'print' });
  for (const hidden of ['.zoom-controls', '.region-search', '.view-tabs', '.list-actions']) {
    assert.equal(await page.locator(hidden).first().isVisible(), false, `${hidden} is hidden in print`);
  }
  for (const shown of ['svg.map-svg', '.legend', '.attribution', '.verband-list']) {
    assert.ok(await page.locator(shown).first().isVisible(), `${shown} is printed`);
  }
  await page.close();
});

test('region names are labelled without collisions, more as the zoom leaves room', async () => {
  const { page } = await openViewer(env.browser, env.server.url);
  const boxes = () => page.locator('.labels text').evaluateAll((ts) => ts.map((t) => {
    const r = t.getBoundingClientRect();
    return { name: t.textContent, x: r.x, y: r.y, w: r.width, h: r.height };
  }));
  const home = await boxes();
  assert.ok(home.length > 5, `${home.length} labels at home`);
  for (let i = 0; i < 3; i++) await page.locator('button.zoom-in').click();
  const zoomed = await boxes();
  assert.ok(zoomed.length > 5);
  for (const list of [home, zoomed]) {
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const [a, b] = [list[i], list[j]];
        const overlap = a.x < b.x + b.w - 1 && b.x < a.x + a.w - 1 && a.y < b.y + b.h - 1 && b.y < a.y + a.h - 1;
        assert.ok(!overlap, `${a.name} overlaps ${b.name}`);
      }
    }
  }
  const size = await page.locator('.labels text').first().evaluate((t) => t.getBoundingClientRect().height);
  assert.ok(size > 8 && size < 20, `label height ${size}px stays readable at every zoom`);
  await page.close();
});

test('the table lists every region with its counts, sorts by keyboard and follows the filters', async () => {
  const { page } = await openViewer(env.browser, env.server.url, { query: '?weergave=tabel&focus=PV26' });
  await page.waitForSelector('.region-table tbody tr');
  const rows = page.locator('.region-table tbody tr');
  assert.equal(await rows.count(), 26, 'the 26 gemeenten of the province of Utrecht');
  const counts = () => page.locator('.region-table td[data-column=verbanden]').evaluateAll((tds) => tds.map((td) => Number(td.textContent)));
  const all = await counts();
  assert.deepEqual(all, [...all].sort((a, b) => b - a), 'most verbanden first');
  assert.equal(await page.locator('th[aria-sort=descending]').count(), 1);

  // Sort by name with the keyboard: A–Z.
  await page.locator('button.sort[data-column=name]').focus();
  await page.keyboard.press('Enter');
  const names = await page.locator('.region-table tbody th').allInnerTexts();
  assert.deepEqual(names, [...names].sort((a, b) => a.localeCompare(b, 'nl')));
  assert.equal(await page.locator('th[aria-sort=ascending] button[data-column=name]').count(), 1);

  // A theme filter lowers the counts; the URL keeps the view.
  await page.goto(`${env.server.url}?weergave=tabel&focus=PV26&thema=afval`);
  await page.waitForSelector('.region-table tbody tr');
  const afval = await counts();
  assert.ok(afval.reduce((a, b) => a + b) < all.reduce((a, b) => a + b), 'fewer verbanden with one theme');

  // Choosing a name selects the region and adds the shared column, matching the map's shading.
  await page.locator('.region-table tr[data-code=GM0344] .region-link').click();
  await page.waitForSelector('.region-panel[data-code=GM0344]');
  await page.waitForURL(/gemeente=GM0344/);
  // The address is written in the task after the change (src/url_sync.rs).
  await page.waitForFunction(() => /weergave=tabel/.test(location.href), null, { timeout: 2000 }).catch(() => {});
  assert.match(page.url(), /weergave=tabel/);
  assert.equal(await page.locator('tr[aria-current=true]').getAttribute('data-code'), 'GM0344');
  const shared = await page.locator('.region-table tbody tr').evaluateAll((trs) =>
    Object.fromEntries(trs.map((tr) => [tr.dataset.code, tr.querySelector('[data-column=shared]')?.textContent])));
  assert.equal(shared.GM0344, '–');
  const shaded = await page.locator('[data-kind=gemeente][data-shade]').evaluateAll((ps) => ps.map((p) => p.dataset.code));
  for (const code of shaded.filter((c) => c in shared)) assert.ok(Number(shared[code]) > 0, `${code} is shaded and shares verbanden`);
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('button.download-table').click()]);
  const csv = fs.readFileSync(await download.path(), 'utf8');
  assert.ok(csv.startsWith('\uFEFFCode;Naam;Provincie;Verbanden;Gedeeld met Utrecht'), csv.slice(0, 60));
  assert.equal(csv.trim().split(/\r?\n/).length, 27);
  await page.close();
});

test('the map downloads as SVG and PNG, with a title and the CBS/Kadaster attribution', async () => {
  const { page } = await openViewer(env.browser, env.server.url, { query: '?gemeente=GM0193&verband=regio-zwolle' });
  await page.waitForSelector('[data-member=true]');
  const [svgDownload] = await Promise.all([page.waitForEvent('download'), page.locator('button.export-svg').click()]);
  assert.equal(svgDownload.suggestedFilename(), 'kaart-samenwerkingsverbanden.svg');
  const svg = fs.readFileSync(await svgDownload.path(), 'utf8');
  assert.match(svg, /^<\?xml/);
  assert.match(svg, /Bron: CBS, Kadaster/);
  assert.match(svg, /<title>Kaartviewer samenwerkingsverbanden — Regio Zwolle<\/title>/);
  const members = await page.locator('.layer:not(.layer-hidden) path[data-member=true]').count();
  assert.equal((svg.match(/data-member="true"/g) || []).length, members, 'every highlighted member is in the file');
  assert.ok(!svg.includes('class='), 'styles are inlined, not left to a stylesheet');

  // The file stands on its own: rendered in a fresh page it shows the members in their colour.
  const image = await env.browser.newPage();
  await image.setContent(svg.replace(/^<\?xml[^>]*>/, ''));
  const fill = await image.locator('path[data-member=true]').first().evaluate((p) => getComputedStyle(p).fill);
  assert.equal(fill, 'rgb(242, 169, 0)');
  await image.close();

  const [pngDownload] = await Promise.all([page.waitForEvent('download'), page.locator('button.export-png').click()]);
  assert.equal(pngDownload.suggestedFilename(), 'kaart-samenwerkingsverbanden.png');
  const png = fs.readFileSync(await pngDownload.path());
  assert.equal(png.subarray(1, 4).toString(), 'PNG');
  const mapWidth = await page.locator('svg.map-svg').evaluate((s) => Math.round(s.getBoundingClientRect().width));
  assert.equal(png.readUInt32BE(16), mapWidth * 2, 'twice the screen width');
  await page.close();
});

test('no keyboard trap: Tab walks through the map and its controls and out again, also embedded', async () => {
  for (const query of ['?gemeente=GM0344', '?embed=1&gemeente=GM0344']) {
    const { page } = await openViewer(env.browser, env.server.url, { query });
    await page.locator('.map').focus();
    await page.keyboard.press('ArrowRight'); // the cursor is on, and must not hold the focus
    const seen = [];
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab');
      seen.push(await page.evaluate(() => document.activeElement?.className || document.activeElement?.tagName));
    }
    assert.ok(seen.includes('zoom-in') && seen.includes('export-png'), `the map's controls are reached: ${seen}`);
    assert.ok(seen.some((c) => c === 'BODY' || c === 'lang-switch' || c === ''), `focus leaves the map: ${seen}`);
    await page.close();
  }
});
