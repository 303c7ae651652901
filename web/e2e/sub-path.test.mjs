// The UI under a sub path (`[server] root_url = http://host/grafana/`, serve_from_sub_path):
// assets, API calls and client-side routes all stay under /grafana.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { closeBrowserAndServer, launchChromium, submitLoginForm } from './browser.mjs';
import { startServer } from './server.mjs';

/** @type {Awaited<ReturnType<typeof startServer>>} */
let server;
/** @type {import('playwright-core').Browser} */
let browser;

before(async () => {
  server = await startServer({ subPath: '/grafana' });
  await server.api('POST', '/api/dashboards/db', { dashboard: { uid: 'sub', title: 'Under a sub path', panels: [] } });
  browser = await launchChromium();
});

after(() => closeBrowserAndServer(browser, server));

test('logs in, browses and opens a dashboard under /grafana', async () => {
  const page = await browser.newPage();
  /** @type {string[]} */
  const outside = [];
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (!path.startsWith('/grafana/')) outside.push(path);
  });
  await page.goto(`${server.url}/`);
  await page.waitForURL(/\/grafana\/login/);
  await submitLoginForm(page);
  await page.getByRole('button', { name: 'Skip' }).click();
  await page.waitForURL(/\/grafana\/dashboards$/);
  const link = page.getByRole('link', { name: 'Under a sub path' });
  assert.equal(await link.getAttribute('href'), '/grafana/d/sub/under-a-sub-path');
  await link.click();
  await page.getByRole('heading', { name: 'Under a sub path', level: 1 }).waitFor();
  assert.deepEqual(outside, [], 'every request stays under the sub path');
});
