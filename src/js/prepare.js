// prepareUpload(): the photo as it should be uploaded. Decoded upright (EXIF orientation applied),
// drawn on a canvas and encoded again, so that nothing of the file but its pixels is carried over:
// no EXIF (GPS above all), XMP, IPTC or comment. What the browser's encoder adds of its own (Chrome
// writes an sRGB ICC profile into JPEGs) is cut out too. Downscaled only as far as needed to fit
// maxBytes; the SHA-256 of the bytes comes with it. Runs on the main thread or in a worker.

/** The defaults of prepareUpload's options. */
export const PREPARE_DEFAULTS = Object.freeze({
  /** 10 MiB: the default size limit of the file check (`FileOptions.maxBytes`). */
  maxBytes: 10 * 1024 * 1024,
  /** Long side in pixels. 4096 px puts an ID-1 card (85.6 mm) filling the frame at ~48 px/mm. */
  maxSide: 4096,
  format: 'jpeg',
  /** The first quality tried: the browsers' own default for JPEG (0.92). */
  quality: 0.92,
  /**
   * The lowest quality used before the image is made smaller: 0.7, the estimated quality below
   * which the compression check warns (`CompressionOptions.warnQuality`, 70).
   */
  minQuality: 0.7,
});

const MIME = { jpeg: 'image/jpeg', webp: 'image/webp', png: 'image/png' };
/** The smallest long side tried before giving up, in pixels. */
const MIN_SIDE = 16;
/** Quality bisection steps: 4 halvings of 0.92 − 0.7 leave a step of 0.014. */
const QUALITY_STEPS = 4;

/**
 * Re-encodes `input` for upload. The search, in order:
 * 1. the image scaled to fit `maxSide`, at `quality`; if it fits in `maxBytes`, done;
 * 2. lossy formats: at `minQuality`; if that fits, the highest quality that fits, by bisection;
 * 3. otherwise the long side is bisected (at `minQuality`) down to the largest that fits,
 *    to within 1 % or 1 px, starting from the guess that bytes grow with the pixel count.
 * @param {Blob | ImageData | ImageBitmap | ArrayBuffer | ArrayBufferView | {data: ArrayBufferView, width: number, height: number}} input
 * @param {import('./prepare.js').PrepareOptions} [options]
 */
export async function prepareUpload(input, options = {}) {
  const opts = readOptions(options);
  const { image, close } = await upright(input);
  try {
    const encode = encoder(image, opts);
    const fit = Math.min(opts.maxSide, Math.max(image.width, image.height));
    let best = await encode(fit, opts.quality);
    if (best.blob.size > opts.maxBytes && opts.lossy) best = await lowerQuality(encode, fit, opts, best);
    if (best.blob.size > opts.maxBytes) best = await shrink(encode, fit, opts, best);
    const bytes = new Uint8Array(await best.blob.arrayBuffer());
    return {
      blob: best.blob,
      sha256: await sha256Hex(bytes),
      width: best.width,
      height: best.height,
      bytes: bytes.length,
      format: opts.format,
      quality: opts.lossy ? best.quality : null,
      encodes: encode.count(),
    };
  } finally {
    close();
  }
}

/** Step 2: the highest quality in [minQuality, quality] that fits, or the encoding at minQuality. */
async function lowerQuality(encode, side, opts, tooBig) {
  const floor = await encode(side, opts.minQuality);
  if (floor.blob.size > opts.maxBytes) return floor;
  let [fits, over] = [floor, tooBig];
  for (let i = 0; i < QUALITY_STEPS; i++) {
    const mid = await encode(side, (fits.quality + over.quality) / 2);
    if (mid.blob.size <= opts.maxBytes) fits = mid;
    else over = mid;
  }
  return fits;
}

/** Step 3: the largest long side that fits at minQuality. */
async function shrink(encode, side, opts, tooBig) {
  const q = opts.minQuality;
  let over = tooBig;
  let fits = null;
  // Bytes grow about with the pixel count: guess from the last size, 5 % under, until one fits.
  while (!fits) {
    const guess = Math.floor(over.side * Math.sqrt(opts.maxBytes / over.blob.size) * 0.95);
    const next = Math.min(guess, over.side - 1);
    if (next < MIN_SIDE) {
      throw coded('cannot-fit', `the photo does not fit in ${opts.maxBytes} bytes even at ${MIN_SIDE} px`);
    }
    const tried = await encode(next, q);
    if (tried.blob.size <= opts.maxBytes) fits = tried;
    else over = tried;
  }
  while (over.side - fits.side > Math.max(1, Math.ceil(over.side * 0.01))) {
    const mid = await encode(Math.floor((fits.side + over.side) / 2), q);
    if (mid.blob.size <= opts.maxBytes) fits = mid;
    else over = mid;
  }
  return fits;
}

