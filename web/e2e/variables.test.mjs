// Browser tests of dashboard template variables against a real `sightline server` (SQLite,
// TestData): the variables bar, chained query variables, custom/textbox/interval values
// interpolated into the `/api/ds/query` bodies, `var-*` in the URL (and a reload restoring
// the view from it), a repeated panel and a repeated row. Screenshots in web/test-results/.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { addTestDataSource, closeBrowserAndServer, fixture, launchChromium, openPage, panelsSettled, recordQueryBodies, requireWebUi, screenshot, signInThroughApi, until } from './browser.mjs';
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
/** @type {Error[]} */
let pageErrors;

const shot = (/** @type {string} */ name) => screenshot(page, name);

before(async () => {
  server = await startServer();
  await requireWebUi(server);
  await addTestDataSource(server);
  await server.api('POST', '/api/dashboards/db', { dashboard: fixture('variables-dashboard.json') });

  browser = await launchChromium();
  ({ page, pageErrors } = await openPage(browser));
  queries = recordQueryBodies(page);
  const login = await signInThroughApi(page, server);
  assert.equal(login.status(), 200, 'signed in');
});

after(() => closeBrowserAndServer(browser, server));

/** Every query sent since `index` (an index into `queries`). */
const sentSince = (/** @type {number} */ index) => queries.slice(index).flatMap((body) => body.queries);
const panelTitles = () => page.locator('section.panel .panel__title').allInnerTexts();
const variable = (/** @type {string} */ name) => page.getByTestId(`variable-${name}`);
const urlValues = (/** @type {string} */ name) => new URL(page.url()).searchParams.getAll(`var-${name}`);

/**
 * Picks `option` in a variable's dropdown.
 * @param {string} name
 * @param {string} option
 */
async function pick(name, option) {
  await variable(name).getByRole('button').first().click();
  await variable(name).getByRole('option', { name: option, exact: true }).click();
  // A multi-value picker applies when it closes.
  const apply = variable(name).getByRole('button', { name: 'Apply' });
  if (await apply.count()) await apply.click();
}

test('the bar shows the variables and the panels query their values', async () => {
  await page.goto(`${server.url}/d/variables-e2e`);
  await page.getByRole('heading', { name: 'Fleet by variables', level: 1 }).waitFor();
  await panelsSettled(page);
  await until(() => sentSince(0).some((query) => query.alias === 'cpu web-2'), 'the repeated panels queried');

  // Labels of the shown variables; the constant is hidden.
  const bar = page.getByRole('group', { name: 'Dashboard variables' });
  for (const label of ['Group', 'Subgroup', 'Series', 'Environment', 'Host', 'Region', 'Series label', 'Step']) {
    await bar.getByText(label, { exact: true }).waitFor();
  }
  assert.equal(await variable('team').count(), 0, 'constants are not shown');
  // A variable whose data source is gone says why, and the dashboard still works.
  await variable('inventory').getByRole('img', { name: /^Inventory: .*not found/i }).waitFor();
  assert.equal(await variable('env').getByRole('button').innerText(), 'Production');
  assert.equal(await variable('step').getByRole('button').innerText(), 'auto');

  const sent = sentSince(0);
  const walk = sent.find((query) => query.alias === 'A-hello');
  assert.ok(walk, 'the walk panel sent its interpolated alias');
  await page.waitForTimeout(300);
  assert.equal(sentSince(0).filter((query) => query.alias === 'A-hello').length, 1, 'each panel queried once on load');
  assert.equal(walk.seriesCount, '2');
  assert.equal(walk.labels, 'env=prod,team=core');
  assert.ok(sent.some((query) => query.alias === 'AB'), 'the subgroup stat sent ${sub:csv}');
  // 6h / 30 steps → 10m for the auto interval; the panel's interval is its floor.
  const latency = sent.filter((query) => /^(eu|us) every /.test(query.alias));
  assert.deepEqual(latency.map((query) => query.alias).sort(), ['eu every 10m', 'us every 10m']);
  assert.ok(latency.every((query) => query.intervalMs >= 600_000), 'the interval variable set the minimum interval');

  // The repeated panel: one per selected host; the repeated row: one per region (All).
  const titles = await panelTitles();
  assert.deepEqual(titles.filter((title) => title.startsWith('CPU')), ['CPU web-1', 'CPU web-2']);
  assert.deepEqual(titles.filter((title) => title.startsWith('Latency')), ['Latency in eu', 'Latency in us']);
  await page.getByRole('button', { name: /Region eu/ }).waitFor();
  await page.getByRole('button', { name: /Region us/ }).waitFor();
  assert.ok(titles.includes('Walk for group A'));

  // The resolved values went into the URL.
  assert.deepEqual(urlValues('letter'), ['A']);
  assert.deepEqual(urlValues('host'), ['web-1', 'web-2']);
  assert.deepEqual(urlValues('region'), ['$__all']);
  assert.deepEqual(urlValues('team'), []);
  await shot('variables-01-dashboard');
});

