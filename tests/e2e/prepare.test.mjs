// End-to-end test of prepareUpload (src/js/prepare.js) in headless Chromium. A JPEG is given EXIF
// with GPS tags and orientation 6, XMP and a comment by the code below; the output must carry none
// of them, be turned upright, fit maxBytes, be no smaller than needed, and hash as it says.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ARTIFACTS, PHOTOS, launch, prerequisites, serve } from './harness.mjs';

let server;
let browser;
let page;
const problems = [];

before(async () => {
  prerequisites();
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await serve();
  browser = await launch();
  page = await browser.newPage();
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.goto(server.url);
  await page.evaluate(async () => {
    const api = await import('./pkg/index.js');
    const bytesOf = (b64) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const b64Of = async (blob) => {
      const bytes = new Uint8Array(await blob.arrayBuffer());
      let s = '';
      for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return btoa(s);
    };
    /** prepareUpload, with the output's bytes as base64 for the test to read. */
    const prepare = async (input, options, where = api) => {
      try {
        const out = await where.prepareUpload(input, options);
        return { ...out, blob: undefined, type: out.blob.type, blobSize: out.blob.size, b64: await b64Of(out.blob) };
      } catch (e) {
        return { error: { code: e.code, message: e.message } };
      }
    };
    /** Encodes a bitmap drawn at `long` px on its long side, as prepareUpload's encoder does. */
    const encodeAt = async (bitmap, long, type, quality) => {
      const scale = long / Math.max(bitmap.width, bitmap.height);
      const w = Math.max(1, Math.round(bitmap.width * scale));
      const h = Math.max(1, Math.round(bitmap.height * scale));
      const c = new OffscreenCanvas(w, h);
      const ctx = c.getContext('2d');
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, w, h);
      ctx.imageSmoothingQuality = 'high';
      ctx.drawImage(bitmap, 0, 0, w, h);
      return (await c.convertToBlob({ type, quality })).size;
    };
    Object.assign(window, { api, bytesOf, prepare, encodeAt });
  });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const photo = (name) => readFileSync(path.join(PHOTOS, name));
const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

describe('prepareUpload on a JPEG with GPS, orientation 6, XMP and a comment', () => {
  const original = photo('rocket.jpg'); // 640 × 427, with an ICC profile and a comment of its own
  const tagged = withMetadata(original);
  let out;
  let bytes;

  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(path.join(ARTIFACTS, 'prepare-input-gps.jpg'), tagged);
    out = await page.evaluate(async ([src, plain]) => {
      const file = new File([bytesOf(src)], 'gps.jpg', { type: 'image/jpeg' });
      const shown = await createImageBitmap(file); // how a browser shows the input
      const result = await prepare(file, { maxBytes: 2_000_000, format: 'jpeg' });
      // Is the output the stored photo turned a quarter clockwise? Compare with both turns.
      const stored = await createImageBitmap(new Blob([bytesOf(plain)]));
      const turned = (clockwise) => {
        const c = new OffscreenCanvas(stored.height, stored.width).getContext('2d', { willReadFrequently: true });
        if (clockwise) c.setTransform(0, 1, -1, 0, stored.height, 0);
        else c.setTransform(0, -1, 1, 0, 0, stored.width);
        c.drawImage(stored, 0, 0);
        return c.getImageData(0, 0, stored.height, stored.width).data;
      };
      const outBitmap = await createImageBitmap(new Blob([bytesOf(result.b64)]));
      const oc = new OffscreenCanvas(outBitmap.width, outBitmap.height).getContext('2d', { willReadFrequently: true });
      oc.drawImage(outBitmap, 0, 0);
      const got = oc.getImageData(0, 0, outBitmap.width, outBitmap.height).data;
      const meanDiff = (want) => {
        if (want.length !== got.length) return Infinity;
        let sum = 0;
        for (let i = 0; i < got.length; i += 4) sum += Math.abs(got[i] - want[i]) + Math.abs(got[i + 1] - want[i + 1]) + Math.abs(got[i + 2] - want[i + 2]);
        return sum / (got.length / 4) / 3;
      };
      return { ...result, inputShown: [shown.width, shown.height], diffClockwise: meanDiff(turned(true)), diffCounter: meanDiff(turned(false)) };
    }, [tagged.toString('base64'), original.toString('base64')]);
    assert.equal(out.error, undefined, JSON.stringify(out.error));
    bytes = Buffer.from(out.b64, 'base64');
    writeFileSync(path.join(ARTIFACTS, 'prepare-output.jpg'), bytes);
  });

  test('the input really carries them: the browser shows it turned, and the tags are in its bytes', () => {
    assert.deepEqual(out.inputShown, [427, 640], 'Chromium read our EXIF orientation 6');
    const segments = jpegSegments(tagged).map((s) => s.marker);
    assert.ok(segments.includes(0xe1) && segments.includes(0xfe));
    for (const needle of MARKS) assert.ok(tagged.includes(needle), `the input has ${needle}`);
  });

  test('the output has no APP1 (EXIF, XMP), no other APPn but JFIF, no comment, no GPS bytes', () => {
    const segments = jpegSegments(bytes);
    const markers = segments.map((s) => s.marker.toString(16));
    for (const s of segments) {
      const isApp = s.marker >= 0xe0 && s.marker <= 0xef;
      if (isApp) assert.ok(s.marker === 0xe0 && s.data.subarray(0, 5).toString('latin1') === 'JFIF\0', `segment ${markers}`);
      assert.notEqual(s.marker, 0xfe, 'no comment segment');
    }
    for (const needle of MARKS) assert.ok(!bytes.includes(needle), `the output has no ${JSON.stringify(needle.toString('latin1'))}`);
  });

  test('it is turned upright: 427 × 640, the stored photo turned a quarter clockwise', () => {
    assert.deepEqual([out.width, out.height], [427, 640]);
    assert.deepEqual(jpegSize(bytes), [427, 640]);
    assert.ok(out.diffClockwise < 6, `mean difference from the clockwise turn ${out.diffClockwise}`);
    assert.ok(out.diffCounter > 4 * out.diffClockwise, `counter-clockwise ${out.diffCounter} vs clockwise ${out.diffClockwise}`);
  });

  test('its hash, size and format are what it says', () => {
    assert.equal(out.sha256, sha256(bytes));
    assert.match(out.sha256, /^[0-9a-f]{64}$/);
    assert.equal(out.bytes, bytes.length);
    assert.equal(out.blobSize, bytes.length);
    assert.equal(out.type, 'image/jpeg');
    assert.equal(out.format, 'jpeg');
    assert.equal(out.quality, 0.92, 'it fitted at the first quality');
    assert.equal(out.encodes, 1);
  });
});

