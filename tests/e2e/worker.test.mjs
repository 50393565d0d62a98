// End-to-end test of the Web Worker API (src/js/index.js, served from www/pkg) in headless
// Chromium: same reports as the synchronous binding, pixels transferred, queue, AbortSignal,
// typed errors, terminate, and a page that keeps running while a large photo is checked.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PHOTOS, launch, prerequisites, serve } from './harness.mjs';

let server;
let browser;
let page;
const problems = [];

before(async () => {
  prerequisites();
  server = await serve();
  browser = await launch();
  page = await browser.newPage();
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.goto(server.url);
  // Test helpers in the page: the API, the synchronous binding, and files sent from here.
  await page.evaluate(async () => {
    const api = await import('./pkg/index.js');
    const wasm = await import('./pkg/kyc_preflight.js');
    await wasm.default({ module_or_path: new URL('./pkg/kyc_preflight_bg.wasm', location.href) });
    const v = await api.createValidator();
    const file = (b64, name, type) => new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], name, { type });
    const pixels = async (blob) => {
      const bitmap = await createImageBitmap(blob);
      const c = new OffscreenCanvas(bitmap.width, bitmap.height).getContext('2d');
      c.drawImage(bitmap, 0, 0);
      return c.getImageData(0, 0, bitmap.width, bitmap.height);
    };
    /** A width × height photo-like ImageData (noise over gradients), big enough to take a while. */
    const synthetic = (width, height) => {
      const data = new Uint8ClampedArray(width * height * 4);
      let seed = 1;
      for (let i = 0; i < data.length; i += 4) {
        seed = (seed * 1103515245 + 12345) >>> 0;
        const x = (i / 4) % width;
        data[i] = (x * 255) / width + (seed & 15);
        data[i + 1] = 120 + ((seed >> 8) & 31);
        data[i + 2] = 200 - ((x * 100) / width);
        data[i + 3] = 255;
      }
      return new ImageData(data, width, height);
    };
    const caught = async (promise) => {
      try {
        await promise;
        return { ok: true };
      } catch (e) {
        return { name: e.name, code: e.code, message: e.message, isError: e instanceof Error };
      }
    };
    Object.assign(window, { api, wasm, v, file, pixels, synthetic, caught });
  });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const b64 = (name) => readFileSync(path.join(PHOTOS, name)).toString('base64');

