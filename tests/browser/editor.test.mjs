// The editor (weergave=bewerken) against the real server: an editor signs in, changes members
// by clicking on the map, saves, and the public viewer in another browser context shows the
// change; a correction request travels from a verband panel to the inbox and is accepted; a
// stale save is refused with the other editor's change shown; axe finds nothing in the editor
// views; the CSP holds throughout. A static deployment (no /api/) stays read-only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { launchBrowser, startServer } from './support.mjs';

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const PASSWORD = 'proef-wachtwoord-voor-de-editor-test';

/** The server with editing; KAARTVIEWER_TEST_URL runs the tests against one already running. */
async function startEditingServer() {
  if (process.env.KAARTVIEWER_TEST_URL) return { url: process.env.KAARTVIEWER_TEST_URL, stop: async () => {} };
  return startServer(undefined, { env: { KAARTVIEWER_ADMIN_PASSWORD: PASSWORD } });
}

const env = {};
before(async () => {
  env.server = await startEditingServer();
  env.browser = await launchBrowser();
});
after(async () => {
  await env.browser?.close();
  await env.server?.stop();
});

/** A fresh browser context (its own cookies) whose pages record CSP violations and errors. */
async function newContext() {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective}: ${e.blockedURI}`));
  });
  return context;
}

async function open(context, query) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(env.server.url + query);
  await page.waitForSelector('.map[data-state=ready] path[data-kind=gemeente]', { state: 'attached' });
  return { page, errors };
}

async function noViolations(page, errors) {
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assert.deepEqual(errors, []);
}

/** Opens the editor in `context` and signs in as the first beheerder. */
async function signIn(context) {
  const { page, errors } = await open(context, '?weergave=bewerken');
  await page.locator('#sign-in-username').fill('beheerder');
  await page.locator('#sign-in-password').fill(PASSWORD);
  await page.locator('form.sign-in button[type=submit]').click();
  await page.waitForSelector('.session-bar');
  return { page, errors };
}

/** Finds a verband by its name in the editor and opens it in the form. */
async function openRecord(page, id, name) {
  await page.locator('#record-search').fill(name);
  await page.locator(`button.open-record[data-verband="${id}"]`).click();
  await page.waitForSelector(`.record-form[data-verband="${id}"] #edit-name`);
}

async function save(page, reason) {
  await page.locator('#edit-reason').fill(reason);
  await page.locator('button.save-record').click();
}

/** Waits for the answer to a save and asserts it was saved (the outcome names why not). */
async function expectSaved(page) {
  await page.waitForFunction(() => {
    const outcome = document.querySelector('#editor-outcome');
    return /Opgeslagen/.test(outcome?.textContent || '') || outcome?.dataset.ok === 'false';
  });
  assert.match(await page.locator('#editor-outcome').innerText(), /Opgeslagen/);
}

/** The public dataset as the server publishes it now. */
async function published(page) {
  return page.evaluate(async () => (await fetch('data/verbanden.json', { cache: 'no-store' })).json());
}

test('static deployment: no editor, the correction button is disabled with an explanation', async () => {
  // dist/ served without the editing API (the purely static deployment).
  const files = await startServer(undefined, { staticOnly: true });
  const page = await env.browser.newPage();
  await page.goto(`${files.url}?verband=avres`);
  await page.waitForSelector('.verband-panel .report-correction[disabled]');
  assert.match(await page.locator('.verband-panel .correction-request .hint').innerText(), /zonder server/);
  // The explanation sits under its button, in the panel's flow (it once took the map hint's
  // floating style and covered the view tabs).
  const [hint, button] = await page.evaluate(() => [
    document.querySelector('.verband-panel .correction-request .hint'), document.querySelector('.verband-panel .report-correction'),
  ].map((e) => { const r = e.getBoundingClientRect(); return { top: r.top, bottom: r.bottom, position: getComputedStyle(e).position }; }));
  assert.equal(hint.position, 'static');
  assert.ok(hint.top >= button.bottom, `the explanation (top ${hint.top}) is below its button (bottom ${button.bottom})`);
  assert.equal(await page.locator('[data-view=bewerken]').count(), 0);
  await page.goto(`${files.url}?weergave=bewerken`);
  await page.waitForFunction(() => /niet worden bewerkt/.test(document.querySelector('.editor-unavailable')?.textContent || ''));
  await page.close();
  await files.stop();
});

