// National content from the GR-register in headless Chromium: every province has register
// verbanden with their source; ended verbanden and memberships stay out of today's map but
// open as ended; the source filter; a province focus fits the map, also embedded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { root, openViewer, viewBox, useServerAndBrowser, asOf, publishedDataset, today } from './support.mjs';

const published = publishedDataset();
const current = asOf(published);
const gemeenten = JSON.parse(fs.readFileSync(path.join(root, 'dist/data/boundaries/gemeente_2025.national.geojson'), 'utf8'))
  .features.map((f) => f.properties);
const ofRegion = (code) => current.verbanden.filter((v) => v.members.some((m) => m.code === code));

const env = useServerAndBrowser();

test('a gemeente in every province lists register verbanden with their source link', async () => {
  const { page, errors } = await openViewer(env.browser, env.server.url);
  const provinces = [...new Set(gemeenten.map((g) => g.provincie))].sort();
  assert.equal(provinces.length, 12);
  for (const pv of provinces) {
    const gemeente = gemeenten.filter((g) => g.provincie === pv).sort((a, b) => a.code.localeCompare(b.code))[0];
    const expected = ofRegion(gemeente.code);
    const fromRegister = expected.filter((v) => v.origin === 'register');
    assert.ok(fromRegister.length >= 2, `${gemeente.name} (${pv}): ${fromRegister.length} register verbanden`);
    await page.goto(`${env.server.url}?gemeente=${gemeente.code}`);
    const heading = page.locator('.region-panel .region-verbanden');
    await heading.waitFor();
    await page.waitForFunction(
      (n) => Number(document.querySelector('.region-panel .region-verbanden')?.dataset.count) === n, expected.length);
    const record = fromRegister[0];
    await page.locator(`.region-panel [data-verband="${record.id}"]`).first().click();
    const panel = page.locator(`.verband-panel[data-verband="${record.id}"]`);
    await panel.waitFor();
    assert.equal(await panel.getAttribute('data-origin'), 'register');
    assert.equal(await panel.locator('.origin').innerText(), 'GR-register');
    const link = await panel.locator('.sources a').first().getAttribute('href');
    assert.match(link, /^https:\/\/organisaties\.overheid\.nl\/\d+\/$/, `${record.name}: ${link}`);
    assert.equal(link, record.sources[0]);
    assert.ok((await panel.innerText()).includes(record.checked), 'the check date is shown');
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test('an ended verband is not on today\'s map and opens as ended', async () => {
  const ended = published.verbanden.find((v) => v.origin === 'register' && v.end_date && v.members.some((m) => m.code.startsWith('GM')));
  assert.ok(ended, 'the register has ended regelingen');
  const member = ended.members.find((m) => m.code.startsWith('GM')).code;
  const { page, errors } = await openViewer(env.browser, env.server.url, { query: `?gemeente=${member}` });
  await page.waitForFunction(
    (n) => Number(document.querySelector('.region-panel .region-verbanden')?.dataset.count) === n, ofRegion(member).length);
  assert.equal(await page.locator(`.region-panel [data-verband="${ended.id}"]`).count(), 0, 'not among the current verbanden');
  assert.equal(Number(await page.locator('.filters .count').getAttribute('data-count')), current.verbanden.length);
  assert.ok(current.verbanden.length < published.verbanden.length);

  await page.goto(`${env.server.url}?verband=${ended.id}`);
  const panel = page.locator(`.verband-panel[data-verband="${ended.id}"]`);
  await panel.waitFor();
  assert.equal(await panel.getAttribute('data-ended'), 'true');
  assert.ok((await panel.locator('.ended-notice').innerText()).includes(`Beëindigd per ${ended.end_date}`));
  assert.deepEqual(errors, []);
  await page.close();
});

test('a member that left is listed apart, with the date it left', async () => {
  const day = today();
  const verband = current.verbanden.find((v) => {
    const full = published.verbanden.find((p) => p.id === v.id);
    return full.members.some((m) => m.end_date && m.end_date <= day && m.code.startsWith('GM'));
  });
  assert.ok(verband, 'some current verband has a member that left');
  const full = published.verbanden.find((p) => p.id === verband.id);
  const left = full.members.filter((m) => m.end_date && m.end_date <= day);
  const { page } = await openViewer(env.browser, env.server.url, { query: `?verband=${verband.id}` });
  const panel = page.locator(`.verband-panel[data-verband="${verband.id}"]`);
  await panel.waitFor();
  assert.equal(await panel.getAttribute('data-ended'), 'false');
  assert.equal(await panel.locator('.members:not(.former-members) li').count(), verband.members.length);
  assert.deepEqual(
    (await panel.locator('.former-members li').evaluateAll((ls) => ls.map((l) => l.dataset.code))).sort(),
    left.map((m) => m.code).sort());
  assert.ok((await panel.locator('.former-members').innerText()).includes(left[0].end_date));
  await page.close();
});

test('the source filter keeps the records of one origin, in the URL too', async () => {
  const { page } = await openViewer(env.browser, env.server.url);
  await page.locator('.filters summary').click();
  await page.locator('#filter-bron-register').check();
  const expected = current.verbanden.filter((v) => v.origin === 'register').length;
  await page.waitForFunction((n) => Number(document.querySelector('.filters .count').dataset.count) === n, expected);
  // The address is written in the task after the change (src/url_sync.rs).
  await page.waitForFunction(() => new URL(location.href).searchParams.get('bron') === 'register', null, { timeout: 2000 }).catch(() => {});
  assert.equal(new URL(page.url()).searchParams.get('bron'), 'register');
  await page.goto(`${env.server.url}?bron=division,curated`);
  await page.waitForSelector('.map[data-state=ready]');
  const others = current.verbanden.filter((v) => v.origin !== 'register').length;
  await page.waitForFunction((n) => Number(document.querySelector('.filters .count')?.dataset.count) === n, others);
  await page.close();
});

test('a province focus fits the map to that province, in the page and embedded', async () => {
  const { page: plain } = await openViewer(env.browser, env.server.url);
  const home = await viewBox(plain);
  await plain.close();
  for (const extra of ['', '&embed=1']) {
    const { page, errors } = await openViewer(env.browser, env.server.url, { query: `?focus=PV27${extra}` });
    await page.waitForFunction((w) => Number(document.querySelector('svg.map-svg').getAttribute('viewBox').split(' ')[2]) < w * 0.6, home[2]);
    const [x, y, w, h] = await viewBox(page);
    const inView = async (code) => {
      const box = await page.locator(`path[data-code=${code}]`).evaluate((p) => { const b = p.getBBox(); return [b.x + b.width / 2, b.y + b.height / 2]; });
      return box[0] >= x && box[0] <= x + w && box[1] >= y && box[1] <= y + h;
    };
    assert.ok(await inView('GM0363'), `Amsterdam in view${extra}`);
    assert.ok(!(await inView('GM0935')), `Maastricht out of view${extra}`);
    assert.equal(new URL(page.url()).searchParams.get('focus'), 'PV27');
    assert.deepEqual(errors, []);
    await page.close();
  }
});
