#!/usr/bin/env node
// bench/ui: how fast the web UI shows a big dashboard, and how much JavaScript it loads first.
//
// Starts `sightline server` (SQLite, a temporary home; the binary from --bin, $SIGHTLINE_BIN,
// else target/release, else target/debug), creates a TestData data source, imports a dashboard
// of N random-walk time series panels, then opens it in headless Chromium (Debian's, through
// web/'s playwright-core; never downloaded) several times, each in a fresh browser context
// (cold HTTP cache, signed in through POST /login). Each panel marks `panel-painted:<id>` once
// its body has drawn (PanelView.tsx); the time to the last mark is measured from navigation
// start. The viewport is tall enough for every panel to be on screen, so all of them query
// and draw (--waterfall prints the requests of the first measured run). Then the entry
// page's initial JavaScript: index.html's module script and its modulepreloads, as the
// server sends them (gzip).
import { request } from 'node:http';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../..');
const { chromium } = createRequire(join(repo, 'web/package.json'))('playwright-core');

const { values: args } = parseArgs({
  options: {
    bin: { type: 'string' },
    runs: { type: 'string', default: '7' },
    panels: { type: 'string', default: '50' },
    range: { type: 'string', default: 'now-6h' },
    waterfall: { type: 'boolean', default: false },
  },
});
const runs = Number(args.runs);
const panelCount = Number(args.panels);

const GOAL_PAINT_MS = 1000;
const GOAL_JS_GZIP = 400 * 1024;

function binary() {
  const candidates = [args.bin, process.env.SIGHTLINE_BIN, join(repo, 'target/release/sightline'), join(repo, 'target/debug/sightline')];
  const found = candidates.find((path) => path && existsSync(path));
  if (!found) throw new Error('no sightline binary: build one with `cargo build --release -p sightline` (after `npm run build` in web/) or pass --bin');
  return found;
}

// startServer() reads the binary from $SIGHTLINE_BIN.
process.env.SIGHTLINE_BIN = binary();
const { chromiumPath, startServer } = await import('../../web/e2e/server.mjs');

/** N time series panels, four per row, each one TestData random walk. */
function dashboard() {
  const width = 6;
  const height = 6;
  const panels = Array.from({ length: panelCount }, (_, index) => ({
    id: index + 1,
    type: 'timeseries',
    title: `Random walk ${index + 1}`,
    gridPos: { x: (index % 4) * width, y: Math.floor(index / 4) * height, w: width, h: height },
    datasource: { type: 'grafana-testdata-datasource', uid: 'testdata' },
    targets: [{ refId: 'A', scenarioId: 'random_walk', seriesCount: 1 }],
    fieldConfig: { defaults: { unit: 'short' }, overrides: [] },
    options: { legend: { showLegend: true, displayMode: 'list', placement: 'bottom' }, tooltip: { mode: 'single' } },
  }));
  return { uid: 'bench-ui', title: `Bench: ${panelCount} panels`, time: { from: args.range, to: 'now' }, schemaVersion: 39, panels };
}

/** The bytes the server sends for `url` to a client that accepts gzip, and the unpacked size. */
function transferred(url) {
  return new Promise((done, fail) => {
    const req = request(url, { headers: { 'Accept-Encoding': 'gzip' } }, (response) => {
      let bytes = 0;
      response.on('data', (chunk) => (bytes += chunk.length));
      response.on('end', () => done({ bytes, encoding: response.headers['content-encoding'] ?? 'identity', status: response.statusCode }));
      response.on('error', fail);
    });
    req.on('error', fail);
    req.end();
  });
}

async function initialJavaScript(base) {
  const html = await (await fetch(`${base}/login`)).text();
  const scripts = [...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)].map((match) => match[1]);
  const preloads = [...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map((match) => match[1]);
  const files = [...new Set([...scripts, ...preloads])];
  const sizes = [];
  for (const file of files) {
    const url = new URL(file, `${base}/`).href;
    const gzip = await transferred(url);
    const raw = (await (await fetch(url, { headers: { 'Accept-Encoding': 'identity' } })).arrayBuffer()).byteLength;
    sizes.push({ file, raw, gzip: gzip.bytes, encoding: gzip.encoding });
  }
  return sizes;
}

const percentile = (sorted, fraction) => sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)];
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

