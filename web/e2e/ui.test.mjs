// Browser tests of the web UI against a real `sightline server` (SQLite, TestData) in
// headless Chromium: log in through the form, browse, open a dashboard, check every panel
// painted and none failed, change the time range, sign out. Screenshots go to
// web/test-results/ (look at them: the UI should look finished).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { addTestDataSource, closeBrowserAndServer, fixture, launchChromium, openPage, paintedPixels, panelsSettled, recordQueryBodies, requireWebUi, screenshot, submitLoginForm, until } from './browser.mjs';
import { startServer } from './server.mjs';

/** @type {Awaited<ReturnType<typeof startServer>>} */
let server;
/** @type {import('playwright-core').Browser} */
let browser;
/** @type {import('playwright-core').Page} */
let page;
/**
 * Every `/api/ds/query` body the page sent.
 * @type {import('./browser.mjs').QueryBody[]}
 */
let queries;
/**
 * Uncaught errors in the page.
 * @type {Error[]}
 */
let pageErrors;

/**
 * A link in the browse page's list (not in its "Recently viewed" cards).
 * @param {string} name
 */
const listed = (name) => page.getByRole('table', { name: 'Dashboards' }).getByRole('link', { name });

const shot = (/** @type {string} */ name) => screenshot(page, name);

before(async () => {
  server = await startServer();
  await requireWebUi(server);
  await addTestDataSource(server);
  await server.api('POST', '/api/folders', { uid: 'production', title: 'Production' });
  await server.api('POST', '/api/folders', { uid: 'production-api', title: 'API', parentUid: 'production' });
  await server.api('POST', '/api/dashboards/db', { dashboard: fixture('service-overview.json'), folderUid: 'production' });
  await server.api('POST', '/api/dashboards/db', { dashboard: fixture('broken.json') });
  await server.api('POST', '/api/dashboards/db', { dashboard: { uid: 'gateway', title: 'Gateway latency', tags: ['api', 'edge'], panels: [] }, folderUid: 'production-api' });
  await server.api('POST', '/api/dashboards/db', { dashboard: { uid: 'home-lab', title: 'Home lab', tags: ['lab'], panels: [] } });

  browser = await launchChromium();
  ({ page, pageErrors } = await openPage(browser));
  queries = recordQueryBodies(page);
});

after(() => closeBrowserAndServer(browser, server));

test('the login form refuses bad credentials, then signs in and returns to the page asked for', async () => {
  await page.goto(`${server.url}/d/service-overview`);
  await page.waitForURL(/\/login\?redirectTo=/);
  await page.getByLabel('Email or username').waitFor();
  await shot('01-login');

  await submitLoginForm(page, 'wrong');
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.innerText(), /invalid|password/i);
  await shot('02-login-error');

  await page.getByLabel('Password').fill('admin');
  await page.getByRole('button', { name: 'Log in' }).click();
  // The default password: Sightline offers to change it, as Grafana does.
  await page.getByRole('button', { name: 'Skip' }).click();
  await page.waitForURL(/\/d\/service-overview\/service-overview/);
});

test('the dashboard list shows folders, searches and filters by tag', async () => {
  await page.goto(`${server.url}/`);
  await page.waitForURL(/\/dashboards$/);
  await listed('Production').waitFor();
  await listed('Home lab').waitFor();
  await page.getByRole('button', { name: 'Expand folder Production' }).click();
  await listed('Service overview').waitFor();
  await page.getByRole('button', { name: 'Expand folder API' }).click();
  await listed('Gateway latency').waitFor();
  await shot('03-browse');

  await page.getByLabel('Search dashboards').fill('gate');
  await page.waitForURL(/query=gate/);
  await page.getByRole('link', { name: 'Gateway latency' }).waitFor();
  await page.waitForFunction(() => !document.body.innerText.includes('Home lab'));
  await page.getByLabel('Search dashboards').fill('');
  await page.waitForURL((url) => !url.search.includes('query='));

  await page.getByRole('button', { name: 'Filter by tag' }).click();
  await page.getByRole('option', { name: /lab/ }).click();
  await page.waitForURL(/tag=lab/);
  await page.getByRole('link', { name: 'Home lab' }).waitFor();
  await page.waitForFunction(() => !document.body.innerText.includes('Gateway latency'));
  await page.keyboard.press('Escape');
  await shot('04-browse-tag');
  await page.getByRole('button', { name: 'Remove tag filter lab' }).click();
  await page.waitForURL((url) => !url.search.includes('tag='));
});

