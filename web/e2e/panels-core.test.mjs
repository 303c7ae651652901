// Browser tests of the core panels (time series, stat, gauge, bar gauge) against a real
// `sightline server` with TestData: two dashboards exercise stacking, log axes, threshold
// areas, legend tables with calcs, overrides, gauges, bar gauges in every display mode and
// the stat text modes. Each panel must paint (a canvas with pixels, or its values) and none
// may fail. Screenshots go to web/test-results/panels-core-*.png, in both themes.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { addTestDataSource, closeBrowserAndServer, fixture, launchChromium, openPage, paintedPixels, panelsSettled, screenshot, signInSkippingIfOffered } from './browser.mjs';
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
  await addTestDataSource(server);
  await server.api('POST', '/api/dashboards/db', { dashboard: fixture('panels-core-timeseries.json') });
  await server.api('POST', '/api/dashboards/db', { dashboard: fixture('panels-core-values.json') });
  browser = await launchChromium();
  ({ page, pageErrors } = await openPage(browser, { height: 1000 }));
  await signInSkippingIfOffered(page, server);
});

after(() => closeBrowserAndServer(browser, server));

/**
 * Opens a dashboard and waits until every panel has finished loading.
 * @param {string} uid
 */
async function open(uid) {
  await page.goto(`${server.url}/d/${uid}`);
  await panelsSettled(page);
  // Charts are made once their box has a size; wait until each has drawn.
  await page.waitForFunction(() =>
    [...document.querySelectorAll('section.panel[data-panel-type="timeseries"]')].every((section) => section.querySelector('.uplot[data-y-ticks]')),
  );
}

const shot = (/** @type {string} */ name) => screenshot(page, `panels-core-${name}`);

/**
 * A panel's section by its title.
 * @param {string} title
 */
function panel(title) {
  return page.locator(`section.panel[aria-label="${title}"]`);
}

/**
 * How many pixels of the panel's canvases are not transparent.
 * @param {string} title
 */
async function paintedIn(title) {
  return paintedPixels(panel(title).locator('canvas'));
}

/**
 * The y axes' tick labels as the chart last drew them.
 * @param {string} title
 * @returns {Promise<string[][]>}
 */
async function yTicks(title) {
  const attribute = (await panel(title).locator('.uplot').getAttribute('data-y-ticks')) ?? '';
  return attribute.split(';').map((axis) => (axis ? axis.split('|') : []));
}

/**
 * Distinct colours (rgb) of the panel's canvas pixels, to tell areas and stacks apart.
 * @param {string} title
 */
async function canvasColours(title) {
  return panel(title).evaluate((section) => {
    const colours = new Set();
    for (const canvas of section.querySelectorAll('canvas')) {
      const context = canvas.getContext('2d');
      if (!context) continue;
      const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
      for (let index = 0; index < data.length; index += 16) if ((data[index + 3] ?? 0) > 200) colours.add(`${(data[index] ?? 0) >> 4},${(data[index + 1] ?? 0) >> 4},${(data[index + 2] ?? 0) >> 4}`);
    }
    return colours.size;
  });
}

