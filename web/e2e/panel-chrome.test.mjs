// Browser tests of what surrounds a panel, against a real `sightline server` (SQLite,
// TestData): the panel menu, full-screen view (`viewPanel`, Escape), the inspect drawer
// (data, query, JSON), share links, the chrome-less `/d-solo/` page, kiosk mode, and
// annotations (built-in, by tag, from a data source) drawn on a time series with a hover card.
// Screenshots go to web/test-results/panel-chrome-*.png.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { addTestDataSource, closeBrowserAndServer, fixture, launchChromium, openPage, panelsSettled, screenshot, signInThroughApi } from './browser.mjs';
import { startServer } from './server.mjs';

// The fixture's fixed range, so the annotations made below fall inside it.
const FROM = Date.UTC(2026, 0, 5, 0, 0, 0);
const TO = Date.UTC(2026, 0, 5, 6, 0, 0);
const HOUR = 3_600_000;
const RANGE = `from=${FROM}&to=${TO}`;

/** @type {Awaited<ReturnType<typeof startServer>>} */
let server;
/** @type {import('playwright-core').Browser} */
let browser;
/** @type {import('playwright-core').Page} */
let page;
/** @type {Error[]} */
let pageErrors;

const shot = (/** @type {string} */ name) => screenshot(page, `panel-chrome-${name}`, { fullPage: false });

before(async () => {
  server = await startServer();
  await addTestDataSource(server);
  await server.api('POST', '/api/dashboards/db', { dashboard: fixture('panel-chrome-dashboard.json') });
  await server.api('POST', '/api/dashboards/db', { dashboard: { uid: 'gateway', title: 'Gateway', panels: [] } });
  // A moment on the dashboard, a region on panel 1 only, and an org-wide one found by tag.
  await server.api('POST', '/api/annotations', { dashboardUID: 'panel-chrome', time: FROM + HOUR, text: 'Deployed v2.3.1', tags: ['release'] });
  await server.api('POST', '/api/annotations', { dashboardUID: 'panel-chrome', panelId: 1, time: FROM + 3 * HOUR, timeEnd: FROM + 4 * HOUR, text: 'Maintenance window', tags: ['maintenance'] });
  await server.api('POST', '/api/annotations', { time: FROM + 5 * HOUR, text: 'Org-wide deploy of the gateway', tags: ['deploy', 'gateway'] });

  browser = await launchChromium();
  ({ page, pageErrors } = await openPage(browser));
  const login = await signInThroughApi(page, server);
  assert.ok(login.ok(), `login: ${login.status()}`);
});

after(() => closeBrowserAndServer(browser, server));

async function openDashboard(search = RANGE) {
  await page.goto(`${server.url}/d/panel-chrome?${search}`);
  await page.locator('section.panel').first().waitFor();
  await panelsSettled(page);
}

/** @param {string} title */
async function openMenu(title) {
  const panel = page.getByRole('region', { name: title });
  await panel.hover();
  await panel.getByRole('button', { name: `Menu for panel ${title}` }).click();
  return page.getByRole('menu', { name: 'Panel menu' });
}

test('the panel menu opens from the header and lists view, share and inspect', async () => {
  await openDashboard();
  const menu = await openMenu('Requests');
  for (const item of ['View', 'Share', 'Inspect']) await menu.getByRole('menuitem', { name: new RegExp(`^${item}`) }).waitFor();
  await menu.getByRole('menuitem', { name: /^Inspect/ }).hover();
  await page.getByRole('menu', { name: 'Inspect' }).getByRole('menuitem', { name: 'Panel JSON' }).waitFor();
  await shot('01-menu');
  await page.keyboard.press('Escape');
  await page.getByRole('menu', { name: 'Panel menu' }).waitFor({ state: 'detached' });
  // Escape closed the menu only: the dashboard is still the whole dashboard.
  assert.ok(!page.url().includes('viewPanel'));

  // The keyboard: the first item has the focus, arrows move, right opens Inspect's submenu.
  await openMenu('Requests');
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Share');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Data');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await page.waitForURL(/inspect=1&inspectTab=query/);
  await page.getByRole('dialog', { name: 'Inspect: Requests' }).getByLabel('Query stats').waitFor();
  await page.keyboard.press('Escape');
  await page.waitForURL((url) => !url.search.includes('inspect'));

  // Panel links: a dropdown with the time range filled in.
  await page.getByRole('region', { name: 'Requests' }).getByRole('button', { name: 'Panel links' }).click();
  const runbook = page.getByRole('menuitem', { name: 'Runbook' });
  assert.equal(await runbook.getAttribute('href'), `https://runbooks.example.com/requests?${RANGE}`);
  assert.equal(await runbook.getAttribute('target'), '_blank');
  assert.equal(await page.getByRole('menuitem', { name: 'Gateway dashboard' }).getAttribute('href'), `/d/gateway?${RANGE}`);
  await page.keyboard.press('Escape');
});

