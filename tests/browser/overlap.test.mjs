// The overlap view: near-duplicate pairs against an independent computation, the threshold in
// the URL, the matrix, recurring configurations on the map, cross-border verbanden and the
// region profile; every name leads to the map state that shows it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { root, openViewer, useServerAndBrowser, asOf, publishedDataset } from './support.mjs';

// What the viewer shows today: ended verbanden and memberships left out.
const published = publishedDataset();
const dataset = asOf(published);
const gemeenten = JSON.parse(fs.readFileSync(path.join(root, 'dist/data/boundaries/gemeente_2025.national.geojson'), 'utf8')).features;
const provincieOf = Object.fromEntries(gemeenten.map((f) => [f.properties.code, f.properties.provincie]));
const inProvince = (v, pv) => v.members.some((m) => m.code === pv || provincieOf[m.code] === pv);

/** Jaccard of every pair, the slow and obvious way. */
function pairsAbove(list, threshold) {
  const sets = list.map((v) => new Set(v.members.map((m) => m.code)));
  const out = [];
  for (let a = 0; a < sets.length; a++) {
    for (let b = a + 1; b < sets.length; b++) {
      const shared = [...sets[a]].filter((c) => sets[b].has(c)).length;
      const j = shared / (sets[a].size + sets[b].size - shared);
      if (j > 0 && j >= threshold) out.push(j);
    }
  }
  return out;
}

const env = useServerAndBrowser();

test('near-duplicate pairs match an independent computation and follow the threshold in the URL', async () => {
  const { page, errors } = await openViewer(env.browser, env.server.url, { query: '?weergave=overlap&focus=PV26&drempel=50' });
  await page.waitForSelector('.overlap-view .pairs tbody tr');
  const utrecht = dataset.verbanden.filter((v) => inProvince(v, 'PV26'));
  const expected = pairsAbove(utrecht, 0.5);
  // Long tables grow a page at a time.
  const more = page.locator('.table-scroll:has(.pairs) + .list-more .show-more');
  assert.match(await page.locator('.table-scroll:has(.pairs) + .list-more').innerText(), new RegExp(`100 van ${expected.length} getoond`));
  while (await more.count()) await more.click();
  const shown = await page.locator('.pairs td[data-column=jaccard]').allInnerTexts();
  assert.equal(shown.length, expected.length);
  const percents = shown.map((s) => Number(s.replace('%', '')));
  assert.deepEqual(percents, [...percents].sort((a, b) => b - a), 'highest overlap first');
  assert.ok(percents.every((p) => p >= 50));
  await page.locator('.pairs button.sort[data-column=shared]').click();
  const sharedCounts = (await page.locator('.pairs td[data-column=shared]').allInnerTexts()).map(Number);
  assert.deepEqual(sharedCounts, [...sharedCounts].sort((a, b) => b - a), 'sorted by shared members');
  assert.equal(await page.locator('.pairs th[aria-sort=descending] [data-column=shared]').count(), 1);

  await page.locator('#overlap-threshold').fill('90');
  await page.locator('#overlap-threshold').press('Enter');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('drempel') === '90');
  await page.waitForFunction((n) => document.querySelectorAll('.pairs tbody tr').length === n || (n === 0 && document.querySelector('.no-pairs')),
    pairsAbove(utrecht, 0.9).length);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a pair, a matrix cell and a cross-border verband each open that verband on the map', async () => {
  const { page } = await openViewer(env.browser, env.server.url, { query: '?weergave=overlap&thema=afval&focus=PV23' });
  await page.waitForSelector('.overlap-view .matrix');
  const afval = dataset.verbanden.filter((v) => v.themes.includes('afval') && inProvince(v, 'PV23'));
  assert.equal(await page.locator('.matrix tbody tr').count(), afval.length);
  const cell = page.locator('.matrix .cell-link').first();
  const shared = Number(await cell.innerText());
  await cell.click();
  await page.waitForSelector('.verband-panel');
  // The address is written in the task after the change (src/url_sync.rs).
  await page.waitForFunction(() => new URL(location.href).searchParams.has('verband'), null, { timeout: 2000 }).catch(() => {});
  assert.ok(new URL(page.url()).searchParams.get('verband'));
  assert.ok(shared >= 0);

  const rova = dataset.verbanden.find((v) => v.id.includes('rova'));
  const provinces = new Set(rova.members.map((m) => provincieOf[m.code] || (m.code.startsWith('PV') ? m.code : null)).filter(Boolean));
  assert.ok(provinces.size > 1, 'ROVA has members in several provinces');
  await page.locator(`.cross-border [data-verband="${rova.id}"]`).click();
  await page.waitForSelector(`.verband-panel[data-verband="${rova.id}"]`);
  assert.equal(await page.locator('[data-kind=gemeente][data-member=true]').count(), rova.members.filter((m) => m.code.startsWith('GM')).length);
  await page.close();
});

test('recurring configurations shade the map, and a region has a profile against its province and the country', async () => {
  const { page } = await openViewer(env.browser, env.server.url, { query: '?weergave=overlap&gemeente=GM0344' });
  await page.waitForSelector('.region-profile[data-code=GM0344]');
  const afvalRow = page.locator('.region-profile tr[data-term=afval] td');
  const mine = dataset.verbanden.filter((v) => v.members.some((m) => m.code === 'GM0344'));
  assert.equal(Number(await afvalRow.first().innerText()), mine.filter((v) => v.themes.includes('afval')).length);
  assert.ok(await page.locator('.region-profile .partners li').count() > 0);

  // Without a selection the map shows, per gemeente, the number of distinct configurations.
  await page.locator('.region-panel .close').click();
  await page.waitForSelector('.legend[data-legend=configurations]');
  assert.ok(await page.locator('[data-kind=gemeente][data-shade]').count() > 300);
  const top = page.locator('.most-configurations tbody tr').first();
  const code = await top.getAttribute('data-code');
  const sets = new Set(dataset.verbanden.filter((v) => v.members.some((m) => m.code === code))
    .map((v) => [...new Set(v.members.map((m) => m.code))].sort().join(',')));
  assert.equal(Number(await top.locator('td').innerText()), sets.size, `distinct configurations of ${code}`);
  await top.locator('.region-link').click();
  await page.waitForURL(new RegExp(`gemeente=${code}`));
  await page.close();
});

test('20,000 one-member verbanden: the overlap view answers at once, says the list is incomplete, and never dies', async () => {
  const page = await env.browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const record = (i) => ({ id: `een-${i}`, name: `Een ${i}`, description: 'd', themes: ['afval'], legal_form: 'nv-bv',
    members: [{ code: 'GM0344' }], sources: ['https://example.nl'], checked: '2026-11-23' });
  const degenerate = { ...dataset, verbanden: Array.from({ length: 20000 }, (_, i) => record(i)) };
  await page.route('**/data/verbanden.json', (route) => route.fulfill({ json: degenerate }));
  await page.goto(`${env.server.url}?weergave=overlap`);
  await page.waitForFunction(() => Number(document.querySelector('.filters .count')?.dataset.count) === 20000);
  const started = Date.now();
  await page.locator('.overlap-view .pairs-incomplete').waitFor({ timeout: 10000 });
  assert.ok(Date.now() - started < 10000);
  assert.equal(await page.locator('.overlap-view .pairs tbody tr').count(), 100);
  assert.equal(await page.locator('.startup-error').count(), 0);
  // One configuration of 20,000 verbanden lists the first few and counts the rest.
  assert.ok((await page.evaluate(() => document.querySelectorAll('*').length)) < 5000);
  assert.deepEqual(errors, []);
  await page.close();
});
