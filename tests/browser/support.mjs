// Shared set-up of the browser tests and the benchmark: serve dist/ with kaartviewer-server on
// a free loopback port and drive Debian's Chromium with Playwright.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Starts `kaartviewer-server` (`cargo build --profile server -p kaartviewer-server`)
 * on 127.0.0.1 with a free port; resolves to { url, stop }. It sends the viewer's
 * Content-Security-Policy; pages on other loopback ports (the embed tests' host pages) may
 * frame it.
 *
 * Each start gets a database file of its own in a temporary folder (removed by `stop`), seeded
 * from data/ as on a first start. A site other than dist/ (a copy with changed data) is served
 * `--static-only`: its data/verbanden.json as written, no database, no editing API; set
 * `staticOnly` to choose otherwise.
 */
export async function startServer(dist = path.join(root, 'dist'), { frameAncestors = "'self' http://127.0.0.1:*", staticOnly, env = {} } = {}) {
  const binary = path.join(root, 'target/server/kaartviewer-server');
  const onlyStatic = staticOnly ?? path.resolve(dist) !== path.join(root, 'dist');
  const state = fs.mkdtempSync(path.join(os.tmpdir(), 'kaartviewer-server-'));
  const args = ['serve', ...(onlyStatic ? ['--static-only'] : []), '--dist', dist, '--address', '127.0.0.1:0',
    '--frame-ancestors', frameAncestors, '--database', path.join(state, 'kaartviewer.sqlite'),
    '--data', path.join(root, 'data'), '--basis', path.join(root, 'target/generated/server/basis.json')];
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let output = '';
  let errors = '';
  child.stderr.on('data', (chunk) => { errors += chunk; process.stderr.write(chunk); });
  const url = await new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = output.match(/at (http:\/\/127\.0\.0\.1:\d+\/)/);
      if (match) resolve(match[1]);
    });
    child.once('error', (e) => reject(new Error(`${binary}: ${e.message} (cargo build --profile server -p kaartviewer-server)`)));
    child.once('exit', (code) => reject(new Error(`kaartviewer-server exited with ${code}: ${output}${errors}`)));
  });
  return {
    url,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await once(child, 'exit').catch(() => {});
      }
      fs.rmSync(state, { recursive: true, force: true });
    },
  };
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

/** A partial date (`2020`, `2020-05`, `2020-05-17`) as the first day it stands for. */
const firstDay = (date) => (date.length === 4 ? `${date}-01-01` : date.length === 7 ? `${date}-01` : date);
const includes = (start, end, day) => (!start || firstDay(start) <= day) && (!end || firstDay(end) > day);

/** Today in the browser's (and this machine's) time zone, `YYYY-MM-DD`. */
export function today() {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

/**
 * The published dataset as the viewer shows it on `day` (core's `dataset::as_of`): verbanden
 * that had ended or not yet started left out, and so are members that had left.
 */
export function asOf(dataset, day = today()) {
  return {
    ...dataset,
    verbanden: dataset.verbanden
      .filter((v) => includes(v.start_date, v.end_date, day))
      .map((v) => ({ ...v, members: v.members.filter((m) => includes(m.start_date, m.end_date, day)) })),
  };
}

/** The built dataset (`dist/data/verbanden.json`), whole. */
export function publishedDataset() {
  return JSON.parse(fs.readFileSync(path.join(root, 'dist/data/verbanden.json'), 'utf8'));
}
