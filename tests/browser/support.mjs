// Shared set-up of the browser tests and the benchmark: serve dist/ with the data
// tool on a free loopback port and drive Debian's Chromium with Playwright.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Starts `datatool serve` on 127.0.0.1 with a free port; resolves to { url, stop }. It sends
 * the viewer's Content-Security-Policy; pages on other loopback ports (the embed tests' host
 * pages) may frame it.
 */
export async function startServer(dist = path.join(root, 'dist'), { frameAncestors = "'self' http://127.0.0.1:*" } = {}) {
  const binary = path.join(root, 'target/release/datatool');
  const child = spawn(binary, ['serve', dist, '--address', '127.0.0.1:0', '--frame-ancestors', frameAncestors],
    { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  const url = await new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = output.match(/at (http:\/\/127\.0\.0\.1:\d+\/)/);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`datatool serve exited with ${code}: ${output}`)));
  });
  return { url, stop: async () => { child.kill(); await once(child, 'exit').catch(() => {}); } };
}

/** Launches headless Chromium with no traffic of its own. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/**
 * The set-up most test files share: the viewer served (from `site()`, default dist/) and
 * Chromium launched before the file's tests, both stopped after. Returns `{ server, browser }`,
 * filled in once the tests run.
 */
export function useServerAndBrowser(site = () => undefined) {
  const env = {};
  before(async () => {
    env.server = await startServer(site());
    env.browser = await launchBrowser();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.stop();
  });
  return env;
}

/**
 * Opens the viewer and waits until the map is drawn. `bypassCSP` lets a test inject its own
 * scripts (axe-core); the viewer itself always runs under its policy.
 */
export async function openViewer(browser, url, { width = 1280, height = 800, query = '', bypassCSP = false } = {}) {
  const page = await browser.newPage({ viewport: { width, height }, bypassCSP });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url + query);
  // Attached rather than visible: with another layer active (laag=…) the gemeenten are hidden.
  await page.waitForSelector('.map[data-state=ready] path[data-kind=gemeente]', { state: 'attached' });
  return { page, errors };
}

/** The SVG viewBox as numbers [x, y, width, height]. */
export async function viewBox(page) {
  const text = await page.locator('svg.map-svg').getAttribute('viewBox');
  return text.split(' ').map(Number);
}