test('changing a query variable refreshes the chained one and re-queries with the new values', async () => {
  const before = queries.length;
  await variable('letter').getByRole('button').click();
  await shot('variables-02-picker');
  await variable('letter').getByRole('option', { name: 'B', exact: true }).click();
  await page.waitForURL((url) => url.searchParams.get('var-letter') === 'B');
  // AB is not a B subgroup: the multi-value variable with All falls back to All.
  await page.waitForURL((url) => url.searchParams.get('var-sub') === '$__all');
  await panelsSettled(page);
  await until(() => sentSince(before).some((query) => query.alias === 'B-hello'), 'the walk panel queried group B');
  await until(() => sentSince(before).some((query) => query.alias === 'BC,BB,BA'), 'the stat queried every B subgroup, sorted descending');
  assert.ok(await page.getByRole('heading', { name: 'Walk for group B' }).isVisible());
  // Panels that do not use the changed variables did not query again.
  await page.waitForTimeout(500);
  await panelsSettled(page);
  const others = sentSince(before).filter((query) => /^cpu |every/.test(String(query.alias)));
  assert.deepEqual(others, [], 'the CPU and latency panels kept their data');

  await variable('sub').getByRole('button').click();
  const options = await variable('sub').getByRole('option').allInnerTexts();
  assert.deepEqual(options, ['All', 'BC', 'BB', 'BA']);
  await page.keyboard.press('Escape');
});

test('multi-value selection repeats the panel and writes repeated var- parameters', async () => {
  const before = queries.length;
  await variable('host').getByRole('button').click();
  await variable('host').getByRole('option', { name: 'web-3', exact: true }).click();
  await shot('variables-03-multi');
  await variable('host').getByRole('button', { name: 'Apply' }).click();
  await page.waitForURL((url) => url.searchParams.getAll('var-host').length === 3);
  assert.deepEqual(urlValues('host'), ['web-1', 'web-2', 'web-3']);
  await page.getByRole('region', { name: 'CPU web-3' }).waitFor();
  await panelsSettled(page);
  await until(() => sentSince(before).some((query) => query.alias === 'cpu web-3'), 'the new clone queried');
  assert.deepEqual((await panelTitles()).filter((title) => title.startsWith('CPU')), ['CPU web-1', 'CPU web-2', 'CPU web-3']);
  // Three per row (maxPerRow): side by side at the same height.
  const boxes = await Promise.all(['CPU web-1', 'CPU web-2', 'CPU web-3'].map((name) => page.getByRole('region', { name }).boundingBox()));
  assert.ok(boxes.every((box) => box && Math.abs(box.y - (boxes[0]?.y ?? 0)) < 2), 'the clones share a line');
  assert.ok((boxes[1]?.x ?? 0) > (boxes[0]?.x ?? 0) && (boxes[2]?.x ?? 0) > (boxes[1]?.x ?? 0));

  // The repeated row follows its variable too.
  await pick('region', 'eu');
  await page.waitForURL((url) => url.searchParams.getAll('var-region').join() === 'eu');
  await page.waitForFunction(() => !document.querySelector('section[aria-label="Latency in us"]'));
  assert.deepEqual((await panelTitles()).filter((title) => title.startsWith('Latency')), ['Latency in eu']);
});