describe('prepareUpload fits maxBytes, and shrinks no more than needed', () => {
  const baboon = photo('baboon.jpg').toString('base64'); // 512 × 512 of fur: it compresses badly

  /** Sizes of baboon encoded at full size at quality 0.92 and 0.7 (the defaults' two ends). */
  let full;
  before(async () => {
    full = await page.evaluate(async (b) => {
      const bitmap = await createImageBitmap(new Blob([bytesOf(b)]));
      return { high: await encodeAt(bitmap, 512, 'image/jpeg', 0.92), low: await encodeAt(bitmap, 512, 'image/jpeg', 0.7) };
    }, baboon);
    assert.ok(full.high > full.low * 1.3, `${JSON.stringify(full)}`);
  });

  test('a limit between the two: full size, the quality lowered', async () => {
    const maxBytes = Math.round((full.high + full.low) / 2);
    const out = await page.evaluate(([b, m]) => prepare(new Blob([bytesOf(b)]), { maxBytes: m }), [baboon, maxBytes]);
    const bytes = Buffer.from(out.b64, 'base64');
    assert.ok(bytes.length <= maxBytes, `${bytes.length} > ${maxBytes}`);
    assert.deepEqual([out.width, out.height], [512, 512]);
    assert.ok(out.quality > 0.7 && out.quality < 0.92, `quality ${out.quality}`);
    assert.equal(out.sha256, sha256(bytes));
  });

  test('a limit below quality 0.7 at full size: downscaled, to within 3 % of the largest that fits', async () => {
    const maxBytes = Math.round(full.low / 2);
    const out = await page.evaluate(async ([b, m]) => {
      const result = await prepare(new Blob([bytesOf(b)]), { maxBytes: m });
      // The same photo at a 3 % longer side and quality 0.7, prepared as prepareUpload prepares it.
      const side = Math.round(Math.max(result.width, result.height) * 1.03);
      const larger = await prepare(new Blob([bytesOf(b)]), { maxSide: side, quality: 0.7, minQuality: 0.7 });
      return { ...result, sizeAt3PercentMore: larger.bytes, largerSide: larger.width };
    }, [baboon, maxBytes]);
    const bytes = Buffer.from(out.b64, 'base64');
    console.log(`baboon 512 px, maxBytes ${maxBytes}: ${out.width} px, ${bytes.length} bytes, ${out.encodes} encodes; at 3 % more: ${out.sizeAt3PercentMore}`);
    assert.ok(bytes.length <= maxBytes, `${bytes.length} > ${maxBytes}`);
    assert.ok(out.width < 512 && out.width === out.height, `${out.width} × ${out.height}`);
    assert.equal(out.quality, 0.7);
    assert.ok(out.largerSide > out.width);
    assert.ok(out.sizeAt3PercentMore > maxBytes, 'a 3 % larger image would not have fitted');
    assert.deepEqual(jpegSize(bytes), [out.width, out.height]);
    assert.equal(out.sha256, sha256(bytes));
    writeFileSync(path.join(ARTIFACTS, 'prepare-downscaled.jpg'), bytes);
  });

  test('maxSide caps the long side; PNG and WebP are written without metadata chunks', async () => {
    const out = await page.evaluate(async (b) => {
      const blob = new Blob([bytesOf(b)]);
      return {
        capped: await prepare(blob, { maxSide: 200 }),
        png: await prepare(blob, { format: 'png', maxBytes: 120_000 }),
        webp: await prepare(blob, { format: 'webp', maxBytes: 30_000 }),
      };
    }, photo('rocket.jpg').toString('base64'));
    assert.deepEqual([out.capped.width, out.capped.height], [200, 133]);
    const png = Buffer.from(out.png.b64, 'base64');
    assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
    assert.ok(png.length <= 120_000 && out.png.width < 640, `${png.length} bytes, ${out.png.width} px`);
    assert.equal(out.png.quality, null);
    const chunks = pngChunks(png);
    assert.deepEqual(chunks.filter((c) => !['IHDR', 'IDAT', 'IEND'].includes(c)), [], `PNG chunks ${chunks}`);
    assert.equal(out.png.sha256, sha256(png));
    const webp = Buffer.from(out.webp.b64, 'base64');
    assert.equal(webp.subarray(8, 12).toString('latin1'), 'WEBP');
    assert.ok(webp.length <= 30_000);
    const riff = webpChunks(webp);
    assert.deepEqual(riff.filter((c) => !['VP8 ', 'VP8L', 'VP8X', 'ALPH'].includes(c)), [], `WebP chunks ${riff}`);
  });

  test('the worker gives the same bytes as the page', async () => {
    const out = await page.evaluate(async (b) => {
      const v = await api.createValidator();
      const opts = { maxBytes: 20_000 };
      const inWorker = await prepare(new Blob([bytesOf(b)]), opts, v);
      const inPage = await prepare(new Blob([bytesOf(b)]), opts);
      v.terminate();
      return { inWorker, inPage };
    }, baboon);
    assert.ok(out.inWorker.bytes <= 20_000);
    assert.equal(out.inWorker.sha256, out.inPage.sha256);
  });

  test('errors have codes', async () => {
    const cut = photo('rocket.jpg');
    const r = await page.evaluate(async ([b, half]) => {
      const blob = new Blob([bytesOf(b)]);
      return {
        tiny: await prepare(blob, { maxBytes: 100 }),
        format: await prepare(blob, { format: 'gif' }),
        zero: await prepare(blob, { maxBytes: 0 }),
        unknown: await prepare(blob, { maxWidth: 10 }),
        corrupt: await prepare(new Blob([bytesOf(half)]), {}),
        text: await prepare(new Blob(['not a photo']), {}),
        empty: await prepare(new Blob([]), {}),
        aborted: await api.prepareUpload(blob, { signal: AbortSignal.abort() }).catch((e) => ({ error: { name: e.name } })),
      };
    }, [baboon, cut.subarray(0, cut.length / 2).toString('base64')]);
    assert.equal(r.tiny.error.code, 'cannot-fit');
    assert.equal(r.format.error.code, 'invalid-options');
    assert.equal(r.zero.error.code, 'invalid-options');
    assert.equal(r.unknown.error.code, 'invalid-options');
    assert.match(r.unknown.error.message, /maxWidth/);
    assert.equal(r.corrupt.error.code, 'corrupt');
    assert.equal(r.text.error.code, 'unsupported-format');
    assert.equal(r.empty.error.code, 'empty');
    assert.equal(r.aborted.error.name, 'AbortError');
  });

  test('no page errors', () => assert.deepEqual(problems, []));
});

