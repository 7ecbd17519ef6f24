import { launchBrowser } from './support.mjs';
const browser = await launchBrowser();
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
const errors = []; page.on('pageerror', (e) => errors.push(e.message)); page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
await page.goto('http://127.0.0.1:8080/');
await page.waitForSelector('.map[data-state=ready] path[data-kind=gemeente]');
// Resident: type the gemeente name, pick it.
await page.locator('#region-search-input').fill('Amersf');
await page.waitForTimeout(300);
await page.screenshot({ path: '/tmp/walk-1.png' });
await page.keyboard.press('Enter');
await page.waitForSelector('.region-panel .region-verbanden');
await page.screenshot({ path: '/tmp/walk-2.png' });
await page.locator('.region-panel .verband-link').nth(2).click();
await page.waitForSelector('.verband-panel');
await page.waitForTimeout(400);
await page.screenshot({ path: '/tmp/walk-3.png' });
// Policy officer: filter by theme and legal form.
await page.locator('.verband-panel .close').click();
await page.locator('.filters summary').click().catch(() => {});
await page.locator('#filter-thema-afval').check();
await page.locator('[data-view=verbanden]').click();
await page.waitForTimeout(400);
await page.screenshot({ path: '/tmp/walk-4.png', fullPage: false });
console.log(page.url(), errors);
await browser.close();
