// Browser tests of the table, text, logs, heatmap, pie chart, bar chart and state timeline
// panels against a real `sightline server` with TestData: every panel paints (canvas pixels,
// table cells, log rows) and none shows an error, a header click sorts a table, pagination
// and the frame selector work, a log line expands, and hostile HTML in text panels runs
// nothing. Screenshots go to web/test-results/panels-more-*.png.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { addTestDataSource, closeBrowserAndServer, fixture, launchChromium, openPage, paintedPixels, panelsSettled, requireWebUi, resultFile, screenshot, signIn } from './browser.mjs';
import { startServer } from './server.mjs';

/** @type {Awaited<ReturnType<typeof startServer>>} */
let server;
/** @type {import('playwright-core').Browser} */
let browser;
/** @type {import('playwright-core').Page} */
let page;
/** @type {Error[]} */
let pageErrors;

/**
 * @param {string} name
 * @param {boolean} [fullPage] the whole page from the top, else the viewport as it is
 */
const shot = (name, fullPage = true) => screenshot(page, `panels-more-${name}`, { fullPage });

before(async () => {
  server = await startServer();
  await requireWebUi(server);
  await addTestDataSource(server);
  await server.api('POST', '/api/dashboards/db', { dashboard: fixture('panels-more-all.json') });
  await server.api('POST', '/api/dashboards/db', { dashboard: fixture('panels-more-hostile.json') });
  await server.api('POST', '/api/dashboards/db', { dashboard: fixture('panels-more-variants.json') });

  browser = await launchChromium();
  ({ page, pageErrors } = await openPage(browser, { height: 1000 }));
  // Sign in once through the form.
  await signIn(page, server);
});

after(() => closeBrowserAndServer(browser, server));

/** Scrolls through the page so every panel comes into view and queries. */
async function revealAll() {
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  for (let y = 0; y < height; y += 500) {
    await page.evaluate((top) => window.scrollTo(0, top), y);
    await page.waitForTimeout(60);
  }
  await page.evaluate(() => window.scrollTo(0, 0));
  await panelsSettled(page);
}

/** @param {string} title */
const panel = (title) => page.getByRole('region', { name: title, exact: true });

/**
 * Painted (non-transparent) pixels of the first canvas in a panel.
 * @param {string} title
 */
async function paintedIn(title) {
  const canvas = panel(title).locator('canvas').first();
  await canvas.waitFor();
  return paintedPixels(canvas);
}

/**
 * The text of one column's cells, top to bottom, in a table panel.
 * @param {string} title
 * @param {number} column
 */
async function columnTexts(title, column) {
  return panel(title)
    .locator('[role="rowgroup"] [role="row"]')
    .evaluateAll((rows, index) => rows.sort((a, b) => parseFloat(/** @type {HTMLElement} */ (a).style.top) - parseFloat(/** @type {HTMLElement} */ (b).style.top)).map((row) => row.querySelectorAll('[role="cell"]')[index]?.textContent ?? ''), column);
}

