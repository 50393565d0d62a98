// Takes screenshots of the demo page at desktop and phone sizes: node tests/e2e/screenshots.mjs [photo...]
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { ARTIFACTS, PHOTOS, launch, prerequisites, serve } from './harness.mjs';

prerequisites();
mkdirSync(ARTIFACTS, { recursive: true });
const photos = process.argv.slice(2).length ? process.argv.slice(2) : ['coffee.png', 'page.png'];
const server = await serve();
const browser = await launch();
const sizes = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } };
for (const [size, viewport] of Object.entries(sizes)) {
  const page = await browser.newPage({ viewport, deviceScaleFactor: 1 });
  page.on('console', (m) => console.log(`[${size}] console.${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => console.log(`[${size}] page error: ${e}`));
  await page.goto(server.url);
  await page.screenshot({ path: path.join(ARTIFACTS, `empty-${size}.png`), fullPage: true });
  for (const photo of photos) {
    await page.setInputFiles('#file', path.resolve(PHOTOS, photo));
    await page.waitForSelector('#result:not([hidden]), #error:not([hidden])');
    await page.waitForFunction(() => document.getElementById('preview').complete);
    const out = path.join(ARTIFACTS, `${path.parse(photo).name}-${size}.png`);
    await page.screenshot({ path: out, fullPage: true });
    console.log(out);
  }
  await page.close();
}
await browser.close();
await server.close();