test('a text box and an interval variable feed the queries', async () => {
  let before = queries.length;
  const box = variable('label').getByRole('textbox');
  await box.fill('world');
  await box.press('Enter');
  await page.waitForURL((url) => url.searchParams.get('var-label') === 'world');
  await until(() => sentSince(before).some((query) => query.alias === 'B-world'), 'the text box value was sent');

  before = queries.length;
  await pick('step', '1h');
  await page.waitForURL((url) => url.searchParams.get('var-step') === '1h');
  await until(() => sentSince(before).some((query) => query.alias === 'eu every 1h'), 'the interval value was sent');
  const latency = sentSince(before).find((query) => query.alias === 'eu every 1h');
  assert.equal(latency?.intervalMs, 3_600_000);

  before = queries.length;
  await pick('env', 'Staging');
  await page.waitForURL((url) => url.searchParams.get('var-env') === 'stage');
  await until(() => sentSince(before).some((query) => query.labels === 'env=stage,team=core'), 'the value of the key : value pair was sent');
  await panelsSettled(page);
  await shot('variables-04-changed');
});

test('back and forward restore values, and the URL reproduces the view', async () => {
  let before = queries.length;
  await page.goBack();
  await page.waitForURL((url) => url.searchParams.get('var-env') === 'prod');
  await page.waitForFunction(() => document.querySelector('[data-testid="variable-env"] button')?.textContent === 'Production');
  await until(() => sentSince(before).some((query) => query.labels === 'env=prod,team=core'), 'back re-queried with the previous value');
  await page.goForward();
  await page.waitForURL((url) => url.searchParams.get('var-env') === 'stage');
  await page.waitForFunction(() => document.querySelector('[data-testid="variable-env"] button')?.textContent === 'Staging');
  await panelsSettled(page);

  const link = page.url();
  before = queries.length;
  await page.goto(link);
  await page.getByRole('heading', { name: 'Fleet by variables', level: 1 }).waitFor();
  await panelsSettled(page);
  assert.equal(await variable('letter').getByRole('button').innerText(), 'B');
  assert.equal(await variable('env').getByRole('button').innerText(), 'Staging');
  assert.equal(await variable('step').getByRole('button').innerText(), '1h');
  assert.equal(await variable('label').getByRole('textbox').inputValue(), 'world');
  assert.equal(await variable('host').getByRole('button').innerText(), 'web-1 + web-2 + web-3');
  await until(() => sentSince(before).some((query) => query.alias === 'B-world' && query.labels === 'env=stage,team=core'), 'the reloaded page queried the URL values');
  await until(() => sentSince(before).some((query) => query.alias === 'cpu web-3'), 'the reloaded page repeated for the URL values');
  assert.deepEqual((await panelTitles()).filter((title) => /^(CPU|Latency)/.test(title)), ['CPU web-1', 'CPU web-2', 'CPU web-3', 'Latency in eu']);
  assert.equal(new URL(page.url()).search, new URL(link).search, 'loading the link did not change it');
  assert.deepEqual(pageErrors, []);
});

test('the picker works from the keyboard', async () => {
  const before = queries.length;
  await variable('letter').getByRole('button').click();
  await page.keyboard.type('c');
  assert.deepEqual(await variable('letter').getByRole('option').allInnerTexts(), ['C']);
  await page.keyboard.press('Enter');
  await page.waitForURL((url) => url.searchParams.get('var-letter') === 'C');
  await until(() => sentSince(before).some((query) => query.alias === 'C-world'), 'the keyboard choice was sent');
  await panelsSettled(page);
});

test('the light theme', async () => {
  await page.goto(page.url());
  await panelsSettled(page);
  await page.getByRole('button', { name: 'Switch to light theme' }).click();
  await variable('host').getByRole('button').click();
  await page.waitForTimeout(150);
  await shot('variables-05-light');
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Switch to dark theme' }).click();
  assert.deepEqual(pageErrors, []);
});
