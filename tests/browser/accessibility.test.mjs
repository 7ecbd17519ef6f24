// Accessibility: axe-core finds no WCAG 2.1 A/AA violations on any view (embed included),
// and the main tasks can be done with the keyboard alone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { startServer, launchBrowser, openViewer } from './support.mjs';

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let server;
let browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const views = {
  'the map': '',
  'a gemeente': '?gemeente=GM0193',
  'a verband': '?gemeente=GM0193&verband=regio-zwolle',
  'the list': '?weergave=verbanden&thema=afval',
  'the links': '?weergave=verbindingen',
  'embed mode': '?embed=1&focus=PV26',
  'English': '?taal=en&gemeente=GM0344',
  'a phone': '?gemeente=GM0344',
};

for (const [name, query] of Object.entries(views)) {
  test(`axe-core: no violations on ${name}`, async () => {
    const size = name === 'a phone' ? { width: 360, height: 740 } : {};
    const { page } = await openViewer(browser, server.url, { query, ...size });
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
  const { page } = await openViewer(browser, server.url);
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
  const { page } = await openViewer(browser, server.url, { query: '?gemeente=GM0344' });
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
