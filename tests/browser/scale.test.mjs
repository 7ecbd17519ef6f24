// Scale: with a synthetic dataset of 5,000 verbanden and 20,000 memberships the viewer loads,
// and every view works.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { root, openViewer, useServerAndBrowser } from './support.mjs';
import { syntheticSite } from './synthetic.mjs';

// A folder of its own, so that runs from other work trees at the same time cannot collide.
const env = useServerAndBrowser(() => syntheticSite(path.join(root, 'dist'), fs.mkdtempSync(path.join(os.tmpdir(), 'kaartviewer-scale-'))));

test('every view works with 5,000 verbanden', async () => {
  const { page, errors } = await openViewer(env.browser, env.server.url, { query: '?gemeente=GM0344' });
  await page.waitForSelector('.region-panel[data-code=GM0344] .region-verbanden');
  assert.equal(await page.locator('.filters .count').getAttribute('data-count'), '5000');
  assert.ok(Number(await page.locator('.region-verbanden').getAttribute('data-count')) > 20);
  assert.ok(await page.locator('[data-kind=gemeente][data-shade]').count() > 20, 'partners shaded');

  await page.locator('[data-view=verbanden]').click();
  await page.waitForSelector('.verband-list .list-more');
  assert.equal(await page.locator('.verband-list [data-verband]').count(), 100, 'the list grows a page at a time');
  await page.locator('.verband-list .show-more').click();
  await page.waitForFunction(() => document.querySelectorAll('.verband-list [data-verband]').length === 200);
  await page.locator('.verband-list [data-verband]').first().click();
  await page.waitForSelector('.verband-panel');
  assert.ok(await page.locator('[data-member=true]').count() >= 2);
  await page.locator('.verband-panel .close').click();

  await page.locator('[data-view=verbindingen]').click();
  await page.waitForSelector('.legend[data-legend=links]');
  assert.ok(await page.locator('.links line').count() > 0);

  await page.locator('[data-view=tabel]').click();
  await page.waitForSelector('.region-table tbody tr');
  assert.equal(await page.locator('.region-table tbody tr').count(), 342);

  await page.locator('[data-view=overlap]').click();
  await page.waitForSelector('.overlap-view[data-compute-ms]');
  assert.ok(await page.locator('.overlap-view .pairs tbody tr').count() > 0);
  assert.ok(await page.locator('.overlap-view .matrix-too-large').count() === 1, 'too many for a matrix');
  assert.deepEqual(errors, []);
  await page.close();
});
