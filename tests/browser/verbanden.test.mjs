// The partnership views in headless Chromium: a region's verbanden, a verband's members,
// filters, the list, URL state with Back/Forward, and a missing dataset.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { root, openViewer, viewBox, useServerAndBrowser, asOf, publishedDataset } from './support.mjs';

// What the viewer shows today: ended verbanden and memberships left out.
const published = publishedDataset();
const dataset = asOf(published);
const byId = Object.fromEntries(dataset.verbanden.map((v) => [v.id, v]));
const ofRegion = (code) => dataset.verbanden.filter((v) => v.members.some((m) => m.code === code));

const env = useServerAndBrowser();

// A query parameter of the page's address. The app writes the address in the task after a
// change (src/url_sync.rs), so this waits up to 2 s for `expected` before reading it.
const param = async (page, name, expected) => {
  await page.waitForFunction(([n, e]) => new URL(location.href).searchParams.get(n) === e, [name, expected], { timeout: 2000 }).catch(() => {});
  return page.evaluate((n) => new URL(location.href).searchParams.get(n), name);
};

test('a gemeente lists its verbanden by theme and shades its partners', async () => {
  const { page, errors } = await openViewer(env.browser, env.server.url);
  await page.locator('path[data-code=GM0193]').click();
  const heading = page.locator('.region-panel .region-verbanden');
  await heading.waitFor();
  assert.equal(Number(await heading.getAttribute('data-count')), ofRegion('GM0193').length);
  assert.ok((await page.locator('.region-panel .theme-group h4').count()) >= 5);
  const ids = await page.locator('.region-panel [data-verband]').evaluateAll((bs) => [...new Set(bs.map((b) => b.dataset.verband))]);
  assert.deepEqual(ids.sort(), ofRegion('GM0193').map((v) => v.id).sort());
  assert.ok((await page.locator('path[data-shade]').count()) > 20, 'partners are shaded');
  assert.match(await page.locator('.legend[data-legend=shared]').innerText(), /gedeelde verbanden met Zwolle/);
  assert.equal(await param(page, 'gemeente', 'GM0193'), 'GM0193');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the legend of shared verbanden shows the shades in use', async () => {
  // How many of `verbanden` each other region shares with `code`, at most.
  const mostShared = (code, verbanden) => {
    const counts = {};
    for (const v of verbanden) for (const other of new Set(v.members.map((m) => m.code))) if (other !== code) counts[other] = (counts[other] || 0) + 1;
    return Math.max(...Object.values(counts));
  };
  for (const [query, verbanden] of [
    ['?gemeente=GM0193', ofRegion('GM0193')],
    ['?gemeente=GM0193&thema=afval', ofRegion('GM0193').filter((v) => v.themes.includes('afval'))],
  ]) {
    const { page, errors } = await openViewer(env.browser, env.server.url, { query });
    await page.locator('.legend[data-legend=shared]').waitFor();
    const most = mostShared('GM0193', verbanden);
    const swatches = await page.locator('.legend .scale .swatch').count();
    const labels = await page.locator('.legend .scale-labels span').allInnerTexts();
    // Five shades from 1 to the most shared; one shade, labelled once, when that is 1 too.
    assert.deepEqual([swatches, labels], most > 1 ? [5, ['1', String(most)]] : [1, ['1']], query);
    assert.deepEqual(errors, []);
    await page.close();
  }
});

test('the search box finds a gemeente by name', async () => {
  const { page } = await openViewer(env.browser, env.server.url);
  await page.locator('#region-search-input').fill('enschede');
  await page.locator('#region-search-input').press('Enter');
  await page.waitForSelector('path[data-code=GM0153][aria-selected=true]');
  assert.equal(await page.locator('.region-panel h2').innerText(), 'Enschede');
  await page.close();
});