test('view shows one panel full screen, in the URL; Escape returns to the dashboard', async () => {
  const menu = await openMenu('Latency');
  await menu.getByRole('menuitem', { name: /^View/ }).click();
  await page.waitForURL(/viewPanel=3/);
  await page.waitForFunction(() => document.querySelectorAll('section.panel').length === 1);
  const box = await page.getByRole('region', { name: 'Latency' }).boundingBox();
  assert.ok(box && box.height > 600, `the viewed panel fills the page (height ${box?.height})`);
  await page.getByRole('region', { name: 'Latency' }).locator('canvas').waitFor();
  await shot('02-view');
  // The header's way back, then Escape.
  await page.getByRole('button', { name: 'Back to dashboard' }).click();
  await page.waitForURL((url) => !url.search.includes('viewPanel'));
  await page.goBack();
  await page.waitForURL(/viewPanel=3/);
  await page.keyboard.press('Escape');
  await page.waitForURL((url) => !url.search.includes('viewPanel'));
  await page.waitForFunction(() => document.querySelectorAll('section.panel').length === 3);

  // The `v` shortcut over a panel does the same.
  await page.getByRole('region', { name: 'Errors' }).hover();
  await page.keyboard.press('v');
  await page.waitForURL(/viewPanel=2/);
  await page.keyboard.press('Escape');
  await page.waitForURL((url) => !url.search.includes('viewPanel'));
  await panelsSettled(page);
});

test('inspect shows the data as a table, the query with its stats, and the panel JSON', async () => {
  const menu = await openMenu('Latency');
  await menu.getByRole('menuitem', { name: /^Inspect/ }).hover();
  await page.getByRole('menu', { name: 'Inspect' }).getByRole('menuitem', { name: 'Data' }).click();
  await page.waitForURL(/inspect=3/);
  const drawer = page.getByRole('dialog', { name: 'Inspect: Latency' });
  await drawer.waitFor();
  const table = drawer.getByTestId('inspect-table');
  await table.locator('tbody tr').first().waitFor();
  assert.equal(await table.locator('tbody tr').count(), 6, 'one row per CSV value');
  assert.deepEqual(await table.locator('thead th').allInnerTexts(), ['time', 'p50']);
  // Two queries, two frames: the selector switches between them.
  await drawer.getByLabel('Frame').selectOption({ index: 1 });
  assert.deepEqual(await table.locator('thead th').allInnerTexts(), ['time', 'p95']);
  // Formatted with the panel's unit, or as the data source sent it.
  assert.equal(await table.locator('tbody tr').first().locator('td').nth(1).innerText(), '300 ms');
  await drawer.getByLabel('Formatted data').uncheck();
  assert.equal(await table.locator('tbody tr').first().locator('td').nth(1).innerText(), '300');
  assert.match(await table.locator('tbody tr').first().locator('td').nth(0).innerText(), /^\d{13}$/);
  await drawer.getByLabel('Formatted data').check();
  // Both frames on one time column.
  await drawer.getByLabel('Series joined by time').check();
  assert.deepEqual(await table.locator('thead th').allInnerTexts(), ['Time', 'p50', 'p95']);
  assert.equal(await table.locator('tbody tr').count(), 6);
  await drawer.getByLabel('Series joined by time').uncheck();
  await shot('03-inspect-data');

  const [download] = await Promise.all([page.waitForEvent('download'), drawer.getByRole('button', { name: 'Download CSV' }).click()]);
  assert.match(download.suggestedFilename(), /^Latency-data-.*\.csv$/);

  await drawer.getByRole('tab', { name: 'Query' }).click();
  await page.waitForURL(/inspectTab=query/);
  const stats = drawer.getByLabel('Query stats');
  await stats.waitFor();
  assert.match(await stats.innerText(), /Data frames\s+2/);
  assert.match(await stats.innerText(), /Rows\s+12/);
  assert.match(await stats.innerText(), /Total request time\s+\d+ ms/);
  const request = await drawer.getByLabel('Request', { exact: true }).innerText();
  assert.match(request, /"scenarioId": "csv_metric_values"/);
  assert.match(request, new RegExp(`"from": "${FROM}"`));
  assert.match(await drawer.getByLabel('Response', { exact: true }).innerText(), /"results"/);
  await shot('04-inspect-query');

  await drawer.getByRole('tab', { name: 'Panel JSON' }).click();
  assert.match(await drawer.getByLabel('Panel JSON', { exact: true }).innerText(), /"title": "Latency"/);
  await page.keyboard.press('Escape');
  await page.waitForURL((url) => !url.search.includes('inspect'));
  await drawer.waitFor({ state: 'detached' });

  // `i` over a panel opens its data.
  await page.getByRole('region', { name: 'Errors' }).hover();
  await page.keyboard.press('i');
  await page.getByRole('dialog', { name: 'Inspect: Errors' }).getByTestId('inspect-table').waitFor();
  await page.getByRole('button', { name: 'Close inspector' }).click();
  await page.waitForURL((url) => !url.search.includes('inspect'));
});