const server = await startServer();
const browser = await chromium.launch({
  executablePath: chromiumPath(),
  args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  await server.api('POST', '/api/datasources', { uid: 'testdata', name: 'TestData', type: 'grafana-testdata-datasource', access: 'proxy', isDefault: true });
  await server.api('POST', '/api/dashboards/import', { dashboard: dashboard(), overwrite: true, inputs: [] });
  const rows = Math.ceil(panelCount / 4);
  const viewport = { width: 1600, height: 160 + rows * 6 * 38 };
  console.log(`sightline ${process.env.SIGHTLINE_BIN}`);
  console.log(`${panelCount} time series panels (TestData random walk, ${args.range} to now), viewport ${viewport.width}x${viewport.height}, ${runs} runs, cold cache each\n`);

  const results = [];
  for (let run = 0; run <= runs; run++) {
    const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
    const signIn = await context.request.post(`${server.url}/login`, { data: { user: 'admin', password: 'admin' } });
    if (!signIn.ok()) throw new Error(`login: ${signIn.status()}`);
    const page = await context.newPage();
    await page.goto(`${server.url}/d/bench-ui`, { waitUntil: 'commit' });
    await page.waitForFunction((count) => new Set(performance.getEntriesByType('mark').filter((mark) => mark.name.startsWith('panel-painted:')).map((mark) => mark.name)).size >= count, panelCount, { timeout: 60_000, polling: 20 });
    const measured = await page.evaluate(() => {
      const firstByPanel = new Map();
      for (const mark of performance.getEntriesByType('mark')) {
        if (mark.name.startsWith('panel-painted:') && !firstByPanel.has(mark.name)) firstByPanel.set(mark.name, mark.startTime);
      }
      const painted = [...firstByPanel.values()];
      const navigation = /** @type {PerformanceNavigationTiming} */ (performance.getEntriesByType('navigation')[0]);
      const scripts = performance.getEntriesByType('resource').filter((entry) => entry.name.endsWith('.js'));
      return {
        allPainted: Math.max(...painted),
        firstPainted: Math.min(...painted),
        domContentLoaded: navigation?.domContentLoadedEventEnd ?? 0,
        queries: performance.getEntriesByType('resource').filter((entry) => entry.name.endsWith('/api/ds/query')).length,
        scriptBytes: scripts.reduce((sum, entry) => sum + /** @type {PerformanceResourceTiming} */ (entry).encodedBodySize, 0),
      };
    });
    if (args.waterfall && run === 1) {
      // Where the time went: every request's start and end (ms from navigation start).
      const entries = await page.evaluate(() => performance.getEntriesByType('resource').map((entry) => [entry.name.replace(location.origin, ''), entry.startTime, entry.responseEnd]));
      for (const [name, start, end] of entries) console.log(`           ${start.toFixed(0).padStart(5)} → ${end.toFixed(0).padStart(5)} ms  ${name.slice(0, 90)}`);
    }
    const errors = await page.locator('[data-testid="panel-error"]').count();
    if (errors > 0) throw new Error(`${errors} panels show an error`);
    await context.close();
    // The first run warms the server (and the machine's file cache); it is shown, not counted.
    const label = run === 0 ? 'warm-up' : `run ${run}`;
    console.log(
      `${label.padEnd(8)} all ${panelCount} painted ${measured.allPainted.toFixed(0).padStart(5)} ms   first ${measured.firstPainted.toFixed(0).padStart(5)} ms   DOMContentLoaded ${measured.domContentLoaded.toFixed(0).padStart(4)} ms   ${measured.queries} queries   JS ${kb(measured.scriptBytes)} gzip`,
    );
    if (run > 0) results.push(measured);
  }

  const all = results.map((result) => result.allPainted).sort((a, b) => a - b);
  const first = results.map((result) => result.firstPainted).sort((a, b) => a - b);
  const p50 = percentile(all, 0.5);
  const max = all[all.length - 1];
  console.log(`\nall panels painted: p50 ${p50.toFixed(0)} ms, max ${max.toFixed(0)} ms (goal ≤ ${GOAL_PAINT_MS} ms: ${max <= GOAL_PAINT_MS ? 'met' : p50 <= GOAL_PAINT_MS ? 'met at p50' : 'missed'})`);
  console.log(`first panel painted: p50 ${percentile(first, 0.5).toFixed(0)} ms, max ${first[first.length - 1].toFixed(0)} ms`);
  console.log(`dashboard view JS (all scripts loaded, gzip): ${kb(results[0].scriptBytes)}`);

  const initial = await initialJavaScript(server.url);
  console.log('\ninitial JavaScript of the entry page (index.html module script + modulepreloads):');
  for (const file of initial) console.log(`  ${file.file.padEnd(44)} ${kb(file.raw).padStart(10)} raw ${kb(file.gzip).padStart(10)} ${file.encoding}`);
  const total = initial.reduce((sum, file) => sum + file.gzip, 0);
  const totalRaw = initial.reduce((sum, file) => sum + file.raw, 0);
  console.log(`  total ${kb(totalRaw)} raw, ${kb(total)} gzip (goal ≤ ${kb(GOAL_JS_GZIP)}: ${total <= GOAL_JS_GZIP ? 'met' : 'missed'})`);
} finally {
  await browser.close();
  await server.stop();
}
