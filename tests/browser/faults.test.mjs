// Faults and integrity: what the viewer does when its data are not what it expects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser } from './support.mjs';

const env = useServerAndBrowser();

test('a dataset for another boundary year is shown, with a notice saying so', async () => {
  const page = await env.browser.newPage();
  await page.route('**/data/verbanden.json', async (route) => {
    const response = await route.fetch();
    const data = await response.json();
    await route.fulfill({ response, json: { ...data, boundary_year: 2023 } });
  });
  await page.goto(`${env.server.url}?gemeente=GM0344`);
  const notice = page.locator('.notice-years');
  await notice.waitFor();
  assert.equal(await notice.getAttribute('data-dataset-year'), '2023');
  assert.equal(await notice.getAttribute('data-boundary-year'), '2025');
  assert.match(await notice.innerText(), /gemeentegrenzen van 2023; de kaart toont die van 2025/);
  await page.waitForSelector('.region-panel .region-verbanden');
  await page.close();
});

test('server errors are retried with backoff, and the map appears', async () => {
  const page = await env.browser.newPage();
  let tries = 0;
  await page.route('**/gemeente_2025.national.geojson', (route) => (++tries < 3 ? route.fulfill({ status: 503, body: 'busy' }) : route.continue()));
  await page.goto(env.server.url);
  await page.waitForSelector('.map[data-state=ready] path[data-kind=gemeente]');
  assert.equal(tries, 3);
  assert.equal(await page.locator('.notice-years').count(), 0, 'the years agree');
  await page.close();
});

test('a missing dataset is named, the map keeps working, and Retry loads it', async () => {
  const page = await env.browser.newPage();
  let tries = 0;
  await page.route('**/data/verbanden.json', (route) => { tries++; return route.fulfill({ status: 404, body: 'weg' }); });
  await page.goto(`${env.server.url}?gemeente=GM0344`);
  const alert = page.locator('.dataset-error');
  await alert.waitFor();
  assert.match(await alert.innerText(), /data\/verbanden\.json: HTTP 404/);
  assert.equal(tries, 1, 'a 404 is not retried');
  await page.waitForSelector('.region-panel[data-code=GM0344]');
  await page.unroute('**/data/verbanden.json');
  await page.locator('.retry-dataset').click();
  await page.waitForSelector('.region-panel .region-verbanden');
  assert.equal(await alert.count(), 0);
  await page.close();
});

test('truncated or invalid data are named with the file and the place, and Retry recovers', async () => {
  const page = await env.browser.newPage();
  await page.route('**/gemeente_2025.national.geojson', async (route) => {
    const response = await route.fetch();
    const text = await response.text();
    await route.fulfill({ response, body: text.slice(0, text.length / 2) });
  });
  await page.route('**/data/verbanden.json', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: '{"boundary_year": 2025, "verbanden": [' }));
  await page.goto(env.server.url);
  const mapError = page.locator('.status-error');
  await mapError.waitFor();
  assert.match(await mapError.innerText(), /gemeente_2025\.national\.geojson/);
  assert.match(await page.locator('.dataset-error').innerText(), /data\/verbanden\.json: .*line 1 column/);
  await page.unrouteAll();
  await page.locator('button.retry').click();
  await page.waitForSelector('.map[data-state=ready] path[data-kind=gemeente]');
  await page.locator('.retry-dataset').click();
  await page.waitForFunction(() => Number(document.querySelector('.filters .count')?.dataset.count) > 100);
  await page.close();
});

test('a slow dataset does not hold up the map', async () => {
  const page = await env.browser.newPage();
  await page.route('**/data/verbanden.json', async (route) => {
    await new Promise((r) => setTimeout(r, 1500));
    await route.continue();
  });
  await page.goto(`${env.server.url}?gemeente=GM0344`);
  await page.waitForSelector('.map[data-state=ready] path[data-kind=gemeente]');
  const count = () => page.locator('.region-panel .region-verbanden').getAttribute('data-count');
  assert.equal(await count(), '0', 'the map is there before the dataset');
  await page.waitForFunction(() => Number(document.querySelector('.region-panel .region-verbanden')?.dataset.count) > 0, null, { timeout: 10000 });
  await page.close();
});
