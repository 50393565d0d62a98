// Shared by the end-to-end tests and the screenshot script: a static server for www/ and
// Debian's Chromium driven by playwright-core.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const WWW = path.join(ROOT, 'www');
export const PHOTOS = path.join(ROOT, '.cache/photos');
export const ARTIFACTS = path.join(ROOT, 'artifacts');

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.css': 'text/css', '.wasm': 'application/wasm', '.json': 'application/json',
  '.png': 'image/png', '.jpg': 'image/jpeg', '.svg': 'image/svg+xml', '.ts': 'text/plain',
};

/** Serves `dir` on 127.0.0.1 at a free port. Resolves to { url, close }. */
export function serve(dir = WWW) {
  const server = createServer(async (req, res) => {
    const rel = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const file = path.join(dir, rel.endsWith('/') ? `${rel}index.html` : rel);
    if (!file.startsWith(dir + path.sep)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({ url: `http://127.0.0.1:${port}/`, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

/** The flags that keep headless Chromium quiet on a closed network (see TOOLCHAIN.md). */
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** Debian's Chromium, headless; `extraArgs` adds flags (a fake camera, say). */
export function launch(extraArgs = []) {
  const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
  return chromium.launch({ executablePath, headless: true, args: [...CHROMIUM_ARGS, ...extraArgs] });
}

/** Chromium with a fake camera playing `y4m`; `allow` false leaves the permission to be asked (and refused). */
export function launchWithCamera(y4m, { allow = true } = {}) {
  const camera = ['--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${y4m}`];
  return launch(allow ? ['--use-fake-ui-for-media-stream', ...camera] : camera);
}

/** Makes sure the wasm package is built and the sample photos are fetched. */
export function prerequisites() {
  if (!existsSync(path.join(WWW, 'pkg/kyc_preflight_bg.wasm'))) {
    throw new Error('www/pkg is missing: run `make wasm` first (make test-e2e does)');
  }
  execFileSync('bash', [path.join(ROOT, 'scripts/fetch-photos.sh')], { stdio: 'inherit' });
}

/**
 * Runs `action` and resolves with the file chooser it opens. Interception is
 * switched on and confirmed by a round trip to the page before the action
 * runs: `Promise.all([waitForEvent('filechooser'), press()])` races, because
 * a key press can reach the page before the interception command does
 * (puppeteer/puppeteer#6040 describes the same race).
 */
export async function fileChooserAfter(page, action) {
  const chooser = page.waitForEvent('filechooser');
  await page.evaluate(() => 0); // commands on one page are handled in order
  await action();
  return chooser;
}