// --- The test's own JPEG metadata writer and readers. ---

/** Byte strings that appear only in the metadata the test adds. */
const MARKS = [Buffer.from('Exif\0\0'), Buffer.from('KycTestCam'), Buffer.from('http://ns.adobe.com/xap/1.0/'),
  Buffer.from('KYC-TEST-COMMENT'), Buffer.from('GPSLatitude'), Buffer.from([0x4b, 0x59, 0x43, 0x31])];

/**
 * The JPEG with, after its APP0: an EXIF APP1 (Make, Orientation 6, and a GPS IFD with latitude
 * and longitude), an XMP APP1 with GPS, and a comment.
 */
function withMetadata(jpeg) {
  const ascii = (s) => Buffer.from(`${s}\0`, 'latin1');
  const rationals = (pairs) => Buffer.concat(pairs.map(([n, d]) => u32(n, d)));
  const gps = [
    [0x0000, 1, 4, Buffer.from([2, 3, 0, 0])], // GPSVersionID
    [0x0001, 2, 2, ascii('N')],
    // 51° 30′ 12.64″: the seconds' numerator is 0x4B594331, "KYC1", for the test to look for.
    [0x0002, 5, 3, rationals([[51, 1], [30, 1], [0x4b594331, 100_000_000]])],
    [0x0003, 2, 2, ascii('W')],
    [0x0004, 5, 3, rationals([[0, 1], [7, 1], [3987, 100]])],
  ];
  const ifd0 = (gpsOffset) => [
    [0x010f, 2, 11, ascii('KycTestCam')], // Make
    [0x0112, 3, 1, u16(6)], // Orientation: turn 90° clockwise to show
    [0x8825, 4, 1, u32(gpsOffset)], // GPSInfo
  ];
  const ifd0Length = ifdBytes(ifd0(0), 8).length;
  const tiff = Buffer.concat([
    Buffer.from('MM\0\x2a', 'latin1'), u32(8),
    ifdBytes(ifd0(8 + ifd0Length), 8),
    ifdBytes(gps, 8 + ifd0Length),
  ]);
  const exif = segment(0xe1, Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]));
  const xmp = segment(0xe1, Buffer.from('http://ns.adobe.com/xap/1.0/\0<x:xmpmeta xmlns:x="adobe:ns:meta/">'
    + '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" '
    + 'exif:GPSLatitude="51,30.21N" exif:GPSLongitude="0,7.66W"/></rdf:RDF></x:xmpmeta>', 'latin1'));
  const comment = segment(0xfe, Buffer.from('KYC-TEST-COMMENT taken at home', 'latin1'));
  const first = jpegSegments(jpeg)[0];
  const at = first.marker === 0xe0 ? 4 + first.data.length + 2 : 2; // after SOI and APP0
  return Buffer.concat([jpeg.subarray(0, at), exif, xmp, comment, jpeg.subarray(at)]);
}

