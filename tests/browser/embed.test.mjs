// Embed mode in an iframe on a host page: compact chrome, Ctrl/⌘ + wheel to zoom,
// messages to the host on selection, and host messages that set the state (origin-checked).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { root, startServer, launchBrowser } from './support.mjs';

let server;
let browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  hostServer = http.createServer((_, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(hostBody));
  await new Promise((resolve) => hostServer.listen(0, '127.0.0.1', resolve));
  HOST = `http://127.0.0.1:${hostServer.address().port}`;
});
after(async () => {
  await browser?.close();
  await server?.stop();
  hostServer?.close();
});

// The host page comes from its own server on another loopback port: another origin than
// the viewer's, as on a real provincial site.
let HOST;
let hostServer;
let hostBody = '';

/** Opens a host page (served by interception, no network) with the viewer in an iframe. */
async function hostPage(params, allowed = [HOST]) {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  // The publisher's allow-list, as data/embedding.toml would give it for this host.
  await page.route('**/data/embedding.json', (route) => route.fulfill({ json: { hosts: allowed } }));
  const src = `${server.url}?${params}`;
  hostBody = `<!doctype html><title>Host</title><p style="height:200px">Provinciepagina</p>
      <iframe src="${src}" title="Kaartviewer samenwerkingsverbanden" width="900" height="600"></iframe>
      <p style="height:2000px">meer tekst</p>
      <script>window.received = []; addEventListener('message', (e) => window.received.push({ origin: e.origin, data: e.data }));</script>`;
  await page.goto(`${HOST}/host-page`);
  const frame = page.frameLocator('iframe');
  await frame.locator('.map[data-state=ready] path[data-kind=gemeente]').first().waitFor();
  return { page, frame };
}

test('compact chrome; the wheel scrolls the host page unless Ctrl is held', async () => {
  const { page, frame } = await hostPage(`embed=1&origin=${encodeURIComponent(HOST)}&focus=PV23&thema=afval`);
  assert.ok(await frame.locator('.viewer.embed').count() === 1);
  assert.ok(await frame.locator('#filter-thema-afval').isChecked());
  const zoom = () => frame.locator('.map').getAttribute('data-zoom').then(Number);
  // focus=PV23 fits the map to Overijssel.
  for (let i = 0; i < 50 && (await zoom()) <= 2; i++) await page.waitForTimeout(100);
  const fitted = await zoom();
  assert.ok(fitted > 2, `zoomed to the province: ${fitted}`);
  const box = await frame.locator('.map').boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, 300);
  await frame.locator('.hint').waitFor();
  assert.match(await frame.locator('.hint').innerText(), /Ctrl/);
  assert.equal(await zoom(), fitted, 'a plain wheel does not zoom');
  await page.waitForFunction(() => window.scrollY > 0);
  await frame.locator('.map').evaluate((map) => {
    const r = map.getBoundingClientRect();
    map.dispatchEvent(new WheelEvent('wheel', { deltaY: -300, ctrlKey: true, clientX: r.x + r.width / 2, clientY: r.y + r.height / 2, bubbles: true, cancelable: true }));
  });
  assert.ok((await zoom()) > fitted, 'Ctrl + wheel zooms');
  await page.close();
});

test('the host receives selection messages and can set the state', async () => {
  const { page, frame } = await hostPage(`embed=1&origin=${encodeURIComponent(HOST)}`);
  await frame.locator('path[data-code=GM0193]').click();
  await page.waitForFunction(() => window.received.some((m) => m.data?.region?.code === 'GM0193'));
  const message = await page.evaluate(() => window.received.find((m) => m.data?.region?.code === 'GM0193'));
  assert.equal(message.data.kaartviewer, 'selection');
  assert.deepEqual(message.data.region, { kind: 'gemeente', code: 'GM0193', name: 'Zwolle' });
  assert.match(message.data.query, /gemeente=GM0193/);
  assert.equal(message.origin, new URL(server.url).origin);

  await page.evaluate(() => document.querySelector('iframe').contentWindow.postMessage(
    { kaartviewer: 'set', query: 'gemeente=GM0153&verband=regio-zwolle' }, '*'));
  await frame.locator('.verband-panel[data-verband=regio-zwolle]').waitFor();
  assert.equal(await frame.locator('path[data-code=GM0153]').getAttribute('aria-selected'), 'true');
  await page.waitForFunction(() => window.received.some((m) => m.data?.verband?.id === 'regio-zwolle'));
  await page.close();
});

test('a host flooding set messages replaces the history entry instead of adding one each', async () => {
  const { page, frame } = await hostPage(`embed=1&origin=${encodeURIComponent(HOST)}`);
  const before = await page.evaluate(() => history.length);
  await page.evaluate(() => {
    const viewer = document.querySelector('iframe').contentWindow;
    const codes = ['GM0344', 'GM0153', 'GM0193', 'GM0307', 'GM0363'];
    for (let i = 0; i < 200; i++) viewer.postMessage({ kaartviewer: 'set', query: `gemeente=${codes[i % codes.length]}&zoek=${i}` }, '*');
  });
  await frame.locator('path[data-code=GM0363][aria-selected=true]').waitFor();
  await page.waitForTimeout(500);
  assert.equal(await page.evaluate(() => history.length), before);
  const query = await frame.locator('body').evaluate(() => location.search);
  assert.match(query, /gemeente=GM0363/);
  await page.close();
});

test('messages from another origin than the named host are ignored', async () => {
  const { page, frame } = await hostPage(`embed=1&origin=${encodeURIComponent('https://andere-host.example')}`);
  await page.evaluate(() => document.querySelector('iframe').contentWindow.postMessage(
    { kaartviewer: 'set', query: 'gemeente=GM0153' }, '*'));
  await page.waitForTimeout(500);
  assert.equal(await frame.locator('[aria-selected=true]').count(), 0);
  await page.close();
});

test('a named host that is not on the allow-list cannot set the state', async () => {
  const { page, frame } = await hostPage(`embed=1&origin=${encodeURIComponent(HOST)}`, ['https://www.provincie-utrecht.nl']);
  await page.evaluate(() => document.querySelector('iframe').contentWindow.postMessage(
    { kaartviewer: 'set', query: 'gemeente=GM0153' }, '*'));
  await page.waitForTimeout(500);
  assert.equal(await frame.locator('[aria-selected=true]').count(), 0);
  await page.close();
});

test('the viewer works from a sub-path, as on a provincial site', async () => {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'kaartviewer-subpath-'));
  // A copy, not a symlink: the server serves nothing whose real path is outside its root.
  fs.cpSync(path.join(root, 'dist'), path.join(parent, 'kaartviewer'), { recursive: true, preserveTimestamps: true });
  fs.writeFileSync(path.join(parent, 'index.html'), '<!doctype html><title>Provincie</title>');
  const sub = await startServer(parent);
  try {
    const page = await browser.newPage();
    const failed = [];
    // A static deployment has no /api/: the viewer asks once (api/status) and then stays read-only.
    page.on('response', (r) => { if (r.status() >= 400 && !r.url().endsWith('/kaartviewer/api/status')) failed.push(r.url()); });
    await page.goto(`${sub.url}kaartviewer/?gemeente=GM0344`);
    await page.waitForSelector('.region-panel[data-code=GM0344] .region-verbanden');
    assert.deepEqual(failed, []);
    await page.close();
  } finally {
    await sub.stop();
    fs.rmSync(parent, { recursive: true, force: true });
  }
});