test('time series panels paint stacks, log axes, thresholds, legends and overrides', async () => {
  await open('panels-core-timeseries');
  const titles = [
    'Stacked bars',
    'Percent stacked, smooth',
    'Log axis with threshold areas',
    'Legend table with calcs',
    'Steps, dashed thresholds, scheme gradient',
    'Gaps, points and soft limits',
    'In and out, stacked both ways',
    'Continuous colours by value',
  ];
  for (const title of titles) {
    assert.equal(await panel(title).getAttribute('data-state'), 'done', `${title} finished without error`);
    assert.ok((await paintedIn(title)) > 2000, `${title} painted its canvas`);
  }
  assert.equal(await page.locator('section.panel[data-state="error"]').count(), 0);

  // Stacked bars: three series drawn, a legend entry each.
  const stacked = panel('Stacked bars');
  assert.equal(await stacked.locator('.legend__item').count(), 3);
  assert.ok((await canvasColours('Stacked bars')) >= 3, 'three stacked colours');
  // A legend click shows only that series; a ctrl-click then adds another back.
  const before = await paintedIn('Stacked bars');
  await stacked.locator('.legend__item', { hasText: 'web-0' }).click();
  assert.equal(await stacked.locator('.legend__item.is-hidden').count(), 2);
  assert.ok((await paintedIn('Stacked bars')) < before, 'fewer bars painted');
  await stacked.locator('.legend__item', { hasText: 'web-1' }).click({ modifiers: ['Control'] });
  assert.equal(await stacked.locator('.legend__item.is-hidden').count(), 1);
  await stacked.locator('.legend__item', { hasText: 'web-2' }).click({ modifiers: ['Control'] });
  assert.equal(await stacked.locator('.legend__item.is-hidden').count(), 0);

  // Percent stacking puts its axis at 0–100%.
  const percentAxis = await yTicks('Percent stacked, smooth');
  assert.deepEqual(percentAxis[0], ['0%', '20%', '40%', '60%', '80%', '100%']);

  // The log axis labels only the powers of ten.
  const logAxis = await yTicks('Log axis with threshold areas');
  assert.deepEqual(logAxis[0], ['1', '10', '100', '1 K', '10 K']);

  // The legend table: a header per calc and values through unit, decimals and overrides.
  const table = panel('Legend table with calcs').locator('.legend--table');
  assert.deepEqual(await table.locator('th').allInnerTexts(), ['Name', 'Min', 'Max', 'Mean', 'Last *', 'Total']);
  const rows = await table.locator('tbody tr').allInnerTexts();
  assert.equal(rows.length, 3);
  assert.match(rows[0] ?? '', /inbound[\s\S]*10\.0 B\/s[\s\S]*25\.0 B\/s/);
  assert.match(rows[2] ?? '', /latency\s+\(right y-axis\)[\s\S]*300\.0 ms[\s\S]*360\.0 ms/);
  const swatches = await table.locator('.legend__swatch').evaluateAll((elements) => elements.map((element) => getComputedStyle(element).backgroundColor));
  assert.equal(swatches[0], 'rgb(115, 191, 105)', 'byFrameRefID override colours inbound green');
  assert.equal(swatches[1], 'rgb(184, 119, 217)', 'byName override colours outbound purple');
  // The right axis carries the latency unit.
  const axes = await yTicks('Legend table with calcs');
  assert.equal(axes.length, 2, 'a left and a right axis');
  assert.ok(axes[0]?.every((label) => label.endsWith('B/s')), `left axis in B/s: ${axes[0]}`);
  assert.ok(axes[1]?.every((label) => label.endsWith(' ms')), `right axis in ms: ${axes[1]}`);
  // Negative-Y series stack downwards; the axis is centred on zero.
  const centred = (await yTicks('In and out, stacked both ways'))[0] ?? [];
  assert.equal(centred[0]?.replace('-', ''), centred.at(-1), `centred axis: ${centred}`);
  // The soft max reaches 20 though the data stays under 10.
  assert.equal((await yTicks('Gaps, points and soft limits'))[0]?.at(-1), '20');

  // Hovering shows the tooltip with every series (multi mode).
  const chart = panel('Legend table with calcs').locator('.u-over');
  const box = await chart.boundingBox();
  assert.ok(box);
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
  const tooltip = page.locator('.chart-tooltip:visible');
  await tooltip.waitFor({ state: 'visible' });
  assert.equal(await tooltip.locator('.chart-tooltip__row').count(), 3);
  await page.mouse.move(0, 0);

  await shot('timeseries-dark');
  assert.deepEqual(pageErrors, []);
});

