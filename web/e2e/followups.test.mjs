// Browser tests of the issue 6 follow-ups against a real `sightline server`: a dashboard in
// Asia/Kolkata (UTC+05:30) viewed from a browser in UTC draws its time axis on Kolkata's whole
// hours and writes the tooltip, annotation card, table and log times in Kolkata; the
// dashboard's annotations are requested once per query on load; the text panel fills in
// variables, and a variable's markup still goes through the sanitiser.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { addTestDataSource, closeBrowserAndServer, fixture, launchChromium, openPage, resultFile, signInSkippingIfOffered } from './browser.mjs';
import { startServer } from './server.mjs';

const dashboard = fixture('followups-kolkata.json');

// The fixture's range and data: 2024-03-05 23:30 UTC is 2024-03-06 05:00 in Kolkata.
const FROM = Number(dashboard.time.from);
const TO = Number(dashboard.time.to);
const POINT = Date.UTC(2024, 2, 5, 23, 30);

/** @type {Awaited<ReturnType<typeof startServer>>} */
let server;
/** @type {import('playwright-core').Browser} */
let browser;
/** @type {import('playwright-core').Page} */
let page;
/** @type {Error[]} */
let pageErrors;
/** Every `/api/annotations` URL the page asked for, in order. @type {string[]} */
const annotationRequests = [];

before(async () => {
  server = await startServer();
  await addTestDataSource(server);
  await server.api('POST', '/api/dashboards/db', { dashboard });
  await server.api('POST', '/api/annotations', { dashboardUID: dashboard.uid, time: POINT, text: 'Deployed v2', tags: ['release'] });
  browser = await launchChromium();
  // The browser's own zone is UTC, whose whole hours are Kolkata's half hours.
  ({ page, pageErrors } = await openPage(browser, { height: 1000, timezoneId: 'UTC' }));
  page.on('request', (request) => {
    if (request.url().includes('/api/annotations?')) annotationRequests.push(request.url());
  });
  await signInSkippingIfOffered(page, server);
  await page.goto(`${server.url}/d/${dashboard.uid}`);
  await page.waitForFunction(() => {
    const panels = [...document.querySelectorAll('section.panel')];
    return panels.length === 4 && panels.every((panel) => panel.getAttribute('data-state') === 'done');
  });
  await page.locator('section.panel[aria-label="Kolkata series"] .uplot[data-x-ticks]').waitFor();
  await page.locator('section.panel[aria-label="Kolkata series"] [data-testid="annotation-marker"]').first().waitFor();
});

after(() => closeBrowserAndServer(browser, server));

/** @param {string} title */
const panel = (title) => page.locator(`section.panel[aria-label="${title}"]`);

test('the time axis ticks land on the dashboard zone\'s whole hours', async () => {
  const labels = ((await panel('Kolkata series').locator('.uplot').getAttribute('data-x-ticks')) ?? '').split('|');
  assert.ok(labels.length >= 3, `several ticks: ${labels.join(', ')}`);
  for (const label of labels) assert.match(label, /^(\d{2}:00|\d{2}\/\d{2})$/, `a whole Kolkata hour (or a day): ${labels.join(', ')}`);
  // The range starts at 00:30 Kolkata; the first whole hour after it is on the axis.
  assert.ok(labels.includes('01:00') || labels.includes('02:00') || labels.includes('03:00'), labels.join(', '));
});

test('the tooltip and the annotation card write times in the zone', async () => {
  const over = panel('Kolkata series').locator('.u-over');
  const box = await over.boundingBox();
  assert.ok(box);
  const x = box.x + ((POINT - FROM) / (TO - FROM)) * box.width;
  await page.mouse.move(x, box.y + box.height / 2);
  const tooltip = page.locator('.chart-tooltip');
  await tooltip.waitFor({ state: 'visible' });
  assert.equal(await tooltip.locator('.chart-tooltip__time').textContent(), '2024-03-06 05:00:00');
  await page.screenshot({ path: resultFile('followups-01-tooltip.png'), clip: { x: box.x - 20, y: box.y - 40, width: box.width + 40, height: box.height + 120 } });
  await page.mouse.move(0, 0);

  await panel('Kolkata series').locator('[data-testid="annotation-marker"][aria-label="Deployed v2"]').hover();
  const card = page.locator('.annotation-card');
  await card.waitFor({ state: 'visible' });
  assert.equal(await card.locator('.annotation-card__time').textContent(), '2024-03-06 05:00:00');
  await page.mouse.move(0, 0);
});

test('table time cells and log times are in the zone', async () => {
  await assert.doesNotReject(panel('Kolkata table').getByText('2024-03-06 05:00:00', { exact: true }).waitFor());
  assert.equal(await panel('Kolkata logs').locator('.logs__time').first().textContent(), '2024-03-06 05:00:00.042');
});

test('the annotations are requested once per query on load', async () => {
  // The built-in query and the tag query (with `$env` filled in), each once.
  const distinct = new Set(annotationRequests);
  assert.equal(annotationRequests.length, distinct.size, `no URL twice: ${annotationRequests.join('\n')}`);
  assert.equal(distinct.size, 2, annotationRequests.join('\n'));
  assert.ok(annotationRequests.some((url) => url.includes(`dashboardUID=${dashboard.uid}`)));
  assert.ok(annotationRequests.some((url) => url.includes('tags=deploy-prod')), 'the tag query asks with the variable filled in');
});

test('the text panel fills in variables and sanitises what they insert', async () => {
  const text = panel('Notes for prod').getByTestId('text-panel');
  await text.waitFor();
  assert.equal(await text.locator('strong').textContent(), 'prod');
  assert.equal(await text.locator('em').textContent(), 'Follow-ups in Kolkata');
  assert.match((await text.textContent()) ?? '', /Zone: Asia\/Kolkata/);
  assert.equal(await text.getByRole('link', { name: 'Runbook' }).getAttribute('href'), 'https://wiki.example/runbooks/prod');
  // The text box's value is markup with a handler: the image stays, the handler does not.
  const image = text.locator('img');
  assert.equal(await image.count(), 1);
  assert.equal(await image.getAttribute('onerror'), null);
  assert.equal(await page.evaluate(() => /** @type {any} */ (window).__pwned), undefined);
  await page.screenshot({ path: resultFile('followups-02-dashboard.png'), fullPage: true });
  assert.deepEqual(pageErrors, []);
});