test('share makes a link with the time range (locked or not) and the variables', async () => {
  await openDashboard('from=now-6h&to=now&var-env=prod');
  const menu = await openMenu('Requests');
  await menu.getByRole('menuitem', { name: 'Share' }).click();
  const dialog = page.getByRole('dialog', { name: 'Share panel Requests' });
  await dialog.waitFor();
  const locked = new URL(await dialog.getByLabel('Link URL').inputValue());
  assert.equal(locked.pathname, '/d/panel-chrome/panel-chrome');
  assert.match(locked.searchParams.get('from') ?? '', /^\d{13}$/);
  assert.match(locked.searchParams.get('to') ?? '', /^\d{13}$/);
  assert.ok(Number(locked.searchParams.get('to')) - Number(locked.searchParams.get('from')) === 6 * HOUR);
  assert.equal(locked.searchParams.get('var-env'), 'prod');
  assert.equal(locked.searchParams.get('viewPanel'), '1');
  await page.waitForTimeout(250); // the dialog's fade-in
  await shot('05-share');

  await dialog.getByLabel('Lock time range').uncheck();
  const relative = new URL(await dialog.getByLabel('Link URL').inputValue());
  assert.equal(relative.searchParams.get('from'), 'now-6h');
  assert.equal(relative.searchParams.get('to'), 'now');
  await dialog.getByRole('button', { name: 'Copy' }).click();
  await dialog.getByRole('button', { name: 'Copied' }).waitFor();

  await dialog.getByRole('tab', { name: 'Embed' }).click();
  const html = await dialog.getByLabel('Embed HTML').inputValue();
  assert.match(html, /^<iframe src="http:\/\/127\.0\.0\.1:\d+\/d-solo\/panel-chrome\/panel-chrome\?from=now-6h&amp;to=now&amp;var-env=prod&amp;panelId=1"/);
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
});

test('/d-solo renders the one panel without any chrome', async () => {
  await page.goto(`${server.url}/d-solo/panel-chrome/panel-chrome?panelId=1&${RANGE}`);
  await panelsSettled(page);
  assert.equal(await page.locator('section.panel').count(), 1);
  await page.getByRole('region', { name: 'Requests' }).locator('canvas').waitFor();
  assert.equal(await page.locator('nav[aria-label="Main"]').count(), 0, 'no navigation');
  assert.equal(await page.locator('.top-bar').count(), 0, 'no top bar');
  assert.equal(await page.locator('.dashboard-toolbar').count(), 0, 'no toolbar');
  assert.equal(await page.getByRole('button', { name: /Menu for panel/ }).count(), 0, 'no panel menu');
  const box = await page.getByRole('region', { name: 'Requests' }).boundingBox();
  assert.ok(box && box.width >= 1400 && box.height >= 850, 'the panel fills the window');
  await page.getByRole('region', { name: 'Requests' }).getByTestId('annotation-marker').first().waitFor();
  await shot('06-solo');

  await page.goto(`${server.url}/d-solo/panel-chrome/panel-chrome?panelId=42&${RANGE}`);
  await page.getByRole('alert').getByText('Panel 42 not found').waitFor();
});