describe('createValidator().check', () => {
  test('ImageData: the same Report as validateImageData, and the pixels are transferred', async () => {
    const r = await page.evaluate(async (coffee) => {
      const image = await pixels(file(coffee, 'coffee.png', 'image/png'));
      const kept = new ImageData(image.data.slice(), image.width, image.height);
      const sync = wasm.validateImageData(kept, { kind: 'document', lang: 'zh-Hans' });
      const promise = v.check(image, { kind: 'document', lang: 'zh-Hans' });
      const lengthAfterCall = image.data.byteLength; // detached as soon as check() returns
      const report = await promise;
      const copied = new ImageData(kept.data.slice(), kept.width, kept.height);
      const again = await v.check(copied, { kind: 'document', lang: 'zh-Hans', copy: true });
      return { sync, report, again, lengthAfterCall, lengthWithCopy: copied.data.byteLength, keptLength: kept.data.byteLength };
    }, b64('coffee.png'));
    assert.deepEqual(r.report, r.sync);
    assert.deepEqual(r.again, r.sync);
    assert.equal(r.report.width, 600);
    assert.ok(r.report.checks.some((c) => c.id === 'color' && c.verdict === 'pass'));
    assert.equal(r.lengthAfterCall, 0, 'the caller\'s ImageData buffer is detached (transferred, not copied)');
    assert.equal(r.lengthWithCopy, 600 * 400 * 4, 'with copy: true the caller keeps its pixels');
  });

  test('a view into a larger buffer is copied, and the buffer is left alone', async () => {
    const r = await page.evaluate(async () => {
      const big = new Uint8Array(8 + 20 * 10 * 4).fill(128);
      const image = { data: big.subarray(8), width: 20, height: 10 };
      const report = await v.check(image);
      return { width: report.width, length: big.byteLength };
    });
    assert.deepEqual(r, { width: 20, length: 8 + 800 });
  });

  test('a File, its bytes and an ImageBitmap give the reports the page gave with the binding', async () => {
    const r = await page.evaluate(async (coffee) => {
      const f = file(coffee, 'coffee.png', 'image/png');
      const bytes = new Uint8Array(await f.arrayBuffer());
      const image = await pixels(f);
      const sync = wasm.validateImageData(image, { lang: 'en' }, bytes);
      const fromFile = await v.checkDetailed(f, { lang: 'en' });
      const overLimit = await v.check(f, { lang: 'en', file: { maxBytes: 1000 } }); // the file check's own options
      const fromBytes = await v.check(bytes, { lang: 'en' });
      const fromBuffer = await v.check(bytes.buffer, { lang: 'en' });
      const bitmap = await createImageBitmap(f);
      const fromBitmap = await v.check(bitmap, { lang: 'en', original: f });
      return { sync, fromFile, overLimit, fromBytes, fromBuffer, fromBitmap, bitmapWidthAfter: bitmap.width, bytesKept: bytes.byteLength };
    }, b64('coffee.png'));
    assert.deepEqual(r.fromFile.report, r.sync);
    assert.equal(r.fromFile.decoder, 'browser');
    assert.ok(r.fromFile.ms > 0);
    assert.equal(r.overLimit.checks.find((c) => c.id === 'file').verdict, 'fail', 'the `file` option reaches the file check');
    assert.deepEqual(r.fromBytes, r.sync);
    assert.deepEqual(r.fromBuffer, r.sync);
    assert.deepEqual(r.fromBitmap, r.sync, 'pixels with `original` run the file checks too');
    assert.ok(r.sync.checks.some((c) => c.id === 'file'), 'the file check ran');
    assert.equal(r.bitmapWidthAfter, 0, 'the ImageBitmap was transferred');
    assert.equal(r.bytesKept, readFileSync(path.join(PHOTOS, 'coffee.png')).length, 'encoded bytes are copied, not taken');
  });

  test('errors keep the code and message of the binding', async () => {
    const cut = readFileSync(path.join(PHOTOS, 'rocket.jpg'));
    const r = await page.evaluate(async (half) => {
      const broken = file(half, 'broken.jpg', 'image/jpeg');
      const bytes = new Uint8Array(await broken.arrayBuffer());
      const syncError = (() => {
        try {
          wasm.validateBytes(bytes);
        } catch (e) {
          return { code: e.code, message: e.message };
        }
        return null;
      })();
      return {
        syncError,
        corrupt: await caught(v.checkDetailed(broken)),
        text: await caught(v.check(new File(['not a photo at all'], 'notes.txt'))),
        empty: await caught(v.check(new Blob([]))),
        kind: await caught(v.check(new Blob([]), { kind: 'passport' })),
        unknown: await caught(v.check(synthetic(8, 8), { nope: 1 })),
        notAnImage: await caught(v.check(42)),
        shortBuffer: await caught(v.check({ data: new Uint8ClampedArray(10), width: 4, height: 4 })),
        afterwards: (await v.check(synthetic(32, 32))).width,
      };
    }, cut.subarray(0, cut.length / 2).toString('base64'));
    assert.equal(r.corrupt.code, 'corrupt');
    assert.equal(r.corrupt.isError, true);
    assert.deepEqual({ code: r.corrupt.code, message: r.corrupt.message }, r.syncError);
    assert.match(r.corrupt.message, /JPEG data ends before the image does/);
    assert.equal(r.text.code, 'unsupported-format');
    assert.equal(r.empty.code, 'empty');
    assert.equal(r.kind.code, 'invalid-options');
    assert.match(r.kind.message, /passport/);
    assert.equal(r.unknown.code, 'invalid-options');
    assert.match(r.unknown.message, /nope/);
    assert.equal(r.notAnImage.code, 'invalid-input');
    assert.equal(r.shortBuffer.code, 'buffer-size');
    assert.equal(r.afterwards, 32, 'the validator keeps working after errors');
  });
});