test('a verband shows every field, highlights its members and zooms to them', async () => {
  const { page } = await openViewer(env.browser, env.server.url);
  const home = await viewBox(page);
  await page.locator('path[data-code=GM0344]').click();
  await page.locator('.region-panel [data-verband=omgevingsdienst-utrecht]').first().click();
  const panel = page.locator('.verband-panel');
  await panel.waitFor();
  const record = byId['omgevingsdienst-utrecht'];
  assert.equal(await panel.locator('h2').innerText(), record.name);
  assert.equal(await panel.locator('.purpose').innerText(), record.description);
  assert.equal(await panel.locator('.legal-form').innerText(), 'Openbaar lichaam (Wgr)');
  assert.equal(await panel.locator('.members li').count(), record.members.length);
  assert.equal(await panel.locator('.sources a').count(), record.sources.length);
  const highlighted = await page.locator('path[data-kind=gemeente][data-member=true]').evaluateAll((ps) => ps.map((p) => p.dataset.code));
  assert.deepEqual(highlighted.sort(), record.members.map((m) => m.code).filter((c) => c.startsWith('GM')).sort());
  assert.ok((await viewBox(page))[2] < home[2], 'zoomed to the members');
  assert.equal(await param(page, 'verband', 'omgevingsdienst-utrecht'), 'omgevingsdienst-utrecht');
  await page.close();
});

test('filters by theme, legal form and text, with live counts and reset', async () => {
  const { page } = await openViewer(env.browser, env.server.url);
  const count = () => page.locator('.filters .count').getAttribute('data-count').then(Number);
  await page.waitForFunction(() => Number(document.querySelector('.filters .count')?.dataset.count) > 0);
  assert.equal(await count(), dataset.verbanden.length);
  await page.locator('.filters summary').click();
  await page.locator('#filter-thema-afval').check();
  const afval = dataset.verbanden.filter((v) => v.themes.includes('afval'));
  await page.waitForFunction((n) => Number(document.querySelector('.filters .count').dataset.count) === n, afval.length);
  assert.equal(await param(page, 'thema', 'afval'), 'afval');
  await page.locator('#filter-vorm-nv-bv').check();
  const both = afval.filter((v) => v.legal_form === 'nv-bv');
  await page.waitForFunction((n) => Number(document.querySelector('.filters .count').dataset.count) === n, both.length);
  assert.equal(await param(page, 'vorm', 'nv-bv'), 'nv-bv');
  await page.locator('button.reset-filters').click();
  await page.waitForFunction((n) => Number(document.querySelector('.filters .count').dataset.count) === n, dataset.verbanden.length);
  await page.locator('#filter-text').fill('archief');
  const archives = dataset.verbanden.filter((v) => `${v.name} ${v.description} ${v.id}`.toLowerCase().includes('archief'));
  await page.waitForFunction((n) => Number(document.querySelector('.filters .count').dataset.count) === n, archives.length);
  assert.ok(archives.length > 0);
  await page.close();
});

test('a shared URL reproduces the screen', async () => {
  const url = `${env.server.url}?gemeente=GM0344&thema=milieu-omgevingsdienst&verband=omgevingsdienst-utrecht&weergave=verbanden&kaart=5.1,52.1,4`;
  const page = await env.browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(url);
  await page.waitForSelector('.verband-panel[data-verband=omgevingsdienst-utrecht]');
  assert.ok(await page.locator('#filter-thema-milieu-omgevingsdienst').isChecked());
  assert.equal(await page.locator('path[data-code=GM0344]').getAttribute('aria-selected'), 'true');
  const listed = await page.locator('.verband-list [data-verband]').count();
  assert.equal(listed, dataset.verbanden.filter((v) => v.themes.includes('milieu-omgevingsdienst')).length);
  await page.waitForFunction(() => Number(document.querySelector('.map').dataset.zoom) > 3.9);
  await page.waitForFunction(() => new URL(location.href).searchParams.get('kaart')?.endsWith(',4.00'));
  await page.close();
});

test('Back and Forward step through selections', async () => {
  const { page } = await openViewer(env.browser, env.server.url);
  await page.locator('path[data-code=GM0153]').click();
  await page.waitForSelector('.region-panel[data-code=GM0153]');
  await page.locator('.region-panel [data-verband]').first().click();
  await page.waitForSelector('.verband-panel');
  const withVerband = page.url();
  await page.goBack();
  await page.waitForSelector('.region-panel[data-code=GM0153]');
  assert.equal(await page.locator('.verband-panel').count(), 0);
  await page.goBack();
  await page.waitForFunction(() => !document.querySelector('[aria-selected=true]'));
  await page.goForward();
  await page.waitForSelector('path[data-code=GM0153][aria-selected=true]');
  await page.goForward();
  await page.waitForSelector('.verband-panel');
  assert.equal(page.url(), withVerband);
  await page.close();
});

