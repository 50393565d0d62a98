// The Web Worker behind createValidator(): it starts the wasm once, then runs one job per message.
// index.js sends one job at a time (it keeps the queue); each reply carries the job's id and
// either a result or an error as plain data { name, code, message }.

import init, { checkPolicy, setFaceDetector, validateBytes, validateImageData, validatePair } from './kyc_preflight.js';
import { prepareUpload } from './prepare.js';

/** The wasm's start, begun by the first 'init' job and awaited by every later one. */
let ready = null;
/** Where the wasm came from: the face module and the face model are files beside it. */
let wasmUrl = null;
/** The face module's start and the model's fetch and load, begun by the first check of a selfie kind. */
let faceModel = null;

self.onmessage = async (event) => {
  const { id } = event.data;
  try {
    self.postMessage({ id, result: await run(event.data) });
  } catch (e) {
    self.postMessage({ id, error: describe(e) });
  }
};

async function run(job) {
  switch (job.type) {
    case 'init':
      wasmUrl ??= job.wasmUrl;
      ready ??= init({ module_or_path: job.wasmUrl }).catch((e) => {
        throw coded('worker', `the wasm could not be started from ${job.wasmUrl}: ${e?.message ?? e}`);
      });
      await ready;
      return null;
    case 'check':
      await started();
      if (job.options?.kind && job.options.kind !== 'document') await faceModelLoaded();
      return check(job.input, job.options, job.original);
    case 'pair':
      await started();
      return checkPair(job);
    case 'policy':
      await started();
      return checkPolicy(job.form, job.profile, job.options);
    case 'prepare':
      return prepareUpload(unpack(job.input), job.options);
    default:
      throw coded('invalid-input', `unknown job type ${job.type}`);
  }
}

/**
 * Loads the face module (kyc_preflight_face.js and kyc_preflight_face_bg.wasm, the face detector)
 * and the face model (seeta_fd_frontal_v1.0.bin, 1.2 MB) once, the first time a selfie kind is
 * checked, and hands the detector to the main module, so that pages that check only documents
 * download neither. When that fails the check still runs, and its `face` finding
 * (`face.no-model`, a warn) says that the model is not loaded; a later check tries again.
 */
function faceModelLoaded() {
  const started = async () => {
    const face = await import('./kyc_preflight_face.js');
    await face.default({ module_or_path: new URL('kyc_preflight_face_bg.wasm', wasmUrl) });
    return face;
  };
  const fetched = () => fetch(new URL('seeta_fd_frontal_v1.0.bin', wasmUrl))
    .then((r) => (r.ok ? r.arrayBuffer() : Promise.reject(new Error(`HTTP ${r.status}`))));
  faceModel ??= Promise.all([started(), fetched()])
    .then(([face, model]) => {
      face.loadFaceModel(new Uint8Array(model));
      setFaceDetector(face.detectFaces);
    })
    .catch((e) => {
      console.warn('kyc-preflight: the face model was not loaded:', e);
      faceModel = null;
    });
  return faceModel;
}

function started() {
  if (!ready) throw coded('worker', 'the validator was not started');
  return ready;
}

/**
 * Checks one input. Pixels go straight to the wasm. An encoded file is decoded by the browser
 * (fast, and it applies the EXIF orientation); when the browser cannot decode it, the bytes go to
 * the wasm's own decoder, whose typed error says why (`corrupt`, `unsupported-format`, `empty`…).
 * `original`, when given, is the encoded file the pixels came from: the file's own checks read it.
 */
async function check(input, options, original) {
  const start = performance.now();
  const done = (report, decoder) => ({ report, decoder, ms: performance.now() - start });
  const fileBytes = original === undefined ? undefined : await bytesOf(original);
  if (input.type === 'pixels') return done(validateImageData(input, options, fileBytes), 'none');
  if (input.type === 'bitmap') return done(validateImageData(bitmapPixels(input.bitmap), options, fileBytes), 'none');
  const blob = input.type === 'blob' ? input.blob : new Blob([input.bytes]);
  const bytes = fileBytes ?? new Uint8Array(await blob.arrayBuffer());
  const image = await decode(blob);
  if (image) return done(validateImageData(image, options, bytes), 'browser');
  try {
    return done(validateBytes(bytes, options), 'kyc-preflight');
  } catch (e) {
    if (e?.code === 'unsupported-format' && isWebP(bytes)) throw damagedWebP();
    throw e;
  }
}

/**
 * Checks the front and back of one document. Files go to the wasm as their bytes, so that each
 * photo's file checks run and the wasm applies the EXIF orientation; a WebP file, which the wasm
 * leaves to the browser, is decoded here and goes as pixels.
 */
async function checkPair({ front, back, documentType, options }) {
  const start = performance.now();
  const photo = async (input) => {
    if (input.type === 'pixels') return input;
    if (input.type === 'bitmap') return bitmapPixels(input.bitmap);
    const bytes = input.type === 'blob' ? await bytesOf(input.blob) : input.bytes;
    if (!isWebP(bytes)) return bytes;
    const image = await decode(new Blob([bytes]));
    if (!image) throw damagedWebP();
    return image;
  };
  const report = validatePair(await photo(front), back ? await photo(back) : null, documentType ?? null, options);
  return { report, ms: performance.now() - start };
}

/** The wasm leaves WebP to the browser (README, Formats): one the browser cannot decode is damaged. */
function damagedWebP() {
  return coded('corrupt', 'the image is damaged or incomplete: the browser could not decode this WebP file');
}

function isWebP(bytes) {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes.buffer ?? bytes, bytes.byteOffset ?? 0);
  const tag = (at) => String.fromCharCode(...view.subarray(at, at + 4));
  return view.length >= 12 && tag(0) === 'RIFF' && tag(8) === 'WEBP';
}

async function bytesOf(file) {
  if (file instanceof Blob) return new Uint8Array(await file.arrayBuffer());
  return file; // an ArrayBuffer or a typed array, which the wasm reads as it is
}

/** The browser's decoding of the file, upright; null when it cannot decode it. */
async function decode(blob) {
  let bitmap;
  try {
    bitmap = await createImageBitmap(blob, { imageOrientation: 'from-image' });
  } catch {
    return null;
  }
  try {
    return pixelsOf(bitmap);
  } catch {
    return null; // too large for a canvas: the wasm decodes it, or says it is too large
  } finally {
    bitmap.close();
  }
}

/** The bitmap's pixels; the bitmap is closed. */
function bitmapPixels(bitmap) {
  const image = pixelsOf(bitmap);
  bitmap.close();
  return image;
}

function pixelsOf(bitmap) {
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  ctx.drawImage(bitmap, 0, 0);
  return ctx.getImageData(0, 0, bitmap.width, bitmap.height);
}

/** The input of a job as prepareUpload takes it. */
function unpack(input) {
  if (input.type === 'pixels') return { data: input.data, width: input.width, height: input.height };
  if (input.type === 'bitmap') return input.bitmap;
  if (input.type === 'blob') return input.blob;
  return input.bytes;
}

function coded(code, message) {
  return Object.assign(new Error(message), { code });
}

/** An error as plain data; the wasm's errors carry a stable string `code`. */
function describe(e) {
  if (e instanceof Error || e instanceof DOMException) {
    return { name: e.name, message: e.message, code: typeof e.code === 'string' ? e.code : undefined };
  }
  return { name: 'Error', message: String(e), code: undefined };
}