test('kiosk mode hides the navigation and toolbar; Escape leaves it', async () => {
  await openDashboard(`${RANGE}&kiosk`);
  assert.equal(await page.locator('.top-bar').count(), 0, 'no top bar');
  assert.equal(await page.locator('nav[aria-label="Main"]:visible').count(), 0, 'no navigation');
  assert.equal(await page.locator('.dashboard-toolbar:visible').count(), 0, 'no toolbar');
  await shot('07-kiosk');
  await page.keyboard.press('Escape');
  await page.waitForURL((url) => !url.search.includes('kiosk'));
  await page.locator('.top-bar').waitFor();
  await page.locator('.dashboard-toolbar').waitFor();

  // TV mode keeps the dashboard's own toolbar.
  await openDashboard(`${RANGE}&kiosk=tv`);
  assert.equal(await page.locator('.top-bar').count(), 0, 'no top bar');
  await page.locator('.dashboard-toolbar').waitFor();
  await page.keyboard.press('Escape');
  await page.waitForURL((url) => !url.search.includes('kiosk'));

  // The toolbar's button goes back in.
  await page.getByRole('button', { name: 'Kiosk mode' }).click();
  await page.waitForURL(/kiosk/);
  await page.locator('.top-bar').waitFor({ state: 'detached' });
  await page.keyboard.press('Escape');
  await page.locator('.top-bar').waitFor();
});

test('annotations are drawn as markers with a hover card, and can be switched off', async () => {
  /** @type {string[]} */
  const annotationRequests = [];
  page.on('request', (request) => {
    if (request.url().includes('/api/annotations?')) annotationRequests.push(request.url());
  });
  await openDashboard();
  const requests = page.getByRole('region', { name: 'Requests' });
  const markers = requests.getByTestId('annotation-marker');
  // The dashboard's moment and region, the tagged org annotation and the CSV incident.
  await page.waitForFunction(() => document.querySelectorAll('section[aria-label="Requests"] [data-testid="annotation-marker"]').length === 4);
  assert.equal(await requests.locator('.chart-annotation--region').count(), 1);
  // The region belongs to panel 1: the Latency panel has the other three only.
  await page.waitForFunction(() => document.querySelectorAll('section[aria-label="Latency"] [data-testid="annotation-marker"]').length === 3);
  assert.ok(annotationRequests.some((url) => url.includes('dashboardUID=panel-chrome')), 'the built-in query asks for this dashboard');
  assert.ok(annotationRequests.some((url) => url.includes('tags=deploy') && url.includes('matchAny=true')), 'the tag query asks by tag');

  assert.equal(await markers.count(), 4);
  const deploy = requests.locator('[data-testid="annotation-marker"][aria-label="Deployed v2.3.1"]');
  await deploy.hover();
  const card = page.locator('.annotation-card');
  await card.waitFor({ state: 'visible' });
  assert.match(await card.innerText(), /Deployed v2\.3\.1/);
  assert.match(await card.innerText(), /release/);
  assert.match(await card.innerText(), /admin/);
  await shot('08-annotation-card');

  const incident = requests.locator('[data-testid="annotation-marker"][aria-label="Incident 42: checkout errors"]');
  await incident.hover();
  await page.waitForFunction(() => document.querySelector('.annotation-card')?.textContent?.includes('Incident 42'));
  assert.match(await card.innerText(), /incident/);
  assert.match(await card.innerText(), /sev2/);

  const region = requests.locator('.chart-annotation--region');
  await region.hover();
  await page.waitForFunction(() => document.querySelector('.annotation-card')?.textContent?.includes('Maintenance window'));
  assert.match(await card.innerText(), /–/, 'a region shows its start and end');
  await shot('09-annotation-region');

  // Switching "Deploys" off takes its marker away.
  await page.getByRole('switch', { name: 'Deploys' }).uncheck();
  await page.waitForFunction(() => document.querySelectorAll('section[aria-label="Requests"] [data-testid="annotation-marker"]').length === 3);
  await page.getByRole('switch', { name: 'Deploys' }).check();
  await page.waitForFunction(() => document.querySelectorAll('section[aria-label="Requests"] [data-testid="annotation-marker"]').length === 4);
});

test('the light theme and no page errors', async () => {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.getByRole('button', { name: 'Switch to light theme' }).click();
  await panelsSettled(page);
  const menu = await openMenu('Requests');
  await menu.getByRole('menuitem', { name: /^Inspect/ }).hover();
  await shot('10-light-menu');
  await page.keyboard.press('Escape');
  await page.getByRole('region', { name: 'Requests' }).hover();
  await page.keyboard.press('i');
  await page.getByRole('dialog', { name: 'Inspect: Requests' }).getByTestId('inspect-table').waitFor();
  await page.waitForTimeout(250); // the drawer's slide-in
  await shot('11-light-inspect');
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Switch to dark theme' }).click();
  assert.deepEqual(pageErrors, []);
});