describe('the language', () => {
  test('follows navigator.languages when no lang is given', async () => {
    const picked = await page.evaluate(() => [api.pickLang(['zh-HK', 'en']), api.pickLang(['fr', 'zh-CN']),
      api.pickLang(['de', 'en-GB']), api.pickLang(['de']), api.pickLang(['zh']), api.pickLang(['zh-Hans-HK']), api.pickLang(['zh-Hant'])]);
    assert.deepEqual(picked, ['zh-Hant', 'zh-Hans', 'en', 'en', 'zh-Hans', 'zh-Hans', 'zh-Hant']);
    const context = await browser.newContext({ locale: 'zh-TW' });
    const tw = await context.newPage();
    await tw.goto(server.url);
    const r = await tw.evaluate(async () => {
      const { createValidator } = await import('./pkg/index.js');
      const wasm = await import('./pkg/kyc_preflight.js');
      await wasm.default({ module_or_path: new URL('./pkg/kyc_preflight_bg.wasm', location.href) });
      const image = () => new ImageData(new Uint8ClampedArray(64 * 48 * 4).fill(128), 64, 48);
      const v = await createValidator();
      return { languages: navigator.languages, report: await v.check(image()), want: wasm.validateImageData(image(), { lang: 'zh-Hant' }) };
    });
    await context.close();
    assert.equal(r.languages[0], 'zh-TW');
    assert.deepEqual(r.report, r.want);
    assert.match(r.report.checks[0].message, /[\u4e00-\u9fff]/);
  });
});

describe('the queue and AbortSignal', () => {
  test('calls queue in order; aborting a queued call drops it', async () => {
    const r = await page.evaluate(async () => {
      const order = [];
      const a = v.check(synthetic(2000, 1500)).then((rep) => order.push(`a:${rep.width}`));
      const ctrl = new AbortController();
      const b = caught(v.check(synthetic(300, 200), { signal: ctrl.signal }));
      const c = v.check(synthetic(100, 50)).then((rep) => order.push(`c:${rep.width}`));
      const pendingBefore = v.pending;
      ctrl.abort();
      const pendingAfterAbort = v.pending;
      const bResult = await b;
      await Promise.all([a, c]);
      return { order, pendingBefore, pendingAfterAbort, bResult, pendingAtEnd: v.pending };
    });
    assert.equal(r.pendingBefore, 3);
    assert.equal(r.pendingAfterAbort, 2, 'the aborted call left the queue');
    assert.equal(r.bResult.name, 'AbortError');
    assert.deepEqual(r.order, ['a:2000', 'c:100']);
    assert.equal(r.pendingAtEnd, 0);
  });

  test('aborting a running call rejects it at once; the worker goes on with the next', async () => {
    const r = await page.evaluate(async () => {
      const ctrl = new AbortController();
      const t0 = performance.now();
      const a = caught(v.check(synthetic(3000, 2000), { signal: ctrl.signal }));
      const next = v.check(synthetic(64, 48));
      await new Promise((res) => setTimeout(res, 20));
      const abortedAt = performance.now();
      ctrl.abort();
      const aResult = await a;
      const rejectedAfter = performance.now() - abortedAt;
      const stillRunning = v.pending;
      const nextReport = await next;
      return { aResult, rejectedAfter, stillRunning, nextWidth: nextReport.width, total: performance.now() - t0 };
    });
    assert.equal(r.aResult.name, 'AbortError');
    assert.ok(r.rejectedAfter < 50, `rejected ${r.rejectedAfter} ms after the abort`);
    assert.equal(r.stillRunning, 2, 'the aborted job still occupies the worker until it is done');
    assert.equal(r.nextWidth, 64);
  });

  test('an already-aborted signal rejects without queueing; the reason is the signal\'s', async () => {
    const r = await page.evaluate(async () => {
      const p = caught(v.check(synthetic(8, 8), { signal: AbortSignal.abort() }));
      const pending = v.pending;
      const ctrl = new AbortController();
      ctrl.abort(Object.assign(new Error('stop'), { code: 'mine' }));
      return { first: await p, pending, custom: await caught(v.check(synthetic(8, 8), { signal: ctrl.signal })) };
    });
    assert.equal(r.first.name, 'AbortError');
    assert.equal(r.pending, 0);
    assert.equal(r.custom.code, 'mine');
  });
});

