// Browser tests of the app chrome against a fresh `sightline server` (SQLite, TestData) in
// headless Chromium set to New York time: the first-login password change, time zones and
// shifting/zooming the range, recently viewed dashboards, the search overlay and the
// organization switcher. Screenshots go to web/test-results/chrome-*.png.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { addTestDataSource, closeBrowserAndServer, fixture, launchChromium, logInAsAdmin, openPage, resultFile, screenshot, submitLoginForm } from './browser.mjs';
import { startServer } from './server.mjs';

// 2024-03-05 14:00 to 20:00 UTC: 09:00 to 15:00 in New York (EST).
const FROM = Date.UTC(2024, 2, 5, 14);
const TO = Date.UTC(2024, 2, 5, 20);
const HOUR = 3_600_000;

/** @type {Awaited<ReturnType<typeof startServer>>} */
let server;
/** @type {import('playwright-core').Browser} */
let browser;
/** @type {import('playwright-core').BrowserContext} */
let context;
/** @type {import('playwright-core').Page} */
let page;
/** @type {Error[]} */
let pageErrors;

const shot = (/** @type {string} */ name) => screenshot(page, `chrome-${name}`, { fullPage: false });

/** @param {import('playwright-core').Page} target */
async function signInWithDefaultPassword(target) {
  await logInAsAdmin(target, server);
  await target.getByRole('heading', { name: 'Update your password' }).waitFor();
}

/** The URL's `from` and `to` as numbers. */
function urlRange() {
  const params = new URL(page.url()).searchParams;
  return { from: Number(params.get('from')), to: Number(params.get('to')) };
}

/** @param {(range: { from: number, to: number }) => boolean} check */
async function untilUrlRange(check) {
  await page.waitForURL((url) => check({ from: Number(url.searchParams.get('from')), to: Number(url.searchParams.get('to')) }));
}

/** `YYYY-MM-DD HH:mm:ss` in New York, as the picker shows it there. */
const newYork = (/** @type {number} */ ms) =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: 'America/New_York', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(ms);

/** Waits until the URL holds the range and the picker shows it (so the next shortcut acts on it). */
async function untilRange(/** @type {number} */ from, /** @type {number} */ to) {
  await untilUrlRange((range) => range.from === from && range.to === to);
  const text = `${newYork(from)} to ${newYork(to)}`;
  await page.waitForFunction((expected) => document.querySelector('[data-testid="time-picker-range"]')?.textContent === expected, text);
}

const rangeText = () => page.getByTestId('time-picker-range').innerText();
/** Waits until the picker shows `text` (it re-renders after the URL changes). */
const untilRangeText = (/** @type {string} */ text) => page.getByTestId('time-picker-range').filter({ hasText: text }).waitFor();

before(async () => {
  server = await startServer();
  await addTestDataSource(server);
  await server.api('POST', '/api/folders', { uid: 'edge', title: 'Edge' });
  const traffic = fixture('chrome-traffic.json');
  await server.api('POST', '/api/dashboards/db', { dashboard: traffic, folderUid: 'edge' });
  await server.api('POST', '/api/dashboards/db', { dashboard: { ...traffic, uid: 'chrome-utc', title: 'Edge traffic (UTC)', timezone: 'utc' }, folderUid: 'edge' });
  await server.api('POST', '/api/dashboards/db', { dashboard: { uid: 'gateway', title: 'Gateway latency', tags: ['api'], panels: [] } });

  browser = await launchChromium();
  ({ context, page, pageErrors } = await openPage(browser, { timezoneId: 'America/New_York' }));
});

after(() => closeBrowserAndServer(browser, server));

test('the first sign-in with the default password offers a new one, and Skip goes on', async () => {
  await page.goto(`${server.url}/d/chrome-traffic`);
  await page.waitForURL(/\/login\?redirectTo=/);
  await submitLoginForm(page);
  await page.getByRole('heading', { name: 'Update your password' }).waitFor();
  await page.getByLabel('New password', { exact: true }).waitFor();
  await page.getByLabel('Confirm new password').waitFor();
  await shot('01-change-password');
  await page.getByRole('button', { name: 'Skip' }).click();
  await page.waitForURL(/\/d\/chrome-traffic\/edge-traffic/);
  await page.getByRole('heading', { name: 'Edge traffic', level: 1 }).waitFor();
});