test('a dashboard paints every panel from /api/ds/query', async () => {
  // The browse page keeps its expanded folders while filters come and go.
  await listed('Service overview').click();
  await page.waitForURL(/\/d\/service-overview\/service-overview/);
  await page.getByRole('heading', { name: 'Service overview', level: 1 }).waitFor();
  await panelsSettled(page);

  assert.equal(await page.getByTestId('panel-error').count(), 0, 'no panel shows an error');

  // Time series: a uPlot canvas with drawn pixels in each.
  for (const title of ['CPU usage', 'Request rate', 'Queue latency']) {
    const panel = page.getByRole('region', { name: title });
    await panel.locator('canvas').waitFor();
    const painted = await paintedPixels(panel.locator('canvas'));
    assert.ok(painted > 500, `${title}: ${painted} painted pixels`);
  }
  // Legend entries from the TestData aliases.
  await page.getByRole('region', { name: 'CPU usage' }).getByRole('button', { name: 'web-0' }).waitFor();
  await page.getByRole('region', { name: 'Request rate' }).getByText('POST').first().waitFor();

  // Stats: a formatted value with its unit.
  const stat = async (/** @type {string} */ title) => page.getByRole('region', { name: title }).getByTestId('stat-value').innerText();
  assert.match(await stat('Requests'), /^[\d.]+\s?K?\s*req\/s$/);
  assert.match(await stat('Error rate'), /^\d+\.\d\d%$/);
  assert.match(await stat('Latency p95'), /^[\d.]+\s*(ms|s)$/);
  assert.match(await stat('Memory in use'), /^[\d.]+\s*GiB$/);

  // The gauge draws its value.
  await page.getByRole('region', { name: 'Disk usage' }).getByTestId('gauge-value').waitFor();

  // Every query carried the range, interval and data source.
  const last = queries[queries.length - 1];
  assert.ok(last, 'the panels sent queries');
  assert.ok(Number(last.to) - Number(last.from) > 5.9 * 3600_000 && Number(last.to) - Number(last.from) < 6.1 * 3600_000);
  assert.ok(last.queries.every((query) => query.intervalMs > 0 && query.maxDataPoints > 0 && query.datasource.uid));
  // The stat without a data source used the default one.
  assert.ok(queries.some((body) => body.queries.some((query) => query.startValue === 180 && query.datasource.uid === 'testdata')));

  await page.getByRole('region', { name: 'CPU usage' }).locator('.u-over').hover({ position: { x: 300, y: 100 } });
  await page.locator('.chart-tooltip:visible').waitFor();
  assert.equal(await page.locator('.chart-tooltip:visible .chart-tooltip__row').count(), 3, 'multi tooltip lists every series');
  await shot('05-dashboard');
  assert.deepEqual(pageErrors, []);
});

test('rows collapse and expand', async () => {
  await page.getByRole('button', { name: /Internals/ }).click();
  await page.getByRole('region', { name: 'Garbage collection' }).locator('canvas').waitFor();
  await page.getByRole('button', { name: /Saturation/ }).click();
  await page.waitForFunction(() => !document.querySelector('section[aria-label="Queue latency"]'));
  await page.getByRole('button', { name: /Saturation/ }).click();
  await page.getByRole('region', { name: 'Queue latency' }).waitFor();
  // The panels shown again query again; let them finish before the range changes.
  await panelsSettled(page);
});

test('changing the time range queries the new range and keeps it in the URL', async () => {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.getByTestId('time-picker').click();
  await shot('06-time-picker');
  const before = queries.length;
  await page.getByRole('button', { name: 'Last 24 hours' }).click();
  await page.waitForURL(/from=now-24h&to=now/);
  // The panels may still show the old range's answers when the URL changes: wait for the
  // new requests before waiting for the panels.
  await until(() => queries.length > before, 'a new /api/ds/query request was sent');
  await panelsSettled(page);
  const sent = queries.slice(before);
  for (const body of sent) {
    const span = Number(body.to) - Number(body.from);
    assert.ok(span > 23.9 * 3600_000 && span < 24.1 * 3600_000, `range of ${span} ms`);
  }
  assert.equal(await page.getByTestId('panel-error').count(), 0);

  const beforeRefresh = queries.length;
  await page.getByRole('button', { name: 'Refresh dashboard' }).click();
  await until(() => queries.length > beforeRefresh, 'refresh sends new queries');
  await panelsSettled(page);
});

test('the light theme', async () => {
  await page.getByRole('button', { name: 'Switch to light theme' }).click();
  await panelsSettled(page);
  await page.waitForTimeout(100);
  await shot('07-dashboard-light');
  await page.getByRole('button', { name: 'Switch to dark theme' }).click();
});

test('a failing panel shows its error and the others still draw', async () => {
  await page.goto(`${server.url}/d/broken-panels`);
  await panelsSettled(page);
  const broken = page.getByRole('region', { name: 'Missing data source' });
  await broken.getByTestId('panel-error').waitFor();
  assert.match(await broken.getByTestId('panel-error').innerText(), /not found/i);
  await page.getByRole('region', { name: 'Still fine' }).locator('canvas').waitFor();
  await shot('08-panel-error');
});

test('placeholders for pages to come, and sign out', async () => {
  await page.getByRole('link', { name: 'Explore' }).click();
  await page.getByText('Coming soon').waitFor();
  await shot('09-coming-soon');
  await page.getByRole('button', { name: /User menu/ }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await page.waitForURL(/\/login/);
  await page.getByLabel('Email or username').waitFor();
  assert.deepEqual(pageErrors, []);
});
