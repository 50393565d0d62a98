// Videos for Chromium's fake camera (--use-file-for-fake-video-capture=FILE.y4m): a YUV4MPEG2
// header, then each frame as "FRAME\n" and its Y, U and V planes (4:2:0, 8 bits, BT.601 limited
// range, which Chromium's file capture assumes). Frames are made from a PPM scene that
// examples/camera_scene.rs renders from the corpus generator.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './harness.mjs';

/** Reads a binary PPM (P6, maxval 255): { width, height, rgb }. */
export function readPpm(buf) {
  const fields = [];
  let i = 0;
  while (fields.length < 4) {
    while (i < buf.length && /\s/.test(String.fromCharCode(buf[i]))) i++;
    if (buf[i] === 0x23) { // a comment runs to the end of the line
      while (i < buf.length && buf[i] !== 0x0a) i++;
      continue;
    }
    let j = i;
    while (j < buf.length && !/\s/.test(String.fromCharCode(buf[j]))) j++;
    if (j === i) throw new Error('PPM header ends early');
    fields.push(buf.toString('latin1', i, j));
    i = j;
  }
  const [magic, w, h, max] = fields;
  if (magic !== 'P6' || max !== '255') throw new Error(`not an 8-bit binary PPM (${magic}, maxval ${max})`);
  const width = Number(w);
  const height = Number(h);
  const rgb = buf.subarray(i + 1, i + 1 + width * height * 3);
  if (rgb.length !== width * height * 3) throw new Error('PPM pixel data is short');
  return { width, height, rgb };
}

const clamp = (v) => (v < 0 ? 0 : v > 255 ? 255 : Math.round(v));

/** One 4:2:0 frame (Y, then U, then V) from RGB bytes; width and height must be even. */
export function rgbToI420(rgb, width, height) {
  if (width % 2 || height % 2) throw new Error('4:2:0 needs an even width and height');
  const out = new Uint8Array((width * height * 3) / 2);
  const u0 = width * height;
  const v0 = u0 + (width * height) / 4;
  for (let p = 0; p < width * height; p++) {
    const r = rgb[3 * p];
    const g = rgb[3 * p + 1];
    const b = rgb[3 * p + 2];
    out[p] = clamp(16 + (65.481 * r + 128.553 * g + 24.966 * b) / 255);
  }
  for (let y = 0; y < height; y += 2) {
    for (let x = 0; x < width; x += 2) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (const [dx, dy] of [[0, 0], [1, 0], [0, 1], [1, 1]]) {
        const p = 3 * ((y + dy) * width + x + dx);
        r += rgb[p];
        g += rgb[p + 1];
        b += rgb[p + 2];
      }
      r /= 4;
      g /= 4;
      b /= 4;
      const c = (y / 2) * (width / 2) + x / 2;
      out[u0 + c] = clamp(128 + (-37.797 * r - 74.203 * g + 112 * b) / 255);
      out[v0 + c] = clamp(128 + (112 * r - 93.786 * g - 18.214 * b) / 255);
    }
  }
  return out;
}

/** A whole y4m file from I420 frames. */
export function y4m(frames, width, height, fps = 30) {
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F${fps}:1 Ip A1:1 C420jpeg\n`, 'latin1');
  const parts = [header];
  for (const f of frames) {
    if (f.length !== (width * height * 3) / 2) throw new Error('frame size does not match the header');
    parts.push(Buffer.from('FRAME\n', 'latin1'), Buffer.from(f.buffer, f.byteOffset, f.length));
  }
  return Buffer.concat(parts);
}

/**
 * Renders a corpus scene of `cls` (clean, glare, blur, …) to PPM with examples/camera_scene.rs
 * (feature `corpus`), kept in .cache/camera so that later runs reuse it. Returns the PPM's path.
 */
export function scenePpm(cls, width = 640, height = 480) {
  const dir = path.join(ROOT, '.cache/camera');
  mkdirSync(dir, { recursive: true });
  const out = path.join(dir, `${cls}-${width}x${height}.ppm`);
  if (!existsSync(out)) {
    execFileSync('cargo', ['run', '--quiet', '--release', '--features', 'corpus', '--example', 'camera_scene', '--',
      '--class', cls, '--width', String(width), '--height', String(height), '--out', out], { cwd: ROOT, stdio: 'inherit' });
  }
  return out;
}

/** Writes a y4m of the scene to `file`: `frames` copies of it (Chromium loops the file). */
export function writeSceneY4m(ppmPath, file, frames = 4) {
  const { width, height, rgb } = readPpm(readFileSync(ppmPath));
  const frame = rgbToI420(rgb, width, height);
  writeFileSync(file, y4m(Array.from({ length: frames }, () => frame), width, height));
  return { width, height, frames };
}