/** One IFD at `offset` in the TIFF: entries [tag, type, count, value bytes], values over 4 bytes after it. */
function ifdBytes(entries, offset) {
  const head = Buffer.alloc(2 + entries.length * 12 + 4);
  head.writeUInt16BE(entries.length, 0);
  const extra = [];
  let extraAt = offset + head.length;
  entries.forEach(([tag, type, count, value], i) => {
    const at = 2 + i * 12;
    head.writeUInt16BE(tag, at);
    head.writeUInt16BE(type, at + 2);
    head.writeUInt32BE(count, at + 4);
    if (value.length <= 4) {
      value.copy(head, at + 8);
    } else {
      head.writeUInt32BE(extraAt, at + 8);
      const padded = value.length % 2 ? Buffer.concat([value, Buffer.alloc(1)]) : value;
      extra.push(padded);
      extraAt += padded.length;
    }
  });
  return Buffer.concat([head, ...extra]); // the next-IFD offset stays 0
}

function u16(n) {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
}

function u32(...ns) {
  const b = Buffer.alloc(4 * ns.length);
  ns.forEach((n, i) => b.writeUInt32BE(n, 4 * i));
  return b;
}

function segment(marker, data) {
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(data.length + 2, 2);
  return Buffer.concat([head, data]);
}

/** The JPEG's segments up to and including the start of scan: { marker, data }. */
function jpegSegments(jpeg) {
  assert.ok(jpeg[0] === 0xff && jpeg[1] === 0xd8, 'a JPEG starts with SOI');
  const out = [];
  let i = 2;
  while (i + 4 <= jpeg.length) {
    assert.equal(jpeg[i], 0xff, `a marker at byte ${i}`);
    const marker = jpeg[i + 1];
    const length = jpeg.readUInt16BE(i + 2);
    out.push({ marker, data: jpeg.subarray(i + 4, i + 2 + length) });
    if (marker === 0xda) break;
    i += 2 + length;
  }
  return out;
}

/** [width, height] from the JPEG's start-of-frame. */
function jpegSize(jpeg) {
  const sof = jpegSegments(jpeg).find((s) => s.marker >= 0xc0 && s.marker <= 0xc3);
  return [sof.data.readUInt16BE(3), sof.data.readUInt16BE(1)];
}

/** The WebP's RIFF chunk types, in order. */
function webpChunks(webp) {
  const types = [];
  for (let i = 12; i + 8 <= webp.length;) {
    const size = webp.readUInt32LE(i + 4);
    types.push(webp.subarray(i, i + 4).toString('latin1'));
    i += 8 + size + (size & 1);
  }
  return types;
}

/** The PNG's chunk types, in order. */
function pngChunks(png) {
  const types = [];
  for (let i = 8; i + 8 <= png.length;) {
    const length = png.readUInt32BE(i);
    types.push(png.subarray(i + 4, i + 8).toString('latin1'));
    i += 12 + length;
  }
  return types;
}