test('every panel of the dashboard paints and none fails', async () => {
  await page.goto(`${server.url}/d/panels-more`);
  await page.getByRole('heading', { name: 'More panels', level: 1 }).waitFor();
  await revealAll();
  assert.equal(await page.getByTestId('panel-error').count(), 0, 'no panel shows an error');
  assert.equal(await page.locator('.panel-unsupported').count(), 0, 'every panel type is drawn');

  // Text: rendered Markdown.
  const runbook = panel('Runbook');
  await runbook.locator('.text-panel h1', { hasText: 'Runbook' }).waitFor();
  assert.equal(await runbook.locator('table td').first().innerText(), 'Availability');
  assert.equal(await runbook.locator('ol > li').count(), 2);
  assert.match(await runbook.locator('pre code').innerText(), /histogram_quantile/);
  assert.equal(await runbook.locator('a[href="d/service-overview"]').count(), 1);

  // Tables: cells with units, mappings and colours.
  const hosts = panel('Hosts');
  assert.equal(await hosts.locator('[role="rowgroup"] [role="row"]').count(), 8);
  assert.deepEqual(await columnTexts('Hosts', 0), ['web-01', 'web-02', 'web-03', 'db-01', 'db-02', 'cache-01', 'queue-01', 'batch-01']);
  assert.ok((await columnTexts('Hosts', 3)).includes('Warning'), 'value mappings apply');
  assert.ok((await columnTexts('Hosts', 1)).includes('95.6%'), 'units and decimals apply');
  assert.equal(await hosts.locator('.table-gauge__bar').count(), 8, 'gauge cells');
  assert.equal(await hosts.getByRole('link', { name: 'web-02' }).getAttribute('href'), 'd/panels-more-variants?var-host=web-02&var-status=warn', 'data links');
  assert.match(await hosts.locator('.table-panel__footer').innerText(), /Mean[\s\S]*49\.8%[\s\S]*62%/);
  // table-old: upgraded by the server to a table with its styles as field config.
  const legacy = panel('Legacy table');
  assert.deepEqual(await legacy.locator('[role="columnheader"]').allInnerTexts(), ['When', 'Message', 'Value']);
  assert.deepEqual([...new Set(await columnTexts('Legacy table', 2))], ['23.10%']);
  assert.equal(await legacy.locator('[role="cell"][style*="background"]').count(), 10, 'styles colour the cells');

  // Logs: rows with level colours.
  const logs = panel('Application logs');
  await logs.locator('.logs__row').first().waitFor();
  assert.ok((await logs.locator('.logs__row').count()) >= 20);
  assert.match(await logs.locator('.logs__time').first().innerText(), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/);

  // Canvas panels: drawn pixels.
  for (const title of ['Latency buckets', 'Calculated heatmap', 'Requests by region', 'Service states']) {
    const painted = await paintedIn(title);
    assert.ok(painted > 2000, `${title}: ${painted} painted pixels`);
  }
  // Pie chart: SVG slices and a legend table with values and percents.
  const pie = panel('Traffic share');
  assert.equal(await pie.getByTestId('pie-slice').count(), 3);
  assert.match(await pie.locator('.piechart__legend').innerText(), /GET[\s\S]*40 req\/s[\s\S]*63%/);
  // State timeline: value mappings in the legend.
  assert.match(await panel('Service states').locator('.state-timeline__legend').innerText(), /Up[\s\S]*Degraded[\s\S]*Down/);

  await shot('dashboard');
  // Close-ups to look at.
  for (const title of ['Hosts', 'Latency buckets', 'Traffic share', 'Requests by region', 'Service states']) {
    await panel(title).screenshot({ path: resultFile(`panels-more-panel-${title.toLowerCase().replace(/\W+/g, '-')}.png`) });
  }
  assert.deepEqual(pageErrors, []);
});

test('a header click sorts a table ascending, descending, then not at all', async () => {
  await page.evaluate(() => window.scrollTo(0, 0));
  const header = panel('Hosts').getByRole('button', { name: 'cpu', exact: true });
  await header.click();
  assert.deepEqual(await columnTexts('Hosts', 0), ['cache-01', 'web-03', 'batch-01', 'web-01', 'db-02', 'queue-01', 'web-02', 'db-01']);
  assert.equal(await panel('Hosts').getByRole('columnheader', { name: 'cpu', exact: true }).getAttribute('aria-sort'), 'ascending');
  await header.click();
  assert.deepEqual((await columnTexts('Hosts', 0)).slice(0, 2), ['db-01', 'web-02']);
  await shot('table-sorted');
  await header.click();
  assert.deepEqual((await columnTexts('Hosts', 0)).slice(0, 2), ['web-01', 'web-02']);
  await panel('Hosts').getByRole('button', { name: 'host', exact: true }).click();
  assert.deepEqual((await columnTexts('Hosts', 0)).slice(0, 3), ['batch-01', 'cache-01', 'db-01']);
});

