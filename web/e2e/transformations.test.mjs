// Browser tests of panel transformations against a real `sightline server` with TestData:
// `reduce` of two series into a table, random walks reduced and sorted (a disabled step
// skipped), `organize` hiding, ordering and renaming columns, `labelsToFields` + `merge` on
// labelled series, `joinByField` of two refIds with a `calculateField`, an unknown id (a
// notice, the data passed on), and old `table-old` panels whose `transform` the server's
// schema upgrade turns into `reduce` and `seriesToRows`. The table cells must show the
// transformed values, and the inspector's data tab the transformed frames. Screenshots go to
// web/test-results/transformations-*.png.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { addTestDataSource, closeBrowserAndServer, fixture, launchChromium, openPage, requireWebUi, screenshot, signIn } from './browser.mjs';
import { startServer } from './server.mjs';

/** @type {Awaited<ReturnType<typeof startServer>>} */
let server;
/** @type {import('playwright-core').Browser} */
let browser;
/** @type {import('playwright-core').Page} */
let page;
/** @type {Error[]} */
let pageErrors;

before(async () => {
  server = await startServer();
  await requireWebUi(server);
  await addTestDataSource(server);
  await server.api('POST', '/api/dashboards/db', { dashboard: fixture('transformations-dashboard.json') });
  await server.api('POST', '/api/dashboards/db', { dashboard: fixture('transformations-legacy.json') });
  browser = await launchChromium();
  ({ page, pageErrors } = await openPage(browser, { width: 1920, height: 1000 }));
  await signIn(page, server);
});

after(() => closeBrowserAndServer(browser, server));

const shot = (/** @type {string} */ name) => screenshot(page, `transformations-${name}`);

/**
 * Opens a dashboard and waits until every panel has finished loading.
 * @param {string} uid
 */
async function open(uid) {
  await page.goto(`${server.url}/d/${uid}`);
  await page.waitForFunction(() => {
    const panels = [...document.querySelectorAll('section.panel')];
    return panels.length > 0 && panels.every((panel) => panel.getAttribute('data-state') === 'done' || panel.getAttribute('data-state') === 'error');
  });
  await page.waitForFunction(() => [...document.querySelectorAll('section.panel')].every((panel) => panel.querySelector('[role="rowgroup"] [role="row"], .panel-no-data, [data-testid="panel-error"]')));
}

/** @param {string} title */
const panel = (title) => page.getByRole('region', { name: title, exact: true });

/**
 * A table panel's header texts and its cells, row by row, top to bottom.
 * @param {string} title
 */
async function tableOf(title) {
  const section = panel(title);
  const headers = await section.locator('[role="columnheader"]').allInnerTexts();
  const rows = await section
    .locator('[role="rowgroup"] [role="row"]')
    .evaluateAll((elements) =>
      elements
        .sort((a, b) => parseFloat(/** @type {HTMLElement} */ (a).style.top) - parseFloat(/** @type {HTMLElement} */ (b).style.top))
        .map((row) => [...row.querySelectorAll('[role="cell"]')].map((cell) => (cell.textContent ?? '').trim())),
    );
  return { headers: headers.map((text) => text.trim()), rows };
}