test('an editor changes members on the map and saves; the public viewer shows the change', async () => {
  const id = 'rdwi-kromme-rijn-heuvelrug';
  const editor = await newContext();
  const { page, errors } = await signIn(editor);
  await openRecord(page, id, 'Kromme Rijn');
  assert.equal(await page.locator('.member-row[data-code=GM0344]').count(), 0);

  // The member picker: a click on the map adds Utrecht instead of selecting it.
  await page.locator('button.pick-on-map').click();
  assert.equal(await page.locator('button.pick-on-map').getAttribute('aria-pressed'), 'true');
  await page.locator('path[data-kind=gemeente][data-code=GM0344]').click();
  await page.waitForSelector('.member-row[data-code=GM0344]');
  assert.equal(await page.locator('path[data-code=GM0344]').getAttribute('data-member'), 'true');
  assert.equal(await page.locator('path[data-code=GM0344]').getAttribute('aria-selected'), 'false', 'picking does not select');
  // A second click removes it again, a third adds it back.
  await page.locator('path[data-kind=gemeente][data-code=GM0344]').click();
  await page.waitForSelector('.member-row[data-code=GM0344]', { state: 'detached' });
  await page.locator('path[data-kind=gemeente][data-code=GM0344]').click();
  await page.locator('.member-row[data-code=GM0344] input[data-member-field=role]').fill('centrumgemeente');

  // End one membership (end date today).
  await page.locator('.member-row[data-code=GM0310] button.end-membership').click();
  const today = await page.evaluate(() => { const d = new Date(); return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`; });
  assert.equal(await page.locator('.member-row[data-code=GM0310] input[data-member-field=end_date]').inputValue(), today);

  // A bad date is named next to the field while typing, by the core validator.
  await page.locator('.member-row[data-code=GM0344] input[data-member-field=start_date]').fill('2026-13');
  await page.waitForSelector('.member-row[data-code=GM0344] .field-problem');
  assert.match(await page.locator('.member-row[data-code=GM0344] .field-problem').innerText(), /is not a date/);
  // Saving is refused until it is fixed, and without a reason.
  await page.locator('button.save-record').click();
  assert.match(await page.locator('#editor-outcome').innerText(), /reden/i);
  await page.locator('.member-row[data-code=GM0344] input[data-member-field=start_date]').fill(today);
  await page.waitForSelector('.member-row[data-code=GM0344] .field-problem', { state: 'detached' });

  await save(page, 'Utrecht treedt toe; De Bilt treedt uit (proef)');
  await expectSaved(page);

  // The public viewer, a second browser context with no session, shows the change.
  const visitor = await newContext();
  const pub = await open(visitor, `?verband=${id}`);
  await pub.page.waitForSelector(`.verband-panel[data-verband=${id}] .members li[data-code=GM0344]`);
  assert.match(await pub.page.locator('.verband-panel .members li[data-code=GM0344]').innerText(), /centrumgemeente/);
  assert.equal(await pub.page.locator('.verband-panel .former-members li[data-code=GM0310]').count(), 1);
  assert.equal(await pub.page.locator('path[data-code=GM0344]').getAttribute('data-member'), 'true');
  const record = (await published(pub.page)).verbanden.find((v) => v.id === id);
  assert.equal(record.members.find((m) => m.code === 'GM0310').end_date, today);

  // The history shows the change field by field.
  await page.locator('button.show-history').click();
  await page.waitForSelector('.revision .record-diff');
  const diff = await page.locator('.revision').first().innerText();
  assert.match(diff, /Utrecht treedt toe/);
  assert.match(diff, /Utrecht \(GM0344\)/);
  assert.match(diff, new RegExp(`\\(GM0310\\).*${today}`, 's'));

  await noViolations(page, errors);
  await noViolations(pub.page, pub.errors);
  await editor.close();
  await visitor.close();
});

test('a correction request travels from a verband panel to the inbox and is accepted', async () => {
  const id = 'eemkracht-sociaal-domein-bbs';
  const visitor = await newContext();
  const pub = await open(visitor, `?verband=${id}`);
  await pub.page.locator('.verband-panel button.report-correction').click();
  await pub.page.locator('.verband-panel .correction-text').fill('De vestigingsplaats is Baarn, niet wat er staat.');
  await pub.page.locator('.verband-panel .correction-source').fill('https://www.baarn.nl/eemkracht');
  await pub.page.locator('.verband-panel button.send-correction').click();
  await pub.page.waitForSelector('.verband-panel .correction-outcome[data-state=sent]');
  const confirmation = await pub.page.locator('.verband-panel .correction-outcome').innerText();
  assert.match(confirmation, /Bedankt/);
  const number = confirmation.match(/nummer (\S+?)\./)[1];
  // An empty message is refused in the browser, with a clear message.
  await pub.page.locator('.verband-panel button.report-correction').click();
  await pub.page.locator('.verband-panel button.send-correction').click();
  assert.match(await pub.page.locator('.verband-panel .correction-form .field-problem').innerText(), /Beschrijf/);

  const editor = await newContext();
  const { page, errors } = await signIn(editor);
  await page.locator('[data-tab=inbox]').click();
  const item = page.locator(`.correction[data-correction="${number}"]`);
  await item.waitFor();
  assert.match(await item.innerText(), /vestigingsplaats is Baarn/);
  await item.locator('button.accept-correction').click();
  // The request beside the record; the reason is filled in from it.
  await page.waitForSelector(`.correction-beside[data-correction="${number}"]`);
  await page.waitForSelector(`.record-form[data-verband=${id}] #edit-seat`);
  assert.match(await page.locator('#edit-reason').inputValue(), /vestigingsplaats is Baarn/);
  await page.locator('#edit-seat').fill('Baarn');
  await page.locator('button.save-record').click();
  await expectSaved(page);
  assert.equal(await page.locator('.correction-beside').count(), 0);

  // The record changed, and the request is marked accepted.
  assert.equal((await published(page)).verbanden.find((v) => v.id === id).seat, 'Baarn');
  await page.locator('[data-tab=inbox]').click();
  await page.waitForSelector('.inbox-section');
  assert.equal(await page.locator(`.correction[data-correction="${number}"]`).count(), 0, 'no longer open');
  await page.locator('#inbox-all').check();
  await page.waitForSelector(`.correction[data-correction="${number}"][data-status=accepted]`);

  await noViolations(page, errors);
  await noViolations(pub.page, pub.errors);
  await editor.close();
  await visitor.close();
});

test('a stale save gets the 412 message with the other editor\'s change, and nothing is overwritten', async () => {
  const id = 'avres';
  const first = await newContext();
  const second = await newContext();
  const a = await signIn(first);
  const b = await signIn(second);
  await openRecord(a.page, id, 'Avres');
  await openRecord(b.page, id, 'Avres');

  await a.page.locator('#edit-seat').fill('Tiel');
  await save(a.page, 'Vestigingsplaats volgens de website');
  await expectSaved(a.page);

  await b.page.locator('#edit-name').fill('Avres (gewijzigd door de tweede)');
  await save(b.page, 'Naam aangepast');
  await b.page.waitForSelector('#edit-conflict');
  const conflict = await b.page.locator('#edit-conflict').innerText();
  assert.match(conflict, /iemand anders heeft dit verband intussen gewijzigd/);
  assert.match(conflict, /beheerder/);
  assert.match(conflict, /Vestigingsplaats volgens de website/);
  assert.equal(await b.page.locator('#edit-conflict .their-changes tr[data-field=seat] .after').innerText(), 'Tiel');
  assert.equal(await b.page.locator('#edit-conflict .my-changes tr[data-field=name] .after').innerText(), 'Avres (gewijzigd door de tweede)');
  assert.equal((await published(b.page)).verbanden.find((v) => v.id === id).seat, 'Tiel', 'not overwritten');
  assert.equal(await b.page.locator('#edit-name').inputValue(), 'Avres (gewijzigd door de tweede)', 'the draft is kept');

  // Applying one's own changes to their version keeps both.
  await b.page.locator('button.keep-mine').click();
  assert.equal(await b.page.locator('#edit-seat').inputValue(), 'Tiel');
  await save(b.page, 'Naam aangepast, na het conflict');
  await expectSaved(b.page);
  const record = (await published(b.page)).verbanden.find((v) => v.id === id);
  assert.equal(record.name, 'Avres (gewijzigd door de tweede)');
  assert.equal(record.seat, 'Tiel', 'their change is kept');

  await noViolations(a.page, a.errors);
  await noViolations(b.page, b.errors);
  await first.close();
  await second.close();
});

test('axe-core finds nothing in the editor views', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
  const page = await context.newPage();
  const check = async (name) => {
    await page.addScriptTag({ content: axeSource });
    const violations = await page.evaluate(async () => {
      const result = await axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] });
      return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
    });
    assert.deepEqual(violations, [], name);
  };
  await page.goto(`${env.server.url}?weergave=bewerken`);
  await page.waitForSelector('.map[data-state=ready] path[data-kind=gemeente]', { state: 'attached' });
  await page.waitForSelector('#sign-in-username');
  await check('sign-in form');
  await page.locator('#sign-in-username').fill('beheerder');
  await page.locator('#sign-in-password').fill('fout');
  await page.locator('form.sign-in button[type=submit]').click();
  await page.waitForFunction(() => document.querySelector('#sign-in-error')?.textContent.length > 0);
  await check('a failed sign-in');
  await page.locator('#sign-in-password').fill(PASSWORD);
  await page.locator('form.sign-in button[type=submit]').click();
  await page.waitForSelector('.session-bar');
  await page.locator('#record-search').fill('Noaberkracht');
  await page.waitForSelector('button.open-record');
  await check('the record search');
  await page.locator('button.open-record').first().click();
  await page.waitForSelector('#edit-name');
  await page.locator('#edit-name').fill('');
  await page.locator('button.pick-on-map').click();
  await page.locator('#member-search').fill('Hengelo');
  await page.waitForSelector('button.add-member');
  await page.locator('button.show-history').click();
  await page.waitForSelector('.history ol, .history p');
  await check('the record form with a problem, the member search and the history');
  await page.locator('button.close-record').click();
  await page.locator('button.new-record').click();
  await page.waitForSelector('#edit-id');
  await check('a new record');
  await page.locator('button.close-record').click();
  await page.locator('#record-search').fill('veiligheidsregio');
  await page.locator('button.open-record').first().click();
  await page.waitForSelector('button.take-over');
  await check('a register record, read-only');
  await page.locator('[data-tab=inbox]').click();
  await page.waitForSelector('.inbox-section');
  await check('the inbox');
  await page.locator('[data-tab=accounts]').click();
  await page.waitForSelector('table.accounts');
  await check('the accounts');
  await page.goto(`${env.server.url}?verband=avres`);
  await page.locator('.verband-panel button.report-correction').click();
  await page.waitForSelector('.correction-form');
  await check('the correction form');
  await context.close();
});
