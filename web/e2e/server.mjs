// A real `sightline server` for the browser tests: the binary built by cargo, a temporary
// home (SQLite), a free port on 127.0.0.1, and an API client that signs in as admin/admin.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../..');

function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.unref();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
      server.close(() => done(port));
    });
  });
}

/** The sightline binary: $SIGHTLINE_BIN, else cargo's debug build. */
export function sightlineBinary() {
  const binary = process.env.SIGHTLINE_BIN ?? join(repo, 'target/debug/sightline');
  if (!existsSync(binary)) {
    throw new Error(`no sightline binary at ${binary}: build it with \`cargo build -p sightline\` (after \`npm run build\` in web/, so the UI is embedded) or set SIGHTLINE_BIN`);
  }
  return binary;
}

/**
 * Provisioning files for a server, written into its home before it starts.
 * @typedef {object} Provisioning
 * @property {string} [datasources] the text of `<provisioning>/datasources/e2e.yaml`
 * @property {{ file: string, json: Record<string, unknown> }[]} [dashboards] dashboard files
 *   (paths relative to the provider's directory), served by one file provider, `e2e`
 * @property {string} [folder] the provider's folder title; the General folder without it
 */

/**
 * Writes `provisioning` under `<home>/conf/provisioning` (the default `[paths] provisioning`):
 * the data sources file, and a dashboards provider reading `<home>/provisioned-dashboards`.
 * @param {string} home
 * @param {Provisioning} provisioning
 */
function writeProvisioning(home, provisioning) {
  const root = join(home, 'conf/provisioning');
  const write = (/** @type {string} */ path, /** @type {string} */ text) => {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  };
  if (provisioning.datasources) write(join(root, 'datasources/e2e.yaml'), provisioning.datasources);
  if (provisioning.dashboards?.length) {
    const files = join(home, 'provisioned-dashboards');
    for (const { file, json } of provisioning.dashboards) write(join(files, file), JSON.stringify(json, null, 2));
    // JSON strings are YAML double-quoted scalars.
    const provider = ['apiVersion: 1', 'providers:', '  - name: e2e', '    type: file', `    folder: ${JSON.stringify(provisioning.folder ?? '')}`, '    options:', `      path: ${JSON.stringify(files)}`, ''];
    write(join(root, 'dashboards/e2e.yaml'), provider.join('\n'));
  }
}

/**
 * Starts a server; resolves once `/api/health` answers (and, with `provisioning`, once every
 * provisioned dashboard with a uid is served). `subPath` (such as `/grafana`) serves it under
 * that path, as `[server] root_url` with `serve_from_sub_path` does.
 * @param {{ subPath?: string, provisioning?: Provisioning }} [options]
 */
export async function startServer({ subPath = '', provisioning } = {}) {
  const port = await freePort();
  const home = mkdtempSync(join(tmpdir(), 'sightline-ui-'));
  if (provisioning) writeProvisioning(home, provisioning);
  const url = `http://127.0.0.1:${port}${subPath}`;
  const settings = [`cfg:server.http_addr=127.0.0.1`, `cfg:server.http_port=${port}`];
  if (subPath) settings.push(`cfg:server.root_url=http://127.0.0.1:${port}${subPath}/`, 'cfg:server.serve_from_sub_path=true');
  const child = spawn(sightlineBinary(), ['server', '--homepath', home, ...settings], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (chunk) => (log += chunk));
  child.stderr.on('data', (chunk) => (log += chunk));
  const exited = new Promise((done) => child.on('exit', done));

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`sightline exited with ${child.exitCode}:\n${log}`);
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`sightline did not start within 30 s:\n${log}`);
    await new Promise((done) => setTimeout(done, 100));
  }

  const auth = `Basic ${Buffer.from('admin:admin').toString('base64')}`;
  /**
   * Calls the API as admin; throws on a non-2xx answer.
   * @param {string} method
   * @param {string} path
   * @param {unknown} [body]
   * @returns {Promise<any>}
   */
  async function api(method, path, body) {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { Authorization: auth, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  }

  // Dashboards are provisioned in the background after the server starts listening.
  const provisioned = Date.now() + 30_000;
  for (const { json } of provisioning?.dashboards ?? []) {
    if (typeof json.uid !== 'string') continue;
    for (;;) {
      const response = await fetch(`${url}/api/dashboards/uid/${encodeURIComponent(json.uid)}`, { headers: { Authorization: auth } });
      if (response.ok) break;
      if (child.exitCode !== null || Date.now() > provisioned) {
        child.kill('SIGKILL');
        throw new Error(`the provisioned dashboard ${json.uid} did not appear (${response.status}):\n${log}`);
      }
      await new Promise((done) => setTimeout(done, 100));
    }
  }

  async function stop() {
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    rmSync(home, { recursive: true, force: true });
  }

  return { url, api, stop, log: () => log };
}

/** Headless Chromium from the system (Debian's `chromium` package); never downloaded. */
export function chromiumPath() {
  const candidates = /** @type {string[]} */ ([process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/lib/chromium/chromium'].filter(Boolean));
  const found = candidates.find((path) => existsSync(path));
  if (!found) {
    throw new Error('Chromium not found: install Debian\'s package (`apt-get install -y chromium`) or set CHROMIUM_PATH. The tests never download a browser.');
  }
  return found;
}
