// End-to-end test of the demo page (www/) in Debian's headless Chromium: `make test-e2e`.
// Screenshots are kept in artifacts/ (ignored by git).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ARTIFACTS, PHOTOS, WWW, launch, prerequisites, serve, fileChooserAfter } from './harness.mjs';

const GREY = path.join(PHOTOS, 'page.png');
const COLOUR = path.join(PHOTOS, 'coffee.png');
const HAN = /[\u4e00-\u9fff]/;

let server;
let browser;
let page;
const requests = [];
const problems = [];

before(async () => {
  prerequisites();
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await serve();
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && problems.push(`console error: ${m.text()}`));
  await page.goto(server.url);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** How many checks the page has finished (it counts them in `data-checked`). */
const checked = () => page.evaluate(() => Number(document.getElementById('drop').dataset.checked ?? 0));

async function upload(file) {
  const before = await checked();
  await page.setInputFiles('#file', file);
  await settle(before);
}

/** Waits until the page has finished a check after the `before`-th. */
async function settle(before, p = page) {
  await p.waitForFunction((b) => Number(document.getElementById('drop').dataset.checked ?? 0) > b, before);
}

const shot = (name) => page.screenshot({ path: path.join(ARTIFACTS, `e2e-${name}.png`), fullPage: true });
const check = (id) => page.locator(`.check[data-id="${id}"]`);

describe('the wasm package', () => {
  test('its .d.ts types our API, with no `any`', () => {
    const dts = readFileSync(path.join(WWW, 'pkg/kyc_preflight.d.ts'), 'utf8');
    assert.match(dts, /export function validateBytes\(bytes: Uint8Array \| ArrayBuffer, options\?: Options\): Report;/);
    assert.match(dts, /export function validateImageData\(image: ImageData \| RgbaImage, options\?: Options, file\?: Uint8Array \| ArrayBuffer\): Report;/);
    // Everything before wasm-bindgen's own loader types (InitOutput) is ours.
    const ours = dts.slice(0, dts.indexOf('export type InitInput'));
    assert.doesNotMatch(ours, /\bany\b/);
    for (const name of ['Report', 'Finding', 'Options', 'PreflightError', 'ErrorCode', 'Quad', 'Region']) {
      assert.match(ours, new RegExp(`export (interface|type) ${name}\\b`), name);
    }
  });
});

describe('the demo page', () => {
  test('a grey photo fails the colour check, with its message', async () => {
    await upload(GREY);
    await shot('grey');
    assert.equal(await page.locator('#error').isHidden(), true);
    assert.equal(await check('color').getAttribute('data-verdict'), 'fail');
    assert.match(await check('color').locator('.check-message').textContent(), /black-and-white/);
    assert.equal(await page.getAttribute('#summary', 'data-verdict'), 'fail');
    assert.match(await page.textContent('#summary-title'), /take the photo again/);
    assert.match(await page.textContent('#announce'), /page\.png: Please take the photo again/);
    assert.equal(await page.textContent('#checks .check[data-id="color"] .threshold'), '3');
  });

  test('a colour photo passes the colour check, and every check is listed', async () => {
    await upload(COLOUR);
    await shot('colour');
    assert.equal(await check('color').getAttribute('data-verdict'), 'pass');
    assert.equal(await check('color').locator('.check-message').textContent(), 'The photo is in colour.');
    const items = await page.locator('#checks .check').count();
    assert.ok(items >= 1);
    for (const item of await page.locator('#checks .check').all()) {
      assert.match(await item.getAttribute('data-verdict'), /^(pass|warn|fail)$/);
      assert.match(await item.locator('.score').textContent(), /^-?[\d.e+-]+$/);
      assert.ok((await item.locator('.check-message').textContent()).length > 5);
    }
    assert.match(await page.textContent('#caption'), /coffee\.png · 600 × 400 px/);
    assert.match(await page.textContent('#timing'), /in a background worker, decoded by the browser/);
    // The pixels came from the browser, and the file's own checks read the file.
    assert.equal(await check('file').getAttribute('data-verdict'), 'pass');
    assert.equal(await check('file').locator('.check-name').textContent(), 'File');
    const img = await page.locator('#preview').evaluate((i) => [i.naturalWidth, i.complete]);
    assert.deepEqual(img, [600, true]);
  });

  test('the language switch re-checks the photo with translated advice', async () => {
    const before = await checked();
    await page.selectOption('#lang', 'zh-Hans');
    await settle(before);
    const zh = await check('color').locator('.check-message').textContent();
    assert.match(zh, HAN);
    assert.equal(zh, '照片为彩色。');
    const before2 = await checked();
    await page.selectOption('#lang', 'en');
    await settle(before2);
    assert.equal(await check('color').locator('.check-message').textContent(), 'The photo is in colour.');
  });

  test('a corrupt file gets a clear message, and the page keeps working', async () => {
    const cut = readFileSync(path.join(PHOTOS, 'rocket.jpg'));
    const broken = { name: 'broken.jpg', mimeType: 'image/jpeg', buffer: cut.subarray(0, cut.length / 2) };
    await upload(broken);
    await shot('corrupt');
    assert.equal(await page.locator('#error').isVisible(), true);
    assert.equal(await page.getAttribute('#error', 'data-code'), 'corrupt');
    assert.match(await page.textContent('#error-text'), /broken\.jpg: The file is damaged or incomplete/);
    assert.match(await page.textContent('#error-detail'), /JPEG data ends before the image does/);
    assert.equal(await page.textContent('#timing'), '', 'no timing is left over from the last photo');
    assert.equal(await page.locator('#result').isHidden(), true);

    const junk = { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a photo at all') };
    await upload(junk);
    assert.equal(await page.getAttribute('#error', 'data-code'), 'unsupported-format');

    await upload(GREY);
    assert.equal(await page.locator('#error').isHidden(), true);
    assert.equal(await check('color').getAttribute('data-verdict'), 'fail');
  });

  test('an empty file says it is empty', async () => {
    await upload({ name: 'empty.png', mimeType: 'image/png', buffer: Buffer.alloc(0) });
    assert.equal(await page.getAttribute('#error', 'data-code'), 'empty');
    assert.match(await page.textContent('#error-text'), /empty/);
  });

  test('a PNG claiming 100000 × 100000 pixels is refused by the module as too large', async () => {
    // The browser cannot decode it, so the page hands the bytes to the module, which reads the header.
    await upload({ name: 'huge.png', mimeType: 'image/png', buffer: hugePng() });
    assert.equal(await page.getAttribute('#error', 'data-code'), 'too-large');
    assert.match(await page.textContent('#error-text'), /huge\.png: The photo is too large to check/);
    assert.match(await page.textContent('#error-detail'), /100000×100000/);
  });

  test('a WebP is decoded by the browser; one it cannot decode is reported as damaged', async () => {
    // Chromium encodes a lossy WebP of a drawn scene; the wasm module has no WebP decoder (README, Formats).
    const webp = Buffer.from(await page.evaluate(async () => {
      const canvas = new OffscreenCanvas(480, 300);
      const g = canvas.getContext('2d');
      g.fillStyle = '#3a3430'; g.fillRect(0, 0, 480, 300);
      g.fillStyle = '#e8e2d4'; g.fillRect(40, 40, 400, 220);
      g.fillStyle = '#2850aa'; g.fillRect(40, 40, 400, 40);
      g.fillStyle = '#1e1e28'; g.font = '20px sans-serif';
      for (let i = 0; i < 5; i++) g.fillText('SPECIMEN 0123456789', 150, 120 + 28 * i);
      const blob = await canvas.convertToBlob({ type: 'image/webp', quality: 0.9 });
      return [...new Uint8Array(await blob.arrayBuffer())];
    }));
    assert.equal(webp.toString('latin1', 8, 12), 'WEBP');
    await upload({ name: 'card.webp', mimeType: 'image/webp', buffer: webp });
    assert.equal(await page.locator('#error').isHidden(), true);
    assert.match(await page.textContent('#caption'), /card\.webp · 480 × 300 px/);
    assert.match(await page.textContent('#timing'), /decoded by the browser/);
    assert.equal(await check('file').getAttribute('data-verdict'), 'pass');

    // The same file with its VP8 start code broken: the container is whole, the image is not.
    const broken = Buffer.from(webp);
    const start = broken.indexOf(Buffer.from([0x9d, 0x01, 0x2a]));
    assert.ok(start > 0, 'a lossy WebP has a VP8 start code');
    broken.fill(0, start, start + 3);
    await upload({ name: 'broken.webp', mimeType: 'image/webp', buffer: broken });
    assert.equal(await page.getAttribute('#error', 'data-code'), 'corrupt');
    assert.match(await page.textContent('#error-text'), /broken\.webp: The file is damaged or incomplete/);
    assert.match(await page.textContent('#error-detail'), /could not decode this WebP/);

    // Cut short: the module finds the container shorter than it says.
    await upload({ name: 'cut.webp', mimeType: 'image/webp', buffer: webp.subarray(0, webp.length / 2) });
    assert.equal(await page.getAttribute('#error', 'data-code'), 'corrupt');
    assert.match(await page.textContent('#error-detail'), /WebP data ends before the image does/);
  });

  test('a photo dropped on the page is checked', async () => {
    const bytes = readFileSync(COLOUR).toString('base64');
    const before = await checked();
    const transfer = await page.evaluateHandle((b) => {
      const dt = new DataTransfer();
      const data = Uint8Array.from(atob(b), (c) => c.charCodeAt(0));
      dt.items.add(new File([data], 'dropped.png', { type: 'image/png' }));
      return dt;
    }, bytes);
    await page.dispatchEvent('#drop', 'dragover', { dataTransfer: transfer });
    assert.equal(await page.locator('#drop.dragging').count(), 1);
    await page.dispatchEvent('#drop', 'drop', { dataTransfer: transfer });
    await settle(before);
    assert.match(await page.textContent('#caption'), /dropped\.png/);
    assert.equal(await check('color').getAttribute('data-verdict'), 'pass');
    assert.equal(await page.locator('#drop.dragging').count(), 0);
  });

  test('the file chooser is reachable from the keyboard', async () => {
    await page.goto(server.url);
    await page.keyboard.press('Tab'); // the language menu
    await page.keyboard.press('Tab'); // what the photo shows
    await page.keyboard.press('Tab'); // the file input behind the drop zone
    assert.equal(await page.evaluate(() => document.activeElement.id), 'file');
    const outline = await page.$eval('.drop-target', (e) => getComputedStyle(e).outlineStyle);
    assert.equal(outline, 'solid', 'the focused drop zone shows a focus ring');
    await shot('keyboard-focus');
    const chooser = await fileChooserAfter(page, () => page.keyboard.press('Space'));
    await chooser.setFiles(GREY);
    await settle(0);
    assert.equal(await check('color').getAttribute('data-verdict'), 'fail');
  });

  test('the overlay draws the document, cut corners and the glare box', async () => {
    // The renderer, fed a report of the shape the crop and glare checks give.
    const shapes = await page.evaluate(async () => {
      const { renderOverlay, renderChecks, renderSummary, describeOverlay } = await import('./render.js');
      const p = (x, y) => ({ x, y });
      const quad = { corners: [p(40, 30), p(620, 20), p(630, 420), p(30, 410)] };
      const report = {
        verdict: 'fail', width: 600, height: 400, document: quad,
        checks: [
          { id: 'color', verdict: 'pass', score: 20, threshold: 3, key: 'color.pass', message: 'colour' },
          { id: 'crop', verdict: 'fail', score: 0, threshold: 0.02, key: 'crop.fail', message: 'cut',
            region: { type: 'quad', ...quad }, corners_cut: ['top-right', 'bottom-right'] },
          { id: 'glare', verdict: 'fail', score: 0.1, threshold: 0.02, key: 'glare.fail', message: 'glare',
            region: { type: 'box', x: 200, y: 100, width: 80, height: 50 } },
        ],
      };
      const svg = document.getElementById('overlay');
      renderOverlay(svg, report);
      renderChecks(document.getElementById('checks'), report);
      // The banner too, so that the screenshot shows one report, not the last photo's banner.
      renderSummary(document.getElementById('summary'), report);
      document.getElementById('caption').textContent = describeOverlay(report);
      const count = (s) => svg.querySelectorAll(`[data-shape="${s}"]`).length;
      const cut = [...svg.querySelectorAll('[data-shape="cut-corner"]')].map((c) => [+c.getAttribute('cx'), +c.getAttribute('cy')]);
      return { document: count('document'), cut, glare: count('glare'), viewBox: svg.getAttribute('viewBox'),
        caption: document.getElementById('caption').textContent,
        cutText: document.querySelector('.check[data-id="crop"] .check-meta').textContent,
        order: [...document.querySelectorAll('#checks .check')].map((li) => li.dataset.id) };
    });
    await shot('overlay');
    assert.equal(shapes.document, 1);
    assert.equal(shapes.glare, 1);
    assert.equal(shapes.viewBox, '0 0 600 400');
    assert.equal(shapes.cut.length, 2);
    for (const [x, y] of shapes.cut) assert.ok(x <= 600 && y <= 400 && x >= 0 && y >= 0, 'cut corners are drawn inside the photo');
    assert.match(shapes.caption, /red circles mark the cut corners/);
    assert.match(shapes.cutText, /cut: top-right, bottom-right/);
    assert.deepEqual(shapes.order, ['crop', 'glare', 'color'], 'what to fix comes first');
    assert.match(await page.locator('#summary-detail').textContent(), /Whole document in frame, Glare\.$/, 'the banner lists what this report fails');
  });

  test('the page fits a phone screen', async () => {
    const phone = await browser.newPage({ viewport: { width: 360, height: 740 } });
    await phone.goto(server.url);
    await phone.setInputFiles('#file', GREY);
    await phone.waitForSelector('#result:not([hidden])');
    await phone.screenshot({ path: path.join(ARTIFACTS, 'e2e-phone.png'), fullPage: true });
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow} px`);
    const imgWidth = await phone.$eval('#preview', (i) => i.getBoundingClientRect().width);
    assert.ok(imgWidth <= 360 && imgWidth > 250, `the photo is ${imgWidth} px wide`);
    await phone.close();
  });

  test('the page asks nothing of any other origin, and logs no errors', () => {
    const origin = new URL(server.url).origin;
    const foreign = requests.filter((u) => !u.startsWith(origin) && !u.startsWith('blob:') && !u.startsWith('data:'));
    assert.deepEqual(foreign, []);
    const paths = new Set(requests.filter((u) => u.startsWith(origin)).map((u) => new URL(u).pathname));
    const expected = ['/', '/app.js', '/render.js', '/style.css', '/pkg/kyc_preflight.js', '/pkg/kyc_preflight_bg.wasm',
      '/policy.js', '/policy.css', '/pkg/index.js', '/pkg/prepare.js', '/pkg/worker.js',
      '/i18n.js', '/camera.js', '/guidance.js'];
    assert.deepEqual([...paths].sort(), expected.sort());
    assert.deepEqual(problems, []);
  });
});

/** A tiny PNG whose IHDR (with a valid CRC) claims 100000 × 100000 pixels, and one IDAT of nothing. */
function hugePng() {
  const chunk = (type, data) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(100000, 0);
  ihdr.writeUInt32BE(100000, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', Buffer.from([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01])), chunk('IEND', Buffer.alloc(0))]);
}

function crc32(bytes) {
  let crc = 0xffffffff;
  for (const b of bytes) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

describe('faces', () => {
  test('the face model is fetched only for a selfie, once, and the face is checked', async () => {
    const fetched = () => requests.filter((u) => u.endsWith('/seeta_fd_frontal_v1.0.bin')).length;
    // The face detector is a wasm of its own, fetched with the model (docs/BENCHMARKS.md, size).
    const faceModule = () => requests.filter((u) => u.endsWith('/kyc_preflight_face_bg.wasm')).length;
    await page.goto(server.url);
    const start = fetched();
    const moduleStart = faceModule();
    await page.selectOption('#kind', 'document');
    await upload(COLOUR);
    assert.equal(fetched(), start, 'a document check does not fetch the face model');
    assert.equal(faceModule(), moduleStart, 'a document check does not fetch the face module');
    assert.equal(await check('face').count(), 0, 'no face finding without the model');
    const before = await checked();
    await page.selectOption('#kind', 'selfie'); // re-checks the same photo as a selfie
    await settle(before);
    assert.equal(fetched(), start + 1);
    assert.equal(await check('face').getAttribute('data-verdict'), 'fail', 'coffee.png has no face');
    assert.match(await check('face').locator('.check-message').textContent(), /No face found/);
    await upload(path.join(PHOTOS, 'astronaut.png'));
    await shot('selfie');
    assert.equal(await check('face').getAttribute('data-verdict'), 'pass');
    assert.equal(await check('crop').count(), 0, 'a selfie gets no document checks');
    assert.equal(fetched(), start + 1, 'the model is fetched once');
    assert.equal(faceModule(), moduleStart + 1, 'the face module is fetched once');
  });
});