describe('the page is never blocked', () => {
  test('timers keep firing while 12-megapixel photos are checked in the worker', async () => {
    const r = await page.evaluate(async () => {
      const ROUNDS = 6;
      const STALL_MS = 50;
      const image = synthetic(4000, 3000);
      // A 4 ms timer; `stop` returns the run's length, its longest gap, and the share of the run
      // spent in gaps over STALL_MS, when a person would feel the page hang.
      const watch = () => {
        const start = performance.now();
        let last = start;
        let worst = 0;
        let stalled = 0;
        const tick = () => {
          const now = performance.now();
          const gap = now - last;
          worst = Math.max(worst, gap);
          if (gap > STALL_MS) stalled += gap;
          last = now;
        };
        const id = setInterval(tick, 4);
        return () => {
          clearInterval(id);
          tick();
          const ms = performance.now() - start;
          return { ms, worstGap: worst, stalledShare: stalled / ms };
        };
      };
      // The worker may take each photo's pixels over, so it gets copies; the main thread reads
      // the same photo each time.
      const forWorker = Array.from({ length: ROUNDS }, () => new ImageData(image.data.slice(), image.width, image.height));
      let stop = watch();
      for (const one of forWorker) await v.check(one);
      const worker = stop();
      // The same checks on the main thread, for comparison: the page hangs through all of them.
      stop = watch();
      await new Promise((res) => setTimeout(res, 0));
      for (let i = 0; i < ROUNDS; i++) wasm.validateImageData(image);
      const main = stop();
      return { worker, main, rounds: ROUNDS };
    });
    const line = (run) => `${run.ms.toFixed(0)} ms, longest timer gap ${run.worstGap.toFixed(0)} ms, `
      + `${(100 * run.stalledShare).toFixed(0)} % of it in gaps over 50 ms`;
    console.log(`${r.rounds} × 12 MP checks: in the worker ${line(r.worker)}; on the main thread ${line(r.main)}`);
    // The main-thread run shows that the photos are large enough to hang a page; else this test
    // would prove nothing. A busy machine can delay one timer by a whole check (147 ms once, on a
    // CI machine), so the worker run is judged by how much of it the page hung, not by its worst gap.
    assert.ok(r.main.stalledShare > 0.8, `the main-thread run hung the page for only ${line(r.main)}`);
    assert.ok(r.worker.stalledShare < 0.4, `the page hung during the worker's checks: ${line(r.worker)}`);
  });
});

