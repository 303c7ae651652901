// What the browser tests share: headless Chromium (Debian's, see `chromiumPath`), a page that
// records its uncaught errors, signing in as admin/admin, the fixtures, screenshots in
// web/test-results/, and waiting for panels or for a condition to hold.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { chromiumPath } from './server.mjs';

/** @typedef {Awaited<ReturnType<typeof import('./server.mjs').startServer>>} Server */
/** @typedef {import('playwright-core').Browser} Browser */
/** @typedef {import('playwright-core').Page} Page */
/**
 * The body of a `POST /api/ds/query`.
 * @typedef {{ from: string, to: string, queries: Record<string, any>[] }} QueryBody
 */

const here = dirname(fileURLToPath(import.meta.url));
const results = join(here, '../test-results');

/**
 * A dashboard (or any JSON) from `e2e/fixtures/`.
 * @param {string} name
 * @returns {any}
 */
export function fixture(name) {
  return JSON.parse(readFileSync(join(here, 'fixtures', name), 'utf8'));
}

/**
 * The path of `name` in web/test-results/, which is made if missing.
 * @param {string} name
 */
export function resultFile(name) {
  mkdirSync(results, { recursive: true });
  return join(results, name);
}

/**
 * Saves a screenshot as web/test-results/`name`.png: by default the whole page, scrolled to
 * the top first; with `fullPage: false` the viewport as it is.
 * @param {Page} page
 * @param {string} name
 * @param {{ fullPage?: boolean }} [options]
 */
export async function screenshot(page, name, { fullPage = true } = {}) {
  if (fullPage) await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: resultFile(`${name}.png`), fullPage });
}

/**
 * Throws unless the server's binary has the web UI built in.
 * @param {Server} server
 */
export async function requireWebUi(server) {
  const index = await (await fetch(`${server.url}/login`)).text();
  if (!index.includes('public/build/')) {
    throw new Error('this sightline binary has no web UI built in: run `npm run build` in web/, then `cargo build -p sightline`');
  }
}

/**
 * Creates the TestData data source (uid `testdata`, the default) the fixtures query.
 * @param {Server} server
 */
export async function addTestDataSource(server) {
  await server.api('POST', '/api/datasources', { uid: 'testdata', name: 'TestData', type: 'grafana-testdata-datasource', access: 'proxy', isDefault: true });
}

/** Launches headless Chromium from the system. */
export async function launchChromium() {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * A page in a new browser context (a viewport of `width` × `height` at scale 1, and the time
 * zone `timezoneId` if given), with every uncaught error in it collected in `pageErrors`.
 * @param {Browser} browser
 * @param {{ width?: number, height?: number, timezoneId?: string }} [options]
 */
export async function openPage(browser, { width = 1440, height = 900, timezoneId } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1, ...(timezoneId ? { timezoneId } : {}) });
  const page = await context.newPage();
  /** @type {Error[]} */
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error));
  return { context, page, pageErrors };
}

/**
 * Records the body of every `/api/ds/query` the page sends, in order.
 * @param {Page} page
 */
export function recordQueryBodies(page) {
  /** @type {QueryBody[]} */
  const bodies = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && new URL(request.url()).pathname.endsWith('/api/ds/query')) bodies.push(JSON.parse(request.postData() ?? '{}'));
  });
  return bodies;
}

/** Closes the browser, then stops the server (either may not have started). */
export async function closeBrowserAndServer(/** @type {Browser | undefined} */ browser, /** @type {Server | undefined} */ server) {
  await browser?.close();
  await server?.stop();
}

/**
 * Fills the login form on the page as `admin` with `password` and submits it.
 * @param {Page} page
 * @param {string} [password]
 */
export async function submitLoginForm(page, password = 'admin') {
  await page.getByLabel('Email or username').fill('admin');
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

/**
 * Opens the server's login page and signs in as admin/admin, stopping at whatever comes next
 * (on a fresh server, the offer to change the default password).
 * @param {Page} page
 * @param {Server} server
 */
export async function logInAsAdmin(page, server) {
  await page.goto(`${server.url}/login`);
  await submitLoginForm(page);
}

/**
 * Signs in through the form as admin/admin on a fresh server: the first sign-in with the
 * default password offers to change it, and "Skip" goes on, away from the login page.
 * @param {Page} page
 * @param {Server} server
 */
export async function signIn(page, server) {
  await logInAsAdmin(page, server);
  await page.getByRole('button', { name: 'Skip' }).click();
  await page.waitForURL((url) => !url.pathname.endsWith('/login'));
}

/**
 * Signs in through the form as admin/admin and clicks "Skip" if the password change is
 * offered within 5 s; goes on as well once the browse page (or `/`) shows instead.
 * @param {Page} page
 * @param {Server} server
 */
export async function signInSkippingIfOffered(page, server) {
  await logInAsAdmin(page, server);
  const skip = page.getByRole('button', { name: 'Skip' });
  await Promise.race([skip.waitFor({ timeout: 5000 }).then(() => skip.click()), page.waitForURL(/\/dashboards$|\/$/, { timeout: 5000 })]).catch(() => {});
}

/**
 * Signs in as admin/admin through the API (`POST /login`); the page's browser context keeps
 * the session cookie. Returns the response, for the caller to check.
 * @param {Page} page
 * @param {Server} server
 */
export async function signInThroughApi(page, server) {
  return page.request.post(`${server.url}/login`, { data: { user: 'admin', password: 'admin' } });
}

/**
 * Waits until every panel on the page has finished loading (there is one, and none is still
 * `loading`).
 * @param {Page} page
 */
export async function panelsSettled(page) {
  await page.waitForFunction(() => {
    const panels = [...document.querySelectorAll('section.panel')];
    return panels.length > 0 && panels.every((panel) => panel.getAttribute('data-state') !== 'loading');
  });
}

/**
 * How many pixels of the matched canvases are painted (not transparent).
 * @param {import('playwright-core').Locator} canvases
 */
export async function paintedPixels(canvases) {
  return canvases.evaluateAll((elements) => {
    let painted = 0;
    for (const element of elements) {
      const canvas = /** @type {HTMLCanvasElement} */ (element);
      const context = canvas.getContext('2d');
      if (!context || canvas.width === 0 || canvas.height === 0) continue;
      const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
      for (let index = 3; index < data.length; index += 4) if ((data[index] ?? 0) > 0) painted++;
    }
    return painted;
  });
}

/**
 * Polls `condition` every 50 ms, for up to `timeout` ms (10 s unless given); fails the test
 * with `what` when it never holds.
 * @param {() => boolean} condition
 * @param {string} what
 * @param {number} [timeout]
 */
export async function until(condition, what, timeout = 10_000) {
  const deadline = Date.now() + timeout;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out: ${what}`);
    await new Promise((done) => setTimeout(done, 50));
  }
}
