// The issue's headline browser test, against a real `sightline server` whose TestData data
// source and dashboard are PROVISIONED from files (not made through the API): sign in through
// the form, open the dashboard from the browse page, every panel type paints and none fails,
// a new time range and a new variable value reach the `/api/ds/query` bodies, a panel opens
// full screen and Escape comes back. Screenshots in both themes go to
// web/test-results/provisioned-*.png.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { closeBrowserAndServer, fixture, launchChromium, logInAsAdmin, openPage, paintedPixels, panelsSettled, recordQueryBodies, requireWebUi, resultFile, screenshot, until } from './browser.mjs';
import { startServer } from './server.mjs';

const dashboard = fixture('provisioned-all-panels.json');
const UID = dashboard.uid;

// The uid the fixtures name, given by the data sources file.
const DATA_SOURCES = `apiVersion: 1
datasources:
  - name: TestData
    type: grafana-testdata-datasource
    uid: testdata
    access: proxy
    isDefault: true
`;

// The fixture's range (UTC), and the one typed into the picker.
const FROM = Date.UTC(2026, 0, 5, 0);
const TO = Date.UTC(2026, 0, 5, 6);
const NEW_FROM = Date.UTC(2026, 0, 4, 18);
const NEW_TO = Date.UTC(2026, 0, 5, 12);

/** Every panel type of the issue, once each. */
const TYPES = ['timeseries', 'stat', 'gauge', 'bargauge', 'table', 'text', 'logs', 'heatmap', 'piechart', 'barchart', 'state-timeline'];
/** Panels drawn on a canvas, by title once the variable is `checkout`. */
const CANVAS_PANELS = ['Requests for checkout', 'Latency buckets', 'Requests by region', 'Service states'];

/** @type {Awaited<ReturnType<typeof startServer>>} */
let server;
/** @type {import('playwright-core').Browser} */
let browser;
/** @type {import('playwright-core').Page} */
let page;
/** @type {Error[]} */
let pageErrors;
/**
 * Every `/api/ds/query` body the page sent, in order.
 * @type {import('./browser.mjs').QueryBody[]}
 */
let bodies;
/** Every `/api/annotations` URL the page asked for. */
const annotationUrls = /** @type {URL[]} */ ([]);

const shot = (/** @type {string} */ name) => screenshot(page, `provisioned-${name}`);

before(async () => {
  server = await startServer({
    provisioning: { datasources: DATA_SOURCES, folder: 'Provisioned', dashboards: [{ file: 'all-panels.json', json: dashboard }] },
  });
  await requireWebUi(server);
  browser = await launchChromium();
  ({ page, pageErrors } = await openPage(browser, { height: 1000 }));
  bodies = recordQueryBodies(page);
  page.on('request', (request) => {
    if (request.method() === 'GET' && new URL(request.url()).pathname.endsWith('/api/annotations')) annotationUrls.push(new URL(request.url()));
  });
});

after(() => closeBrowserAndServer(browser, server));

/** @param {string} title */
const panel = (title) => page.getByRole('region', { name: title, exact: true });
const variable = (/** @type {string} */ name) => page.getByTestId(`variable-${name}`);
/** The queries of every body sent since `mark` (a length of `bodies`). */
const queriesSince = (/** @type {number} */ mark) => bodies.slice(mark).flatMap((body) => body.queries);

/**
 * Brings every panel into view once (they query when first seen) and waits until each has
 * finished loading.
 */
async function revealAll() {
  for (const section of await page.locator('section.panel').all()) {
    await section.scrollIntoViewIfNeeded();
    await section.waitFor({ state: 'visible' });
  }
  await page.evaluate(() => window.scrollTo(0, 0));
  await panelsSettled(page);
}

/**
 * Waits until the panel's canvases have more than `minimum` painted (non-transparent) pixels;
 * returns how many.
 * @param {string} title
 * @param {number} [minimum]
 */
