// Cooperation through time in headless Chromium: a `peildatum` in the URL reproduces the map
// of that day (regelingen that ended since included), the time control steps through the
// years with the keyboard and the counts, panels and highlights follow, a gemeente lists what
// it joined and left, the yearly chart's table has the counts, and axe finds nothing.
// Every expectation is computed here from the published dataset with `asOf`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { root, openViewer, useServerAndBrowser, asOf, publishedDataset, today } from './support.mjs';

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const published = publishedDataset();
const DAY = '2018-01-01';
const then = asOf(published, DAY);
const now = asOf(published);
const onMap = new Set(JSON.parse(fs.readFileSync(path.join(root, 'dist/data/boundaries/gemeente_2025.national.geojson'), 'utf8'))
  .features.map((f) => f.properties.code));
const ids = (dataset, code) => dataset.verbanden.filter((v) => v.members.some((m) => m.code === code)).map((v) => v.id);

// A register regeling in force on 1 January 2018 that has ended since, and a gemeente in it.
const ended = then.verbanden.find((v) => v.origin === 'register' && v.end_date
  && !now.verbanden.some((n) => n.id === v.id) && v.members.some((m) => onMap.has(m.code)));
const gemeente = ended?.members.find((m) => onMap.has(m.code)).code;

const env = useServerAndBrowser();

const count = async (page) => Number(await page.locator('.filters .count').getAttribute('data-count'));
const waitForCount = (page, n) =>
  page.waitForFunction((n) => Number(document.querySelector('.filters .count')?.dataset.count) === n, n);
const waitForRegionCount = (page, n) =>
  page.waitForFunction((n) => Number(document.querySelector('.region-panel .region-verbanden')?.dataset.count) === n, n);

test('peildatum=2018-01-01 shows the verbanden of that day, ended ones included, and a reload shows the same', async () => {
  assert.ok(ended, 'some register regeling in force in 2018 has ended since');
  assert.ok(then.verbanden.length !== now.verbanden.length, 'the two days differ');
  const { page, errors } = await openViewer(env.browser, env.server.url, { query: `?peildatum=${DAY}&gemeente=${gemeente}` });
  await waitForCount(page, then.verbanden.length);
  await waitForRegionCount(page, ids(then, gemeente).length);
  assert.equal(await page.locator('.time-control').getAttribute('data-day'), DAY);
  assert.equal(await page.locator('#time-year').inputValue(), '2018');
  assert.equal(await page.locator('#time-date').inputValue(), DAY);
  // Listed once under each of its themes.
  assert.equal(await page.locator(`.region-panel .theme-groups [data-verband="${ended.id}"]`).count(), ended.themes.length,
    'the ended regeling is listed');
  // All of the panel's text (textContent: the theme groups below the fold are not rendered
  // until scrolled to, so innerText would leave them out).
  const screen = await page.locator('.region-panel').textContent();
  await page.reload();
  await page.waitForSelector('.map[data-state=ready] path[data-kind=gemeente]');
  await waitForCount(page, then.verbanden.length);
  await waitForRegionCount(page, ids(then, gemeente).length);
  assert.equal(await page.locator('.region-panel').textContent(), screen, 'the same screen after a reload');
  assert.match(page.url(), /peildatum=2018-01-01/);

  // The ended regeling opens as it stood that day: not ended, with that day's members.
  await page.goto(`${env.server.url}?peildatum=${DAY}&verband=${ended.id}`);
  const panel = page.locator(`.verband-panel[data-verband="${ended.id}"]`);
  await panel.waitFor();
  assert.equal(await panel.getAttribute('data-ended'), 'false');
  assert.equal(await panel.locator('.members:not(.former-members):not(.later-members) li').count(), ended.members.length);
  assert.ok((await panel.locator('.verband-timeline li[data-kind=ended]').innerText()).includes(ended.end_date));
  const drawn = new Set(ended.members.map((m) => m.code).filter((c) => onMap.has(c)));
  await page.waitForFunction((n) => document.querySelectorAll('path[data-kind=gemeente][data-member=true]').length === n, drawn.size);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the time control steps through the years by keyboard; counts, panel and highlights follow', async () => {
  const { page, errors } = await openViewer(env.browser, env.server.url, { query: `?gemeente=${gemeente}` });
  await waitForCount(page, now.verbanden.length);
  const year = page.locator('#time-year');
  await year.focus();
  await page.keyboard.press('Home');
  const first = asOf(published, '2016-01-01');
  await waitForCount(page, first.verbanden.length);
  await waitForRegionCount(page, ids(first, gemeente).length);
  // The address is written in the task after the change (src/url_sync.rs).
  await page.waitForFunction(() => /peildatum=2016-01-01/.test(location.href), null, { timeout: 2000 }).catch(() => {});
  assert.match(page.url(), /peildatum=2016-01-01/);
  for (let y = 2017; y <= 2019; y++) {
    await page.keyboard.press('ArrowRight');
    const day = `${y}-01-01`;
    await waitForCount(page, asOf(published, day).verbanden.length);
    await waitForRegionCount(page, ids(asOf(published, day), gemeente).length);
    assert.equal(await page.locator('.time-control').getAttribute('data-day'), day);
  }
  // The ended regeling's members are highlighted on a day it existed and not today.
  await page.locator('#time-date').fill(DAY);
  await waitForCount(page, then.verbanden.length);
  await page.goto(`${env.server.url}?peildatum=${DAY}&gemeente=${gemeente}`);
  await waitForRegionCount(page, ids(then, gemeente).length);
  await page.locator(`.region-panel .theme-groups [data-verband="${ended.id}"]`).first().click();
  await page.waitForFunction(() => document.querySelectorAll('path[data-kind=gemeente][data-member=true]').length > 0);
  await page.locator('#time-year').focus();
  await page.keyboard.press('End');
  await waitForCount(page, now.verbanden.length);
  await page.waitForFunction(() => document.querySelectorAll('path[data-member=true]').length === 0);
  assert.equal(await page.locator(`.verband-panel[data-verband="${ended.id}"]`).getAttribute('data-ended'), 'true');
  // The address is written in the task after the change (src/url_sync.rs).
  await page.waitForFunction(() => !/peildatum/.test(location.href), null, { timeout: 2000 }).catch(() => {});
  assert.doesNotMatch(page.url(), /peildatum/, 'today is the default and is not written');
  await page.goBack();
  await waitForCount(page, then.verbanden.length);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a gemeente lists the verbanden it joined and left between the peildatum and today', async () => {
  const before = ids(then, gemeente);
  const after = ids(now, gemeente);
  const joined = after.filter((id) => !before.includes(id)).sort();
  const left = before.filter((id) => !after.includes(id)).sort();
  assert.ok(left.includes(ended.id));
  const { page } = await openViewer(env.browser, env.server.url, { query: `?peildatum=${DAY}&gemeente=${gemeente}` });
  const section = page.locator('.region-changes');
  await section.waitFor();
  assert.equal(await section.getAttribute('data-from'), DAY);
  assert.equal(await section.getAttribute('data-to'), today());
  const listed = async (cls) => (await section.locator(`.${cls} [data-verband]`).evaluateAll((els) => els.map((e) => e.dataset.verband))).sort();
  assert.deepEqual(await listed('changes-joined'), joined);
  assert.deepEqual(await listed('changes-left'), left);
  // Each change shows its date: joining is the later of the member's and the verband's start,
  // leaving the earlier of the two ends.
  const fd = (d) => (d.length === 4 ? `${d}-01-01` : d.length === 7 ? `${d}-01` : d);
  const dateOf = (id, joinedNow) => {
    const v = published.verbanden.find((p) => p.id === id);
    const m = v.members.find((m) => m.code === gemeente);
    const [own, whole] = joinedNow ? [m?.start_date, v.start_date] : [m?.end_date, v.end_date];
    if (own && whole) return (fd(own) <= fd(whole)) === joinedNow ? whole : own;
    return own || whole;
  };
  for (const [cls, list, joinedNow] of [['changes-joined', joined, true], ['changes-left', left, false]]) {
    for (const id of list) {
      const date = dateOf(id, joinedNow);
      if (!date) continue;
      const text = await section.locator(`.${cls} li`, { has: page.locator(`[data-verband="${id}"]`) }).innerText();
      assert.ok(text.endsWith(`(${date})`), `${id}: ${text}`);
    }
  }
  await page.close();
});