/** encode(longSide, quality) draws the image at that size and encodes it; count() says how often it ran. */
function encoder(image, opts) {
  const long = Math.max(image.width, image.height);
  let count = 0;
  const encode = async (side, quality) => {
    opts.signal?.throwIfAborted(); // between encodings: each one is short, the search can be long
    count++;
    const width = Math.max(1, Math.round((image.width * side) / long));
    const height = Math.max(1, Math.round((image.height * side) / long));
    const canvas = new OffscreenCanvas(width, height);
    const ctx = canvas.getContext('2d');
    if (opts.format === 'jpeg') {
      ctx.fillStyle = '#fff'; // JPEG has no alpha: transparent parts become white, not black
      ctx.fillRect(0, 0, width, height);
    }
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(image, 0, 0, width, height);
    const encoded = await canvas.convertToBlob({ type: MIME[opts.format], quality });
    if (encoded.type !== MIME[opts.format]) {
      throw coded('unsupported-format', `this browser cannot encode ${opts.format} (it gave ${encoded.type})`);
    }
    const bytes = pixelsOnly(new Uint8Array(await encoded.arrayBuffer()), opts.format);
    return { blob: new Blob([bytes], { type: encoded.type }), width, height, side, quality };
  };
  encode.count = () => count;
  return encode;
}

/**
 * The encoder's output with only what draws the image: a JPEG keeps its JFIF APP0 and loses
 * APP1–APP15 (EXIF, XMP, ICC, IPTC…) and comments; a PNG keeps its critical chunks and tRNS; a
 * WebP loses its ICCP, EXIF and XMP chunks. Anything it cannot parse is returned as it is.
 */
function pixelsOnly(bytes, format) {
  if (format === 'jpeg') return jpegPixelsOnly(bytes);
  if (format === 'png') return pngPixelsOnly(bytes);
  return webpPixelsOnly(bytes);
}

function jpegPixelsOnly(b) {
  if (b[0] !== 0xff || b[1] !== 0xd8) return b;
  const keep = [b.subarray(0, 2)];
  let i = 2;
  while (i + 4 <= b.length && b[i] === 0xff) {
    const marker = b[i + 1];
    const end = i + 2 + ((b[i + 2] << 8) | b[i + 3]);
    const isApp = marker >= 0xe0 && marker <= 0xef;
    const isJfif = marker === 0xe0 && String.fromCharCode(...b.subarray(i + 4, i + 8)) === 'JFIF';
    if (!(isApp || marker === 0xfe)) break; // the first table or frame header: the rest is image data
    if (isJfif) keep.push(b.subarray(i, end));
    i = end;
  }
  keep.push(b.subarray(i));
  return concat(keep);
}

function pngPixelsOnly(b) {
  const keep = [b.subarray(0, 8)];
  for (let i = 8; i + 12 <= b.length;) {
    const length = ((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]) >>> 0;
    const type = String.fromCharCode(...b.subarray(i + 4, i + 8));
    const end = i + 12 + length;
    const critical = type[0] >= 'A' && type[0] <= 'Z';
    if (critical || type === 'tRNS') keep.push(b.subarray(i, end));
    i = end;
  }
  return concat(keep);
}

function webpPixelsOnly(b) {
  const tag = (at) => String.fromCharCode(...b.subarray(at, at + 4));
  if (tag(0) !== 'RIFF' || tag(8) !== 'WEBP') return b;
  const keep = [];
  for (let i = 12; i + 8 <= b.length;) {
    const size = (b[i + 4] | (b[i + 5] << 8) | (b[i + 6] << 16) | (b[i + 7] << 24)) >>> 0;
    const end = i + 8 + size + (size & 1);
    const type = tag(i);
    if (type === 'VP8X') {
      const vp8x = b.slice(i, end);
      vp8x[8] &= ~(0x20 | 0x08 | 0x04); // the ICC, EXIF and XMP flags
      keep.push(vp8x);
    } else if (!['ICCP', 'EXIF', 'XMP '].includes(type)) {
      keep.push(b.subarray(i, end));
    }
    i = end;
  }
  const body = concat(keep);
  const out = new Uint8Array(12 + body.length);
  out.set(b.subarray(0, 12));
  new DataView(out.buffer).setUint32(4, 4 + body.length, true);
  out.set(body, 12);
  return out;
}