test('an absolute range shows in the browser\'s zone until UTC is chosen', async () => {
  await page.goto(`${server.url}/d/chrome-traffic/edge-traffic?from=${FROM}&to=${TO}`);
  await page.getByRole('region', { name: 'Requests' }).locator('canvas').waitFor();
  assert.equal(await rangeText(), '2024-03-05 09:00:00 to 2024-03-05 15:00:00');
  assert.equal(await page.getByTestId('time-picker-zone').count(), 0, 'no zone badge for browser time');

  await page.getByTestId('time-picker').click();
  assert.equal(await page.getByLabel('From').inputValue(), '2024-03-05 09:00:00');
  await page.getByRole('button', { name: 'Change time settings' }).click();
  await page.getByRole('textbox', { name: 'Time zone' }).fill('coordinated');
  await shot('02-time-zones');
  await page.getByRole('option', { name: /Coordinated Universal Time/ }).click();
  await page.waitForURL(/timezone=utc/);
  await untilRangeText('2024-03-05 14:00:00 to 2024-03-05 20:00:00');
  assert.equal(await rangeText(), '2024-03-05 14:00:00 to 2024-03-05 20:00:00');
  assert.equal(await page.getByTestId('time-picker-zone').innerText(), 'UTC');
  // The form now reads and writes UTC.
  assert.equal(await page.getByLabel('From').inputValue(), '2024-03-05 14:00:00');
  await page.getByLabel('From').fill('2024-03-05 12:00:00');
  await page.getByRole('button', { name: 'Apply time range' }).click();
  await untilUrlRange(({ from, to }) => from === Date.UTC(2024, 2, 5, 12) && to === TO);
  await untilRangeText('2024-03-05 12:00:00 to 2024-03-05 20:00:00');
  assert.equal(await rangeText(), '2024-03-05 12:00:00 to 2024-03-05 20:00:00');
  await page.getByRole('region', { name: 'Requests' }).locator('canvas').waitFor();
  await shot('03-utc');
});

test('shift back, shift forward and zoom out change the URL\'s range', async () => {
  await page.goto(`${server.url}/d/chrome-traffic/edge-traffic?from=${FROM}&to=${TO}`);
  await page.getByTestId('time-picker').waitFor();

  await page.getByRole('button', { name: 'Move time range backwards' }).click();
  await untilRange(FROM - 3 * HOUR, TO - 3 * HOUR);
  await page.getByRole('button', { name: 'Move time range forwards' }).click();
  await untilRange(FROM, TO);
  await page.getByRole('button', { name: 'Zoom out time range' }).click();
  await untilRange(FROM - 3 * HOUR, TO + 3 * HOUR);

  // Grafana's shortcuts: t ← moves back half the (now 12 h) span, t z doubles it.
  await page.evaluate(() => /** @type {HTMLElement | null} */ (document.activeElement)?.blur());
  await page.keyboard.press('t');
  await page.keyboard.press('ArrowLeft');
  await untilRange(FROM - 9 * HOUR, TO - 3 * HOUR);
  await page.keyboard.press('t');
  await page.keyboard.press('z');
  await untilRange(FROM - 15 * HOUR, TO + 3 * HOUR);
  await page.keyboard.press('t');
  await page.keyboard.press('ArrowRight');
  await untilRange(FROM - 3 * HOUR, TO + 15 * HOUR);
  assert.deepEqual(urlRange(), { from: FROM - 3 * HOUR, to: TO + 15 * HOUR });

  // A relative range shifts into an absolute one.
  await page.goto(`${server.url}/d/chrome-traffic/edge-traffic?from=now-6h&to=now`);
  assert.equal(await page.getByRole('button', { name: 'Move time range forwards' }).count(), 0, 'no forward shift past now');
  const before = Date.now();
  await page.getByRole('button', { name: 'Move time range backwards' }).click();
  await page.waitForURL(/from=\d+&to=\d+/);
  const shifted = urlRange();
  assert.equal(shifted.to - shifted.from, 6 * HOUR);
  assert.ok(Math.abs(shifted.to - (before - 3 * HOUR)) < 60_000, `ends three hours ago: ${shifted.to} vs ${before}`);
});

test('the dashboard\'s own timezone is honoured', async () => {
  await page.goto(`${server.url}/d/chrome-utc?from=${FROM}&to=${TO}`);
  await page.getByRole('heading', { name: 'Edge traffic (UTC)', level: 1 }).waitFor();
  assert.equal(await rangeText(), '2024-03-05 14:00:00 to 2024-03-05 20:00:00');
  assert.equal(await page.getByTestId('time-picker-zone').innerText(), 'UTC');
  // The URL's zone wins over the dashboard's.
  await page.goto(`${server.url}/d/chrome-utc/edge-traffic-utc?from=${FROM}&to=${TO}&timezone=Asia/Tokyo`);
  await page.getByTestId('time-picker-range').waitFor();
  assert.equal(await rangeText(), '2024-03-05 23:00:00 to 2024-03-06 05:00:00');
  assert.equal(await page.getByTestId('time-picker-zone').innerText(), 'GMT+9');
});

test('recently viewed dashboards show on the browse page', async () => {
  await page.goto(`${server.url}/dashboards`);
  const recent = page.getByRole('region', { name: 'Recently viewed' });
  await recent.waitFor();
  const titles = await recent.getByRole('link').allInnerTexts();
  assert.deepEqual(titles.map((text) => text.split('\n')[0]), ['Edge traffic (UTC)', 'Edge traffic']);
  await shot('04-recently-viewed');
});

