// Writes the bench page's scene as raw RGBA for the A/B scripts and `stage_times`: draws
// `documentPhoto(w, h)` of scene.js in Debian's headless Chromium (it needs canvas 2D), as the
// bench page does, and saves each photo's pixels as `DIR/WxH.rgba` and `DIR/scene-WxH.rgba`:
//
//   node tests/bench/dump-scene.mjs DIR
//
// Sizes: 4032x3024 and 1280x720. The photos depend only on the size, the seed and Chromium's
// canvas, so one dump serves every build.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SIZES = [[4032, 3024], [1280, 720]];
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const out = process.argv[2];
if (!out) {
  console.error('usage: node tests/bench/dump-scene.mjs DIR');
  process.exit(2);
}
fs.mkdirSync(out, { recursive: true });

/** Serves a blank page and scene.js; a POST to /WxH.rgba saves its body under both names. */
function serve() {
  const server = http.createServer((req, res) => {
    const name = path.basename(new URL(req.url, 'http://x').pathname);
    if (req.method === 'POST' && /^\d+x\d+\.rgba$/.test(name)) {
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        const data = Buffer.concat(chunks);
        for (const file of [name, `scene-${name}`]) fs.writeFileSync(path.join(out, file), data);
        res.writeHead(200).end('saved');
      });
    } else if (name === 'scene.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript' });
      fs.createReadStream(path.join(HERE, 'scene.js')).pipe(res);
    } else {
      res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>scene</title>');
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const server = await serve();
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'kyc-scene-profile-'));
const context = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', headless: true, args: FLAGS });
try {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  const saved = await page.evaluate(async (sizes) => {
    const { documentPhoto } = await import('/scene.js');
    for (const [w, h] of sizes) {
      const reply = await fetch(`/${w}x${h}.rgba`, { method: 'POST', body: documentPhoto(w, h).image.data });
      if (!reply.ok) throw new Error(`${w}x${h}: ${reply.status}`);
    }
    return sizes.map(([w, h]) => `${w}x${h}`);
  }, SIZES);
  for (const s of saved) console.log(`${path.join(out, `${s}.rgba`)} (and scene-${s}.rgba)`);
} finally {
  await context.close();
  server.close();
  fs.rmSync(profile, { recursive: true, force: true });
}