test('without the dataset the map still works and says what failed', async () => {
  const page = await env.browser.newPage();
  await page.route('**/data/verbanden.json', (route) => route.fulfill({ status: 404, body: 'weg' }));
  await page.goto(env.server.url);
  await page.waitForSelector('.map[data-state=ready] path[data-kind=gemeente]');
  const alert = page.locator('.dataset-error');
  await alert.waitFor();
  assert.match(await alert.innerText(), /verbanden\.json: HTTP 404/);
  await page.locator('path[data-code=GM0344]').click();
  await page.waitForSelector('.region-panel h2');
  await page.unroute('**/data/verbanden.json');
  await page.locator('.retry-dataset').click();
  await page.waitForSelector('.region-verbanden[data-count]');
  assert.equal(await page.locator('.dataset-error').count(), 0);
  await page.close();
});

test('hostile URL values are ignored or shown as text', async () => {
  const page = await env.browser.newPage();
  const dialogs = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
  await page.goto(`${env.server.url}?gemeente=%3Cscript%3Ealert(1)%3C/script%3E&verband=%22%3E%3Cimg%20src=x%20onerror=alert(2)%3E&zoek=%3Cimg%20src%3Dx%20onerror%3Dalert(3)%3E`);
  await page.waitForSelector('.map[data-state=ready] path[data-kind=gemeente]');
  await page.waitForTimeout(300);
  assert.deepEqual(dialogs, []);
  assert.equal(await page.locator('img').count(), 0);
  assert.equal(await page.locator('#filter-text').inputValue(), '<img src=x onerror=alert(3)>');
  assert.equal(await page.locator('[aria-selected=true]').count(), 0);
  await page.close();
});

test('links view: lines weighted by shared verbanden over a participation choropleth', async () => {
  const { page } = await openViewer(env.browser, env.server.url, { query: '?weergave=verbindingen' });
  await page.waitForSelector('.links line');
  const lines = await page.locator('.links line').evaluateAll((ls) => ls.map((l) => Number(l.dataset.weight)));
  assert.ok(lines.length > 50 && lines.length <= 400, `${lines.length} lines`);
  assert.ok(lines.every((w, i) => i === 0 || w <= lines[i - 1]), 'strongest first');
  assert.ok((await page.locator('path[data-kind=gemeente][data-shade]').count()) === 342, 'every gemeente is coloured');
  assert.match(await page.locator('.legend[data-legend=links]').innerText(), /Aantal verbanden per gemeente/);
  // With a gemeente selected, only its links; and they follow the filters.
  await page.locator('path[data-code=GM0153]').click();
  await page.waitForFunction(() => [...document.querySelectorAll('.links line')].every((l) => l.dataset.link.includes('GM0153')));
  const before = await page.locator('.links line').count();
  await page.locator('.filters summary').click();
  await page.locator('#filter-thema-veiligheid').check();
  await page.waitForFunction((n) => document.querySelectorAll('.links line').length < n, before);
  await page.close();
});

test('province focus and member filters narrow the verbanden', async () => {
  const { page } = await openViewer(env.browser, env.server.url);
  await page.waitForFunction(() => Number(document.querySelector('.filters .count')?.dataset.count) > 0);
  await page.locator('.filters summary').click();
  await page.locator('#filter-focus').selectOption('PV26');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('focus') === 'PV26');
  const focused = Number(await page.locator('.filters .count').getAttribute('data-count'));
  assert.ok(focused < dataset.verbanden.length && focused > 50, `${focused}`);
  await page.locator('path[data-code=GM0344]').click();
  await page.locator('button.filter-member').click();
  await page.locator('path[data-code=GM0356]').click();
  await page.locator('button.filter-member').click();
  const both = dataset.verbanden.filter((v) => ['GM0344', 'GM0356'].every((c) => v.members.some((m) => m.code === c)));
  await page.waitForFunction((n) => Number(document.querySelector('.filters .count').dataset.count) === n, both.length);
  assert.equal(await param(page, 'lid', 'GM0344,GM0356'), 'GM0344,GM0356');
  await page.locator('[data-member-filter=GM0356]').click();
  await page.waitForFunction(() => new URL(location.href).searchParams.get('lid') === 'GM0344');
  await page.close();
});