test('big tables page or virtualise, and several frames get a selector', async () => {
  const samples = panel('Raw samples');
  await samples.scrollIntoViewIfNeeded();
  const status = samples.locator('.table-panel__rows-of');
  assert.match(await status.innerText(), /^1–\d+ of \d{4} rows$/);
  // Sorted by value, descending, from the dashboard's sortBy.
  const values = (await columnTexts('Raw samples', 1)).map(Number);
  assert.deepEqual(values, [...values].sort((a, b) => b - a));
  await samples.getByRole('button', { name: 'Next page' }).click();
  assert.match(await samples.locator('.table-panel__page-of').innerText(), /^Page 2 of \d+$/);

  const many = panel('Many rows');
  const total = await many.getByRole('table').getAttribute('aria-rowcount');
  assert.ok(Number(total) > 3000, `${total} rows`);
  const drawn = await many.locator('[role="rowgroup"] [role="row"]').count();
  assert.ok(drawn > 5 && drawn < 60, `only the rows in view are in the DOM (${drawn})`);
  await many.locator('.table-panel__scroll').evaluate((element) => element.scrollTo(0, 60_000));
  await page.waitForTimeout(100);
  const firstShown = await many.locator('[role="rowgroup"] [role="row"]').first().evaluate((row) => parseFloat(/** @type {HTMLElement} */ (row).style.top));
  assert.ok(firstShown > 50_000, 'scrolling draws the rows further down');
  await many.getByLabel('Choose a data frame').selectOption({ index: 1 });
  assert.equal(await many.locator('[role="columnheader"]').count(), 4);
  assert.match(await many.locator('[role="rowgroup"]').innerText(), /This is a message/);
  await shot('tables');
});

test('a log line expands to show its fields', async () => {
  const logs = panel('Application logs');
  await logs.scrollIntoViewIfNeeded();
  await logs.locator('.logs__line').first().click();
  const details = logs.getByTestId('log-details');
  await details.waitFor();
  assert.match(await details.innerText(), /hostname\s+srv-00\d/);
  assert.match(await details.innerText(), /container_id\s+[0-9a-f]{64}/);
  // Levels come from the lines (`lvl=…`): the rows carry Grafana's level colours.
  const levels = await logs.locator('.logs__row').evaluateAll((rows) => [...new Set(rows.map((row) => row.getAttribute('data-level')))]);
  assert.ok(levels.includes('error') && levels.includes('info'), `levels ${levels}`);
  await shot('logs');
});

test('tooltips on the canvas panels', async () => {
  const heatmap = panel('Latency buckets');
  await heatmap.scrollIntoViewIfNeeded();
  const box = await heatmap.locator('canvas').boundingBox();
  assert.ok(box);
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.4);
  await heatmap.getByRole('tooltip').waitFor();
  assert.match(await heatmap.getByRole('tooltip').innerText(), /Bucket[\s\S]*Count/);

  const bars = panel('Requests by region');
  await bars.scrollIntoViewIfNeeded();
  const barBox = await bars.locator('canvas').boundingBox();
  assert.ok(barBox);
  await page.mouse.move(barBox.x + barBox.width * 0.5, barBox.y + barBox.height * 0.6);
  await bars.getByRole('tooltip').waitFor();
  assert.match(await bars.getByRole('tooltip').innerText(), /requests[\s\S]*errors/);

  const pie = panel('Traffic share');
  await pie.scrollIntoViewIfNeeded();
  // A point on the donut's ring inside the first slice (clockwise from 12 o'clock).
  const pieBox = await pie.locator('svg.piechart__svg').boundingBox();
  assert.ok(pieBox);
  const radius = (Math.min(pieBox.width, pieBox.height) / 2 - 8) * 0.8;
  await page.mouse.move(pieBox.x + pieBox.width / 2 + radius * Math.sin(0.4), pieBox.y + pieBox.height / 2 - radius * Math.cos(0.4));
  await pie.getByRole('tooltip').waitFor();
  assert.match(await pie.getByRole('tooltip').innerText(), /req\/s/);

  const states = panel('Service states');
  await states.scrollIntoViewIfNeeded();
  const stateBox = await states.locator('canvas').boundingBox();
  assert.ok(stateBox);
  await page.mouse.move(stateBox.x + stateBox.width * 0.5, stateBox.y + 20);
  await states.getByRole('tooltip').waitFor();
  assert.match(await states.getByRole('tooltip').innerText(), /checkout[\s\S]*Duration/);
  await shot('tooltip', false);
});

test('the light theme', async () => {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.getByRole('button', { name: 'Switch to light theme' }).click();
  await page.waitForTimeout(200);
  await shot('dashboard-light');
  await page.getByRole('button', { name: 'Switch to dark theme' }).click();
  assert.deepEqual(pageErrors, []);
});