async function untilPainted(title, minimum = 2000) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const painted = await paintedPixels(panel(title).locator('canvas'));
    if (painted > minimum) return painted;
    if (Date.now() > deadline) assert.fail(`timed out: ${title} painted more than ${minimum} pixels (${painted})`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

/** No panel shows an error, a partial error or "unsupported". */
async function assertNoPanelFails() {
  assert.equal(await page.locator('section.panel[data-state="error"]').count(), 0, 'no panel failed');
  assert.equal(await page.getByTestId('panel-error').count(), 0, 'no panel shows an error');
  assert.equal(await page.getByRole('region').getByLabel('Some queries failed').count(), 0, 'no panel lost a query');
  assert.equal(await page.locator('.panel-unsupported').count(), 0, 'every panel type is drawn');
}

/** Asserts that every panel of the dashboard painted something. */
async function assertEveryPanelPainted(service = 'checkout') {
  const types = await page.locator('section.panel').evaluateAll((sections) => sections.map((section) => section.getAttribute('data-panel-type')));
  assert.deepEqual([...types].sort(), [...TYPES].sort(), 'one panel of each type');

  for (const title of CANVAS_PANELS.map((name) => name.replace('checkout', service))) {
    const painted = await untilPainted(title);
    assert.ok(painted > 2000, `${title}: ${painted} painted pixels`);
  }
  // The time series: two series, its legend and drawn axes.
  const requests = panel(`Requests for ${service}`);
  await requests.locator('.uplot[data-y-ticks]').waitFor();
  assert.deepEqual(await requests.locator('.legend__item').allInnerTexts(), [`${service} requests`, `${service} errors`]);
  // Values: the stat, the gauge and the bar gauge.
  const stat = panel('Error rate');
  assert.equal(await stat.getByTestId('stat-value').innerText(), '2.4%');
  assert.equal(await stat.locator('.stat__sparkline').count(), 1, 'the stat draws its sparkline');
  assert.equal(await panel('CPU').getByTestId('gauge-value').textContent(), '72%');
  assert.ok(await panel('CPU').getByTestId('gauge-value-arc').count(), 'the gauge draws its arc');
  assert.deepEqual(await panel('Disk usage').getByTestId('bargauge-value').allTextContents(), ['30%', '68%', '93%']);
  // The table: a row per host, cells through units and mappings.
  const hosts = panel('Hosts');
  assert.equal(await hosts.locator('[role="rowgroup"] [role="row"]').count(), 5);
  const cells = await hosts.locator('[role="rowgroup"] [role="cell"]').allInnerTexts();
  for (const text of ['web-01', service, 'Warning', 'Down']) assert.ok(cells.includes(text), `a cell reads ${text}: ${cells.join(' | ')}`);
  assert.equal(await hosts.locator('.table-gauge__bar').count(), 5, 'gauge cells');
  // Text, logs and the pie chart.
  const about = panel('About this dashboard');
  await about.locator('.text-panel h3', { hasText: 'Provisioned from a file' }).waitFor();
  // Its `$service` is filled in, as Grafana's text panel does.
  await about.locator('li code', { hasText: service }).waitFor();
  assert.doesNotMatch(await about.innerText(), /\$service/);
  assert.ok((await panel('Logs').locator('.logs__row').count()) >= 10, 'log rows');
  assert.equal(await panel('Traffic share').getByTestId('pie-slice').count(), 3);
  assert.match(await panel('Service states').locator('.state-timeline__legend').innerText(), /Up[\s\S]*Degraded[\s\S]*Down/);
}

test('sign in through the form, skip the password change, and open the provisioned dashboard from the browse page', async () => {
  await logInAsAdmin(page, server);
  // The first sign-in with the default password offers to change it.
  await page.getByRole('heading', { name: 'Update your password' }).waitFor();
  await page.getByRole('button', { name: 'Skip' }).click();
  await page.waitForURL((url) => !url.pathname.endsWith('/login'));

  await page.goto(`${server.url}/dashboards`);
  // The provider's folder holds the dashboard.
  await page.getByRole('button', { name: 'Expand folder Provisioned' }).click();
  await page.getByRole('table', { name: 'Dashboards' }).getByRole('link', { name: dashboard.title }).click();
  await page.waitForURL(new RegExp(`/d/${UID}/`));
  await page.getByRole('heading', { name: dashboard.title, level: 1 }).waitFor();

  // The UI has no save or settings yet, where Grafana says a dashboard is provisioned: the
  // API the page reads says so.
  const response = await page.request.get(`${server.url}/api/dashboards/uid/${UID}`);
  assert.equal(response.status(), 200);
  const { meta } = await response.json();
  assert.equal(meta.provisioned, true);
  assert.equal(meta.provisionedExternalId, 'all-panels.json');
  assert.equal(meta.folderTitle, 'Provisioned');
  assert.deepEqual(pageErrors, []);
});

test('every panel type paints and none shows an error', async () => {
  await revealAll();
  await assertNoPanelFails();
  await assertEveryPanelPainted();

  // The variable's saved value went into the queries, with the fixture's range.
  assert.equal(await variable('service').getByRole('button').innerText(), 'checkout');
  // A body per panel with queries (ten), and one for the TestData annotations.
  await until(() => bodies.length >= 11 && queriesSince(0).some((query) => query.refId === 'Anno'), 'every panel and the annotations queried', 15_000);
  assert.ok(bodies.every((body) => body.from === String(FROM) && body.to === String(TO)), 'every body carries the fixture\'s range');
  const sent = queriesSince(0);
  for (const alias of ['checkout requests', 'checkout errors', 'checkout']) assert.ok(sent.some((query) => query.alias === alias), `a query with alias ${alias}`);
  assert.ok(sent.every((query) => query.datasource?.uid === 'testdata'), 'every query went to the provisioned TestData');
  // The TestData annotation query, interpolated and drawn on the time series.
  assert.ok(sent.some((query) => query.refId === 'Anno' && String(query.csvContent).includes('Deploy of checkout')), 'the annotation query was sent');
  await panel('Requests for checkout').locator('[data-testid="annotation-marker"][aria-label="Deploy of checkout"]').waitFor();
  assert.ok(annotationUrls.some((url) => url.searchParams.get('dashboardUID') === UID), 'the built-in annotations were asked for');

  await shot('dashboard-dark');
  for (const title of ['Requests for checkout', 'Hosts', 'Latency buckets', 'Service states']) {
    await panel(title).screenshot({ path: resultFile(`provisioned-panel-${title.toLowerCase().replace(/\W+/g, '-')}.png`) });
  }
  assert.deepEqual(pageErrors, []);
});

test('a new time range from the picker reaches every query', async () => {
  const mark = bodies.length;
  const annotationMark = annotationUrls.length;
  await page.getByTestId('time-picker').click();
  const picker = page.getByRole('dialog', { name: 'Time range' });
  await picker.getByLabel('From').fill('2026-01-04 18:00:00');
  await picker.getByLabel('To').fill('2026-01-05 12:00:00');
  await picker.getByRole('button', { name: 'Apply time range' }).click();
  await page.waitForURL((url) => url.searchParams.get('from') === String(NEW_FROM) && url.searchParams.get('to') === String(NEW_TO));
  // The dashboard is in UTC: the picker shows the typed times.
  await page.waitForFunction(() => document.querySelector('[data-testid="time-picker-range"]')?.textContent === '2026-01-04 18:00:00 to 2026-01-05 12:00:00');

  // Every panel with queries (ten) and the annotation query ask again, for the new range.
  await until(() => bodies.length - mark >= 11, 'every panel and the annotations queried again', 15_000);
  await panelsSettled(page);
  const fresh = bodies.slice(mark);
  assert.ok(fresh.every((body) => body.from === String(NEW_FROM) && body.to === String(NEW_TO)), `the new bodies carry the new range: ${fresh.map((body) => `${body.from}-${body.to}`).join(', ')}`);
  const refIds = fresh.flatMap((body) => body.queries.map((query) => query.refId));
  assert.ok(refIds.includes('Anno'), 'the annotation query too');
  assert.ok(fresh.every((body) => body.queries.every((query) => query.intervalMs > 0 && query.maxDataPoints > 0)));
  // 18 h instead of 6 h: the interval grows with the range.
  const walk = (/** @type {typeof bodies} */ list) => list.flatMap((body) => body.queries).find((query) => query.alias === 'checkout requests');
  assert.ok((walk(fresh)?.intervalMs ?? 0) > (walk(bodies.slice(0, mark))?.intervalMs ?? Infinity), 'a longer range, a longer interval');
  await until(() => annotationUrls.slice(annotationMark).some((url) => url.searchParams.get('from') === String(NEW_FROM) && url.searchParams.get('to') === String(NEW_TO)), 'the built-in annotations asked for the new range', 15_000);

  await assertNoPanelFails();
  await untilPainted('Requests for checkout');
  await shot('time-range-dark');
  assert.deepEqual(pageErrors, []);
});

test('a new variable value is interpolated into the queries and written to the URL', async () => {
  const mark = bodies.length;
  await variable('service').getByRole('button').click();
  await variable('service').getByRole('option', { name: 'payments', exact: true }).click();
  await page.waitForURL((url) => url.searchParams.get('var-service') === 'payments');
  // The range stays.
  assert.equal(new URL(page.url()).searchParams.get('from'), String(NEW_FROM));
  await panel('Requests for payments').waitFor();

  // The panels using $service (time series, stat, table, state timeline) and the annotation
  // query ask again with its new value; the others keep their data.
  await until(() => {
    const aliases = queriesSince(mark).map((query) => query.alias);
    return ['payments requests', 'payments errors', 'payments'].every((alias) => aliases.includes(alias));
  }, 'the time series, stat and state timeline queried for payments', 15_000);
  await until(() => queriesSince(mark).some((query) => String(query.csvContent).startsWith('host,service') && String(query.csvContent).includes('web-01,payments,')), 'the table queried for payments', 15_000);
  await until(() => queriesSince(mark).some((query) => query.refId === 'Anno' && String(query.csvContent).includes('Deploy of payments')), 'the annotations queried for payments', 15_000);
  await panelsSettled(page);
  const fresh = bodies.slice(mark);
  assert.ok(fresh.every((body) => body.from === String(NEW_FROM) && body.to === String(NEW_TO)), 'with the range chosen before');
  const text = JSON.stringify(fresh);
  assert.ok(!text.includes('checkout'), 'no query still names the old value');
  assert.ok(!text.includes('$service'), 'every $service was interpolated');
  assert.ok(!queriesSince(mark).some((query) => query.alias === 'cpu' || query.alias === 'GET'), 'panels without the variable did not query again');

  await assertNoPanelFails();
  await assertEveryPanelPainted('payments');
  await shot('variable-dark');
  assert.deepEqual(pageErrors, []);
});

test('View in the panel menu shows the panel full screen; Escape comes back', async () => {
  const title = 'Requests for payments';
  await panel(title).hover();
  await panel(title).getByRole('button', { name: `Menu for panel ${title}` }).click();
  await page.getByRole('menu', { name: 'Panel menu' }).getByRole('menuitem', { name: /^View/ }).click();
  await page.waitForURL((url) => url.searchParams.get('viewPanel') === '1');
  await page.waitForFunction(() => document.querySelectorAll('section.panel').length === 1);
  const box = await panel(title).boundingBox();
  assert.ok(box && box.width > 1000 && box.height > 600, `the panel fills the page (${box?.width}×${box?.height})`);
  await panelsSettled(page);
  await untilPainted(title, 20_000);
  await assertNoPanelFails();
  // The view keeps the range and the variable.
  const params = new URL(page.url()).searchParams;
  assert.equal(params.get('from'), String(NEW_FROM));
  assert.equal(params.get('var-service'), 'payments');
  await page.screenshot({ path: resultFile('provisioned-view-dark.png') });

  await page.keyboard.press('Escape');
  await page.waitForURL((url) => !url.searchParams.has('viewPanel'));
  await page.waitForFunction((count) => document.querySelectorAll('section.panel').length === count, TYPES.length);
  await revealAll();
  await assertNoPanelFails();
  assert.deepEqual(pageErrors, []);
});

test('the light theme', async () => {
  await page.getByRole('button', { name: 'Switch to light theme' }).click();
  await page.waitForFunction(() => document.documentElement.dataset.theme === 'light');
  // Drawn afresh in the light theme, from the same URL (range, variable).
  await page.reload();
  await page.getByRole('heading', { name: dashboard.title, level: 1 }).waitFor();
  await revealAll();
  await assertNoPanelFails();
  await assertEveryPanelPainted('payments');
  await shot('dashboard-light');

  await panel('Latency buckets').hover();
  await page.keyboard.press('v');
  await page.waitForURL((url) => url.searchParams.get('viewPanel') === '8');
  await page.waitForFunction(() => document.querySelectorAll('section.panel').length === 1);
  await panelsSettled(page);
  await untilPainted('Latency buckets', 20_000);
  await page.screenshot({ path: resultFile('provisioned-view-light.png') });
  await page.keyboard.press('Escape');
  await page.waitForURL((url) => !url.searchParams.has('viewPanel'));
  await page.getByRole('button', { name: 'Switch to dark theme' }).click();
  await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
  assert.deepEqual(pageErrors, []);
});