test('the yearly chart and its table count verbanden and memberships on 1 January of each year; axe finds nothing', async () => {
  const { page, errors } = await openViewer(env.browser, env.server.url,
    { query: `?peildatum=${DAY}&gemeente=${gemeente}`, bypassCSP: true });
  await waitForCount(page, then.verbanden.length);
  await page.locator('.yearly-chart summary').click();
  const rows = page.locator('.yearly-table tbody tr');
  const thisYear = Number(today().slice(0, 4));
  const days = [];
  for (let y = 2016; y <= thisYear; y++) days.push(`${y}-01-01`);
  if (days.at(-1) !== today()) days.push(today());
  assert.deepEqual(await rows.evaluateAll((trs) => trs.map((tr) => tr.dataset.day)), days);
  for (const day of [DAY, today()]) {
    const state = asOf(published, day);
    const row = page.locator(`.yearly-table tr[data-day="${day}"]`);
    assert.equal(Number(await row.locator('.n-verbanden').innerText()), state.verbanden.length, day);
    assert.equal(Number(await row.locator('.n-memberships').innerText()),
      state.verbanden.reduce((n, v) => n + v.members.length, 0), day);
  }
  assert.equal(await page.locator('.yearly-bars g.shown').getAttribute('data-day'), DAY);
  await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    const result = await axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] });
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  });
  assert.deepEqual(violations, []);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a peildatum that is not a day since 2016 is ignored: the map shows today', async () => {
  for (const bad of ['2018-02-30', '2015-06-01', 'gisteren']) {
    const { page } = await openViewer(env.browser, env.server.url, { query: `?peildatum=${bad}` });
    await waitForCount(page, now.verbanden.length);
    assert.equal(await page.locator('.time-control').getAttribute('data-day'), today(), bad);
    await page.close();
  }
});

test('a registered regeling\'s timeline lists its versions, each linked to its register record', async () => {
  const verband = published.verbanden.find((v) => v.origin === 'register' && !v.end_date && (v.versions ?? []).length >= 3);
  assert.ok(verband, 'a current register regeling with several versions');
  const { page, errors } = await openViewer(env.browser, env.server.url, { query: `?verband=${verband.id}` });
  const timeline = page.locator(`.verband-panel[data-verband="${verband.id}"] .verband-timeline`);
  await timeline.waitFor();
  const later = verband.versions.slice(1).filter((v) => v.from);
  assert.equal(await timeline.locator('li[data-kind=newversion]').count(), later.length);
  const links = await timeline.locator('li[data-kind=newversion] a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.deepEqual(links, later.map((v) => `https://organisaties.overheid.nl/${v.roo_id}/`));
  assert.ok((await timeline.locator('li[data-kind=newversion]').first().innerText()).includes(later[0].from));
  assert.deepEqual(errors, []);
  await page.close();
});