test('transformations shape what the table panels show', async () => {
  await open('transformations');
  assert.equal(await page.getByTestId('panel-error').count(), 0, 'no panel fails');

  assert.deepEqual(await tableOf('Reduced series'), {
    headers: ['Field', 'Max', 'Mean', 'Last *'],
    rows: [
      ['web-1', '5', '3', '3'],
      ['web-2', '30', '20', '30'],
    ],
  });

  // Random walks: one row per series, sorted by name descending; the disabled limit is skipped.
  const walks = await tableOf('Random walks reduced');
  assert.deepEqual(walks.headers, ['Field', 'Min', 'Max', 'Count']);
  assert.deepEqual(
    walks.rows.map((row) => row[0]),
    ['A-series1', 'A-series'],
  );
  for (const [, min, max, count] of walks.rows) {
    assert.ok(Number(min) <= Number(max), `min ${min} <= max ${max}`);
    assert.ok(Number(count) > 10, `count ${count}`);
  }

  assert.deepEqual(await tableOf('Organized columns'), {
    headers: ['Memory', 'host', 'CPU'],
    rows: [
      ['512', 'web-1', '12'],
      ['900', 'web-2', '48'],
    ],
  });

  const labelled = await tableOf('Labels as columns');
  assert.deepEqual(labelled.headers, ['host', 'dc', 'load']);
  assert.ok(labelled.rows.length >= 4 && labelled.rows.length <= 6, `${labelled.rows.length} rows: up to 3 points per series`);
  assert.deepEqual([...new Set(labelled.rows.map((row) => row[0]))].sort(), ['web-0', 'web-1']);
  assert.deepEqual([...new Set(labelled.rows.map((row) => `${row[1]} ${row[2]}`))], ['eu 7']);

  assert.deepEqual(await tableOf('Joined by host'), {
    headers: ['host', 'cpu', 'mem', 'mem per cpu'],
    rows: [
      ['web-1', '10', '', ''],
      ['web-2', '20', '200', '10'],
      ['web-3', '', '300', ''],
    ],
  });

  // An unknown id passes the data on (to the next step) and says so in the header.
  const unknown = panel('Unknown transformation');
  assert.deepEqual(await tableOf('Unknown transformation'), { headers: ['host', 'cpu'], rows: [['web-2', '20']] });
  const notice = unknown.getByTestId('transformation-notice');
  assert.equal(await notice.count(), 1);
  assert.match((await notice.getByRole('tooltip', { includeHidden: true }).textContent()) ?? '', /"someFutureTransformation" is not supported yet/);
  assert.equal(await page.getByTestId('transformation-notice').count(), 1, 'only that panel has a notice');
  await notice.hover();
  await page.waitForTimeout(150);
  await shot('01-dashboard');
});

test('the inspector shows the transformed frames', async () => {
  await page.goto(`${server.url}/d/transformations?inspect=1`);
  const drawer = page.getByRole('dialog', { name: 'Inspect: Reduced series' });
  await drawer.waitFor();
  const table = drawer.getByTestId('inspect-table');
  await table.locator('tbody tr').first().waitFor();
  assert.deepEqual(await table.locator('thead th').allInnerTexts(), ['Field', 'Max', 'Mean', 'Last *']);
  assert.equal(await table.locator('tbody tr').count(), 2);
  await page.waitForTimeout(250); // the drawer's slide-in
  await shot('02-inspect');
});

test('old tables: the server turns their transform into transformations', async () => {
  const saved = await server.api('GET', '/api/dashboards/uid/transformations-legacy');
  const [aggregations, rows] = saved.dashboard.panels;
  assert.equal(aggregations.type, 'table');
  assert.deepEqual(aggregations.transformations, [{ id: 'reduce', options: { reducers: ['mean', 'max', 'lastNotNull'], includeTimeField: false } }]);
  assert.equal(rows.transformations[0].id, 'seriesToRows');

  await open('transformations-legacy');
  assert.equal(await page.getByTestId('panel-error').count(), 0, 'no panel fails');
  assert.deepEqual(await tableOf('Old aggregations table'), {
    headers: ['Field', 'Mean', 'Max', 'Last *'],
    rows: [
      ['web-1', '3.0', '6.0', '6.0'],
      ['web-2', '4.0', '4.0', '4.0'],
    ],
  });
  const seriesRows = await tableOf('Old series-to-rows table');
  assert.deepEqual(seriesRows.headers, ['Time', 'Metric', 'Value']);
  assert.deepEqual(
    seriesRows.rows.map((row) => row.slice(1)),
    [
      ['web-1', '2'],
      ['web-2', '4'],
      ['web-1', '1'],
      ['web-2', '3'],
    ],
  );
  await shot('03-legacy');
});

test('the light theme, and no page errors', async () => {
  await open('transformations');
  await page.getByRole('button', { name: 'Switch to light theme' }).click();
  await page.waitForTimeout(200);
  await shot('04-light');
  assert.deepEqual(pageErrors, []);
});
