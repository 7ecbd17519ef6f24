// Hostile content in the dataset (as a careless or malicious edit could bring): markup renders
// as text, only http(s) addresses become links, and very long strings do not break the layout.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { root, startServer, launchBrowser, openViewer } from './support.mjs';

const LONG = 'Samenwerkingsverband'.repeat(60);
let server;
let browser;
let site;
before(async () => {
  site = path.join(os.tmpdir(), 'kaartviewer-hostile-test');
  fs.rmSync(site, { recursive: true, force: true });
  fs.cpSync(path.join(root, 'dist'), site, { recursive: true });
  const file = path.join(site, 'data/verbanden.json');
  const data = JSON.parse(fs.readFileSync(file, 'utf8'));
  data.verbanden.unshift({
    id: 'vijandig',
    name: '<img src=x onerror="window.__pwned=1">Regio <b>vet</b>',
    description: '<script>window.__pwned=2</script> Doel met "quotes" & ampersand',
    themes: ['afval'],
    legal_form: 'nv-bv',
    members: [{ code: 'GM0344', role: '<svg onload="window.__pwned=3">' }, { code: 'GM0307' }],
    other_partners: ['<a href="javascript:window.__pwned=4">klik</a>', LONG],
    website: 'javascript:window.__pwned=5',
    seat: '<iframe src="https://example.org"></iframe>',
    sources: ['https://example.nl/bron', 'javascript:window.__pwned=6', 'mailto:info@example.nl'],
    checked: '2026-11-23',
  });
  fs.writeFileSync(file, JSON.stringify(data));
  for (const extension of ['.gz', '.br']) fs.rmSync(file + extension, { force: true });
  server = await startServer(site);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
  fs.rmSync(site, { recursive: true, force: true });
});

test('markup in a record is shown as text, never run, and only http(s) becomes a link', async () => {
  const { page, errors } = await openViewer(browser, server.url, { query: '?verband=vijandig' });
  const dialogs = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
  const panel = page.locator('.verband-panel[data-verband=vijandig]');
  await panel.waitFor();
  assert.equal(await panel.locator('h2').innerText(), '<img src=x onerror="window.__pwned=1">Regio <b>vet</b>');
  assert.match(await panel.innerText(), /<script>window.__pwned=2<\/script> Doel met "quotes" & ampersand/);
  assert.equal(await panel.locator('img, script, iframe, b, svg').count(), 0, 'no element came from the data');
  const hrefs = await panel.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.deepEqual(hrefs, ['https://example.nl/bron']);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.deepEqual(dialogs, []);

  // The very long partner name wraps inside the panel.
  const overflow = await page.locator('.sidebar').evaluate((s) => s.scrollWidth - s.clientWidth);
  assert.ok(overflow <= 1, `the sidebar does not scroll sideways (${overflow}px)`);
  await page.locator('[data-view=verbanden]').click();
  await page.waitForSelector('.verband-list [data-verband=vijandig]');
  assert.equal(await page.locator('.verband-list img').count(), 0);
  assert.deepEqual(errors, []);
  await page.close();
});