function concat(parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * The input as something a canvas can draw, upright. A file is decoded with its EXIF
 * orientation applied; pixels and bitmaps are taken as they are.
 */
async function upright(input) {
  if (typeof ImageBitmap !== 'undefined' && input instanceof ImageBitmap) return { image: input, close: () => {} };
  let source;
  if (input instanceof Blob) source = input;
  else if (input instanceof ArrayBuffer || ArrayBuffer.isView(input)) source = new Blob([input]);
  else if (input && typeof input === 'object' && ArrayBuffer.isView(input.data)) source = toImageData(input);
  else throw coded('invalid-input', 'expected a File, Blob, ImageData, ImageBitmap, ArrayBuffer or Uint8Array');
  if (source instanceof Blob && source.size === 0) throw coded('empty', 'the file is empty');
  try {
    const bitmap = await createImageBitmap(source, { imageOrientation: 'from-image' });
    return { image: bitmap, close: () => bitmap.close() };
  } catch (e) {
    if (!(source instanceof Blob)) throw coded('invalid-input', `the pixels cannot be drawn: ${e.message}`);
    const kind = await sniff(source);
    if (kind) throw coded('corrupt', `the ${kind} file cannot be decoded; it may be damaged or incomplete`);
    throw coded('unsupported-format', 'the file is not a JPEG, PNG, WebP, GIF, BMP or AVIF image');
  }
}

function toImageData({ data, width, height }) {
  const pixels = new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength);
  if (pixels.length !== width * height * 4) {
    throw coded('buffer-size', `${pixels.length} bytes of pixels do not make ${width}×${height} RGBA pixels`);
  }
  try {
    return new ImageData(pixels, width, height);
  } catch {
    return new ImageData(pixels.slice(), width, height); // a view ImageData cannot wrap (shared memory)
  }
}

/** The image format named by the file's first bytes, or null. */
async function sniff(blob) {
  const b = new Uint8Array(await blob.slice(0, 16).arrayBuffer());
  const ascii = (from, to) => String.fromCharCode(...b.subarray(from, to));
  if (b[0] === 0xff && b[1] === 0xd8) return 'JPEG';
  if (b[0] === 0x89 && ascii(1, 4) === 'PNG') return 'PNG';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'WebP';
  if (ascii(0, 3) === 'GIF') return 'GIF';
  if (ascii(0, 2) === 'BM') return 'BMP';
  if (ascii(4, 8) === 'ftyp') return 'AVIF or HEIF';
  return null;
}

/** Checks the options; an unknown name or a value out of range throws `invalid-options`. */
function readOptions(options) {
  const known = [...Object.keys(PREPARE_DEFAULTS), 'signal'];
  const unknown = Object.keys(options ?? {}).filter((k) => !known.includes(k));
  if (unknown.length) throw coded('invalid-options', `unknown option ${unknown.join(', ')} (known: ${known.join(', ')})`);
  const opts = { ...PREPARE_DEFAULTS };
  for (const [k, v] of Object.entries(options ?? {})) if (v !== undefined) opts[k] = v;
  if (!(opts.format in MIME)) throw coded('invalid-options', `format must be 'jpeg', 'webp' or 'png', not ${JSON.stringify(opts.format)}`);
  const whole = (name, min) => {
    if (!Number.isInteger(opts[name]) || opts[name] < min) throw coded('invalid-options', `${name} must be a whole number ≥ ${min}`);
  };
  whole('maxBytes', 1);
  whole('maxSide', MIN_SIDE);
  for (const name of ['quality', 'minQuality']) {
    if (!(typeof opts[name] === 'number' && opts[name] > 0 && opts[name] <= 1)) throw coded('invalid-options', `${name} must be in (0, 1]`);
  }
  if (opts.minQuality > opts.quality) throw coded('invalid-options', 'minQuality must not be above quality');
  if (opts.signal !== undefined && !(opts.signal instanceof AbortSignal)) throw coded('invalid-options', 'signal must be an AbortSignal');
  opts.lossy = opts.format !== 'png';
  return opts;
}

/** The SHA-256 of the bytes as 64 lower-case hex digits (Web Crypto: needs https or localhost). */
async function sha256Hex(bytes) {
  if (!globalThis.crypto?.subtle) {
    throw coded('insecure-context', 'SHA-256 needs Web Crypto, which browsers give only to https:// pages and localhost');
  }
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

function coded(code, message) {
  return Object.assign(new Error(message), { code });
}