test('gauges, bar gauges and stats show their values, colours and modes', async () => {
  await open('panels-core-values');
  assert.equal(await page.locator('section.panel[data-state="error"]').count(), 0);

  // A single gauge: its value, coloured by threshold, with markers and labels.
  const single = panel('Gauge with threshold labels');
  assert.equal(await single.getByTestId('gauge-value').textContent(), '72%');
  assert.equal(await single.getByTestId('gauge-value').getAttribute('fill'), '#FF9830');
  assert.equal(await single.getByTestId('gauge-marker').count(), 3);
  assert.deepEqual(await single.locator('.gauge__label').allTextContents(), ['0%', '60%', '85%', '100%']);
  assert.ok(await single.getByTestId('gauge-value-arc').count());

  // Four gauges in a grid; percentage thresholds over the shared data range (100–900 ms).
  const grid = panel('Gauges in a grid (auto min/max, percentage thresholds)');
  assert.equal(await grid.getByTestId('gauge').count(), 4);
  assert.deepEqual(await grid.getByTestId('gauge-value').allTextContents(), ['250 ms', '480 ms', '900 ms', '640 ms']);
  assert.deepEqual(await grid.getByTestId('gauge-value').evaluateAll((elements) => elements.map((element) => element.getAttribute('fill'))), ['#73BF69', '#73BF69', '#F2495C', '#FADE2A']);
  const positions = await grid.getByTestId('gauge').evaluateAll((elements) => elements.map((element) => element.getBoundingClientRect().top));
  assert.ok(new Set(positions.map(Math.round)).size >= 1);

  // Bar gauges: every mode renders its bars and values.
  const basic = panel('Bar gauge basic');
  assert.deepEqual(await basic.getByTestId('bargauge-value').allTextContents(), ['30%', '68%', '93%']);
  assert.equal(await basic.locator('[data-mode="basic"]').count(), 3);
  const gradient = panel('Bar gauge gradient, vertical');
  assert.equal(await gradient.locator('.bargauge__item--vertical').count(), 4);
  assert.match(await gradient.locator('.bargauge__fill').first().evaluate((element) => getComputedStyle(element).backgroundImage), /linear-gradient/);
  const lcd = panel('Bar gauge LCD, no unfilled');
  assert.deepEqual(await lcd.getByTestId('bargauge-value').allTextContents(), ['3.2', '6.1', '8.7']);
  assert.ok((await lcd.locator('.bargauge__cell').count()) > 15, 'lcd cells drawn');

  // Stats: mappings with colours, text modes.
  const background = panel('Stat value_and_name, background');
  assert.deepEqual(await background.getByTestId('stat-value').allTextContents(), ['UP', 'DOWN', '17']);
  assert.deepEqual(await background.getByTestId('stat-name').allTextContents(), ['api', 'worker', 'queue']);
  assert.equal(await panel('Stat value with sparkline').getByTestId('stat-value').textContent(), '41');
  assert.equal(await panel('Stat value with sparkline').locator('.stat__sparkline').count(), 1);
  assert.equal((await panel('Stat value with sparkline').getByTestId('stat-change').textContent())?.trim(), '↑ 242%');
  assert.equal(await panel('Stat name only').getByTestId('stat-value').count(), 0);
  assert.equal(await panel('Stat name only').getByTestId('stat-name').textContent(), 'primary-db');
  const none = panel('Stat none (colour only)');
  assert.equal(await none.getByTestId('stat-value').count(), 0);
  assert.match(await none.getByTestId('stat-cell').evaluate((element) => getComputedStyle(element).backgroundImage), /linear-gradient/);
  const slow = panel('Stat auto, range mapping').getByTestId('stat-value');
  assert.equal(await slow.textContent(), 'Slow');
  assert.equal(await slow.evaluate((element) => getComputedStyle(element).color), 'rgb(255, 152, 48)');

  await shot('values-dark');
  assert.deepEqual(pageErrors, []);
});

test('the light theme repaints the panels in its colours', async () => {
  await page.evaluate(() => localStorage.setItem('sightline.theme', 'light'));
  await open('panels-core-timeseries');
  assert.ok((await paintedIn('Stacked bars')) > 2000);
  await shot('timeseries-light');
  await open('panels-core-values');
  await shot('values-light');
  await page.evaluate(() => localStorage.setItem('sightline.theme', 'dark'));
  assert.deepEqual(pageErrors, []);
});
