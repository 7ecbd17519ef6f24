// Privacy and embedding safety: using the viewer makes requests only to its own origin, sets no
// cookies or storage, and runs under its strict Content-Security-Policy without a violation;
// hosts that are not allowed cannot frame it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startServer, useServerAndBrowser } from './support.mjs';

const env = useServerAndBrowser();

test('every request goes to the own origin, with no cookies, no storage and no CSP violation', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  const page = await context.newPage();
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective}: ${e.blockedURI}`));
  });
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  const response = await page.goto(`${env.server.url}?gemeente=GM0344`);
  const policy = response.headers()['content-security-policy'];
  assert.match(policy, /default-src 'none'/);
  // No inline script at all: nothing to hash, nothing inline allowed.
  assert.match(policy, /script-src 'self' 'wasm-unsafe-eval';/);
  assert.doesNotMatch(policy, /sha256-|unsafe-inline'? *;? *script/);
  assert.equal(await page.evaluate(() => [...document.scripts].filter((s) => !s.src).length), 0);
  // Subresource Integrity on the stylesheet, the start-up script, the script module and the wasm.
  // (The module and wasm links are inert, `data-rel`, until the pre-rendered map is painted.)
  const integrity = await page.evaluate(() => [...document.querySelectorAll('link[rel=stylesheet], link[rel=modulepreload], link[rel=preload][as=fetch], link[data-rel], script[src]')]
    .map((l) => l.getAttribute('integrity') || ''));
  assert.ok(integrity.length >= 4 && integrity.every((i) => i.startsWith('sha384-')), JSON.stringify(integrity));

  // Use every part of the viewer.
  await page.waitForSelector('.region-panel[data-code=GM0344] .region-verbanden');
  await page.locator('.region-panel .verband-link').first().click();
  await page.waitForSelector('.verband-panel');
  await page.locator('.filters summary').click();
  await page.locator('#filter-thema-afval').check();
  for (const view of ['verbindingen', 'verbanden', 'tabel', 'overlap', 'kaart']) {
    await page.locator(`[data-view=${view}]`).click();
  }
  for (let i = 0; i < 4; i++) await page.locator('button.zoom-in').click();
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.includes('.province.')));
  for (const button of ['button.export-svg', 'button.export-png']) {
    await Promise.all([page.waitForEvent('download'), page.locator(button).click()]);
  }
  await page.locator('[data-view=verbanden]').click();
  await Promise.all([page.waitForEvent('download'), page.locator('button.download-csv').click()]);

  const origin = new URL(env.server.url).origin;
  const elsewhere = requests.filter((url) => !url.startsWith('blob:') && !url.startsWith('data:') && new URL(url).origin !== origin);
  assert.deepEqual(elsewhere, []);
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assert.deepEqual(await context.cookies(), []);
  assert.deepEqual(await page.evaluate(() => [localStorage.length, sessionStorage.length]), [0, 0]);
  await context.close();
});

test('frame-ancestors keeps the viewer out of frames on hosts that are not allowed', async () => {
  const strict = await startServer(undefined, { frameAncestors: "'self'" });
  const host = http.createServer((_, res) => res.writeHead(200, { 'content-type': 'text/html' })
    .end(`<!doctype html><title>Elders</title><iframe src="${strict.url}?embed=1" title="Kaartviewer"></iframe>`));
  await new Promise((resolve) => host.listen(0, '127.0.0.1', resolve));
  try {
    const page = await env.browser.newPage();
    const blocked = new Promise((resolve) => page.on('console', (m) => { if (/frame-ancestors/.test(m.text())) resolve(m.text()); }));
    await page.goto(`http://127.0.0.1:${host.address().port}/`);
    assert.match(await blocked, /frame-ancestors 'self'/);
    const frame = page.frames().find((f) => f !== page.mainFrame());
    assert.equal(await frame.locator('.map').count(), 0, 'the viewer did not run inside the frame');
    await page.close();
  } finally {
    host.close();
    await strict.stop();
  }
});