test('panel variants: stacking, orientations, opacity heatmap, deduplicated logs, cell types', async () => {
  await page.goto(`${server.url}/d/panels-more-variants`);
  await page.getByRole('heading', { name: 'Panel variants', level: 1 }).waitFor();
  await revealAll();
  assert.equal(await page.getByTestId('panel-error').count(), 0, 'no panel shows an error');
  for (const title of ['Stacked horizontal', 'Percent stacked', 'Opacity heatmap', 'Pulse']) {
    const painted = await paintedIn(title);
    assert.ok(painted > 2000, `${title}: ${painted} painted pixels`);
  }
  // A slice per row of the `web` field.
  assert.equal(await panel('Pie per row').getByTestId('pie-slice').count(), 6);
  // Signature de-duplication folds the lines that differ only in letters and digits.
  const logs = panel('Logs, wrapped and deduplicated');
  assert.ok((await logs.locator('.logs__dups').count()) > 0, 'folded duplicates are counted');
  assert.ok((await logs.locator('.logs__row').count()) < 200);
  // Cell types: JSON, LCD gauge, a row coloured by its owner.
  const services = panel('Services');
  assert.match(await services.locator('.table-panel__json').first().innerText(), /"replicas"\s*:\s*3|replicas/);
  assert.equal(await services.locator('.table-gauge__bar').count(), 3);
  assert.ok((await services.locator('[role="row"][style*="background"]').count()) === 3, 'applyToRow colours whole rows');
  await shot('variants');
  assert.deepEqual(pageErrors, []);
});

test('hostile HTML and Markdown in text panels run nothing', async () => {
  await page.goto(`${server.url}/d/panels-more-hostile`);
  await page.getByRole('heading', { name: 'Hostile text', level: 1 }).waitFor();
  const html = panel('Hostile HTML');
  await html.locator('.hostile-ok').waitFor();
  const markdown = panel('Hostile markdown');
  await markdown.getByText('still bold').waitFor();
  // Give anything that could fire (image errors, animations) time to.
  await page.waitForTimeout(500);
  for (const link of await page.locator('.text-panel a').all()) await link.hover();
  await page.locator('.text-panel div', { hasText: 'hover me' }).first().hover();

  const report = await page.evaluate(() => {
    const root = [...document.querySelectorAll('.text-panel')];
    const all = root.flatMap((element) => [...element.querySelectorAll('*')]);
    return {
      pwned: /** @type {any} */ (window).__pwned ?? null,
      forbidden: all.filter((element) => /^(script|iframe|object|embed|svg|math|form|style|button|base|meta|noscript|video|source)$/i.test(element.localName)).map((element) => element.localName),
      handlers: all.flatMap((element) => [...element.attributes].filter((attribute) => attribute.name.startsWith('on')).map((attribute) => attribute.name)),
      badUrls: all.flatMap((element) => ['href', 'src', 'action', 'data'].map((name) => element.getAttribute(name) ?? '').filter((value) => /script:|^data:text/i.test(value.replace(/\s/g, '')))),
      styles: all.map((element) => element.getAttribute('style') ?? '').filter((style) => /url\(/i.test(style)),
      ids: all.filter((element) => element.id || element.getAttribute('name')).map((element) => element.id || element.getAttribute('name')),
      inputs: all.filter((element) => element.localName === 'input' && element.getAttribute('type') !== 'checkbox').length,
    };
  });
  assert.deepEqual(report, { pwned: null, forbidden: [], handlers: [], badUrls: [], styles: [], ids: [], inputs: 0 });
  // No `position: fixed` overlay, no <base> redirecting the app's relative links.
  assert.equal(await page.locator('.text-panel [style*="fixed"]').count(), 0);
  assert.equal(await page.locator('base[href*="script"]').count(), 0);
  // The harmless parts stay.
  assert.equal(await html.locator('b', { hasText: 'bold' }).count(), 1);
  assert.equal(await html.locator('a[href="https://grafana.com"][rel="noopener noreferrer"]').count(), 1);
  assert.equal(await html.getByText('kept paragraph').count(), 1);
  assert.equal(await markdown.locator('details summary', { hasText: 'More' }).count(), 1);
  assert.equal(await markdown.locator('em', { hasText: 'inline' }).count(), 1);
  // Code mode: line numbers and the text as is.
  const code = panel('Code');
  assert.equal(await code.locator('.text-panel__line-number').count(), 5);
  assert.match(await code.innerText(), /alert: HighLatency/);
  await shot('hostile');
  assert.deepEqual(pageErrors, []);
});