describe('createValidator().checkPair', () => {
  test('front and back in the worker: the PairReport of validatePair, for files, bytes and pixels', async () => {
    const r = await page.evaluate(async ([rocket, coffee]) => {
      const front = file(rocket, 'front.jpg', 'image/jpeg');
      const back = file(coffee, 'back.png', 'image/png');
      const frontBytes = new Uint8Array(await front.arrayBuffer());
      const backBytes = new Uint8Array(await back.arrayBuffer());
      const options = { lang: 'zh-Hans' };
      // Both sides with the face model, so that both reports carry the document's portrait check.
      await v.check(back, { kind: 'selfie' });
      // The page's own module gets the face module's detector, as the worker's did.
      const model = await fetch('./pkg/seeta_fd_frontal_v1.0.bin').then((res) => res.arrayBuffer());
      const face = await import('./pkg/kyc_preflight_face.js');
      await face.default({ module_or_path: new URL('./pkg/kyc_preflight_face_bg.wasm', location.href) });
      face.loadFaceModel(new Uint8Array(model));
      wasm.setFaceDetector(face.detectFaces);
      return {
        sync: wasm.validatePair(frontBytes, backBytes, 'id-card', options),
        worker: await v.checkPair(front, back, { ...options, documentType: 'id-card' }),
        fromBytes: await v.checkPair(frontBytes, backBytes.buffer, { ...options, documentType: 'id-card' }),
        twice: await v.checkPair(front, front, { lang: 'en' }),
        noBack: await v.checkPair(front, null, { lang: 'en', documentType: 'driving-licence' }),
        passport: await v.checkPair(front, undefined, { lang: 'en', documentType: 'passport' }),
        pixels: await v.checkPair(await pixels(front), await pixels(front), { lang: 'en' }),
        badType: await caught(v.checkPair(front, back, { documentType: 'visa' })),
        corrupt: await caught(v.checkPair(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16]), back, {})),
      };
    }, [b64('rocket.jpg'), b64('coffee.png')]);
    assert.deepEqual(r.worker, r.sync, 'the worker gives what the binding gives');
    assert.deepEqual(r.fromBytes, r.sync);
    assert.ok(r.sync.front.checks.some((c) => c.id === 'file'), 'each photo\'s file checks ran');
    assert.equal(r.sync.pair.key, 'pair.pass');
    assert.match(r.sync.pair.message, /[\u4e00-\u9fff]/, 'the message is in the language asked for');
    assert.deepEqual([r.twice.pair.key, r.twice.pair.verdict, r.twice.verdict], ['pair.same-image', 'fail', 'fail']);
    assert.deepEqual([r.noBack.pair.key, r.noBack.pair.verdict], ['pair.back-missing', 'fail']);
    assert.equal(r.noBack.back, undefined);
    assert.deepEqual([r.passport.pair.key, r.passport.pair.verdict], ['pair.one-side', 'pass']);
    assert.equal(r.pixels.pair.key, 'pair.same-image', 'decoded pixels are compared too');
    assert.equal(r.badType.code, 'invalid-input');
    assert.equal(r.corrupt.code, 'corrupt');
  });
});

describe('policy, errors at start and terminate', () => {
  test('checkPolicy in the worker equals the binding\'s', async () => {
    const r = await page.evaluate(async () => {
      const form = { expiryDate: '2000-01-01', dateOfBirth: '2015-05-05', issuingCountry: 'GB' };
      const options = { today: '2026-01-01', lang: 'zh-Hant' };
      return { sync: wasm.checkPolicy(form, null, options), worker: await v.checkPolicy(form, null, options),
        bad: await caught(v.checkPolicy({ nope: 1 })) };
    });
    assert.deepEqual(r.worker, r.sync);
    assert.equal(r.worker.verdict, 'fail');
    assert.equal(r.bad.code, 'invalid-form');
  });

  test('a wasm that cannot be loaded, or an unknown option, fails createValidator with a code', async () => {
    const r = await page.evaluate(async () => ({
      wasm: await caught(api.createValidator({ wasmUrl: new URL('./pkg/missing.wasm', location.href) })),
      worker: await caught(api.createValidator({ workerUrl: new URL('./pkg/missing.js', location.href) })),
      option: await caught(api.createValidator({ lang: 'en' })),
    }));
    assert.equal(r.wasm.code, 'worker');
    assert.match(r.wasm.message, /missing\.wasm/);
    assert.equal(r.worker.code, 'worker');
    assert.equal(r.option.code, 'invalid-options');
  });

  test('terminate rejects what is waiting and everything after', async () => {
    const r = await page.evaluate(async () => {
      const t = await api.createValidator();
      const running = caught(t.check(synthetic(2000, 1500)));
      const queued = caught(t.check(synthetic(10, 10)));
      t.terminate();
      return { running: await running, queued: await queued, later: await caught(t.check(synthetic(10, 10))), pending: t.pending };
    });
    for (const k of ['running', 'queued', 'later']) assert.equal(r[k].code, 'terminated', k);
    assert.equal(r.pending, 0);
  });

  test('no page errors', () => {
    assert.deepEqual(problems, []);
  });
});