test('the search overlay opens with the keyboard; arrows and Enter open a dashboard', async () => {
  await page.goto(`${server.url}/dashboards`);
  await page.getByRole('region', { name: 'Recently viewed' }).waitFor();
  await page.keyboard.press('/');
  const dialog = page.getByRole('dialog', { name: 'Search' });
  await dialog.waitFor();
  // Before typing: recently viewed dashboards, newest first.
  await dialog.getByRole('group', { name: 'Recent dashboards' }).waitFor();
  assert.deepEqual(await dialog.getByRole('option').evaluateAll((rows) => rows.map((row) => row.querySelector('.search-overlay__title')?.textContent)), ['Edge traffic (UTC)', 'Edge traffic']);
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });

  // The light theme, opened from the top bar's field.
  await page.getByRole('button', { name: 'Switch to light theme' }).click();
  await page.getByRole('button', { name: 'Search or jump to' }).click();
  await dialog.getByRole('group', { name: 'Recent dashboards' }).waitFor();
  await shot('05-search-light');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  await page.getByRole('button', { name: 'Switch to dark theme' }).click();

  await page.keyboard.press('Control+k');
  await dialog.waitFor();
  await page.keyboard.type('edge');
  await dialog.getByRole('group', { name: 'Folders' }).waitFor();
  await shot('06-search');
  // Dashboards (by title), then the folder; the first is selected.
  const selected = () => dialog.locator('[role="option"][aria-selected="true"] .search-overlay__title').innerText();
  assert.equal(await selected(), 'Edge traffic');
  await page.keyboard.press('ArrowDown');
  assert.equal(await selected(), 'Edge traffic (UTC)');
  await page.keyboard.press('ArrowDown');
  assert.equal(await selected(), 'Edge');
  await page.keyboard.press('ArrowDown');
  assert.equal(await selected(), 'Edge traffic', 'wraps to the first row');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  assert.equal(await selected(), 'Edge traffic (UTC)');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/d\/chrome-utc\//);
  await dialog.waitFor({ state: 'detached' });

  await page.getByRole('button', { name: 'Search or jump to' }).click();
  await page.keyboard.type('gateway');
  await dialog.getByRole('option', { name: /Gateway latency/ }).waitFor();
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/d\/gateway\//);
  await page.getByRole('heading', { name: 'Gateway latency', level: 1 }).waitFor();
});

test('the organization switcher appears with a second organization and switches', async () => {
  await page.goto(`${server.url}/dashboards`);
  await page.getByRole('heading', { name: 'Dashboards', level: 1 }).waitFor();
  assert.equal(await page.getByRole('button', { name: /Switch organization/ }).count(), 0, 'hidden with one organization');

  const created = await server.api('POST', '/api/orgs', { name: 'Research' });
  await page.reload();
  const switcher = page.getByRole('button', { name: /Switch organization/ });
  await switcher.waitFor();
  assert.match(await switcher.innerText(), /Main Org/);
  await switcher.click();
  await shot('07-org-switcher');
  await page.getByRole('menuitemradio', { name: /Research/ }).click();
  await page.waitForURL(/\/dashboards$/);
  await page.getByRole('button', { name: /Organization: Research/ }).waitFor();
  const current = await page.evaluate(async () => (await (await fetch('api/user')).json()).orgId);
  assert.equal(current, created.orgId);
  // The new organization has no dashboards and its own (empty) recent list.
  await page.getByText('No dashboards yet.').waitFor();
  assert.equal(await page.getByRole('region', { name: 'Recently viewed' }).count(), 0);

  // Back through the user menu.
  await page.getByRole('button', { name: /User menu/ }).click();
  await page.getByRole('group', { name: 'Organizations' }).getByRole('menuitemradio', { name: /Main Org/ }).click();
  await page.getByRole('button', { name: /Organization: Main Org/ }).waitFor();
  await page.getByRole('region', { name: 'Recently viewed' }).waitFor();
});

test('a new password can be set at the first sign-in', async () => {
  const other = await context.browser()?.newContext({ viewport: { width: 1440, height: 900 } });
  assert.ok(other);
  const fresh = await other.newPage();
  await signInWithDefaultPassword(fresh);
  await fresh.getByLabel('New password', { exact: true }).fill('correct horse');
  await fresh.getByLabel('Confirm new password').fill('correct hose');
  await fresh.getByRole('button', { name: 'Submit' }).click();
  await fresh.getByText('Passwords must match').waitFor();
  await fresh.screenshot({ path: resultFile('chrome-08-password-mismatch.png') });
  await fresh.getByLabel('Confirm new password').fill('correct horse');
  await fresh.getByRole('button', { name: 'Submit' }).click();
  await fresh.waitForURL(/\/dashboards$/);
  await fresh.getByRole('heading', { name: 'Dashboards', level: 1 }).waitFor();
  await other.close();

  const status = async (/** @type {string} */ password) =>
    (await fetch(`${server.url}/api/user`, { headers: { Authorization: `Basic ${Buffer.from(`admin:${password}`).toString('base64')}` } })).status;
  assert.equal(await status('correct horse'), 200);
  assert.equal(await status('admin'), 401);
  assert.deepEqual(pageErrors, []);
});
