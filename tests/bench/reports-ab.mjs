// Checks that two builds of the wasm give the same reports, to every digit, on the bench scene,
// on crops of it that give every analysis scale from 1 to 4 and ragged block edges, and on the
// whole scene shrunk by 3 to 12 (the card seen whole at every size of the locator's work image):
//
//   node tests/bench/reports-ab.mjs PKG_A PKG_B PHOTOS_DIR
//
// PHOTOS_DIR holds the 12 MP bench scene as raw RGBA, `4032x3024.rgba`, and the 720p one,
// `1280x720.rgba`, written by `node tests/bench/dump-scene.mjs PHOTOS_DIR`.
// Exits with status 1 when any report differs.
import fs from 'node:fs';
import path from 'node:path';
import { loadPkg } from './load-pkg.mjs';

const [pkgA, pkgB, photos] = process.argv.slice(2);
const A = await loadPkg(pkgA);
const B = await loadPkg(pkgB);
const full = fs.readFileSync(path.join(photos, '4032x3024.rgba'));
const crop = (w, h) => {
  const data = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++) data.set(full.subarray(y * 4032 * 4, y * 4032 * 4 + w * 4), y * w * 4);
  return { width: w, height: h, data };
};
// The whole scene, each f×f block replaced by its mean.
const shrunk = (f) => {
  const [w, h] = [Math.floor(4032 / f), Math.floor(3024 / f)];
  const data = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      for (let c = 0; c < 4; c++) {
        let s = 0;
        for (let dy = 0; dy < f; dy++) for (let dx = 0; dx < f; dx++) s += full[((y * f + dy) * 4032 + x * f + dx) * 4 + c];
        data[(y * w + x) * 4 + c] = Math.round(s / (f * f));
      }
  return { width: w, height: h, data };
};
const hd = { width: 1280, height: 720, data: new Uint8ClampedArray(fs.readFileSync(path.join(photos, '1280x720.rgba'))) };
const IMAGES = [];
const SIZES = [[4032, 3024], [4030, 3021], [4031, 3000], [3265, 2449], [2999, 2001], [1925, 1081], [3600, 2700],
  [4000, 3000], [2047, 1535], [2046, 1150], [1283, 721], [1280, 720], [1024, 768], [641, 359], [1000, 999]];
for (const [w, h] of SIZES) IMAGES.push([`${w}x${h}`, () => crop(w, h)]);
for (const f of [3, 4, 5, 6, 8, 12]) IMAGES.push([`shrunk ${f}`, () => shrunk(f)]);
IMAGES.push(['720p scene', () => hd]);
let different = 0;
for (const [name, make] of IMAGES) {
  const img = make();
  const reports = [A.validateImageData(img), B.validateImageData(img)];
  const [a, b] = reports.map((r) => JSON.stringify({ document: r.document, checks: r.checks }));
  if (a === b) {
    console.log(`${name} same${reports[0].document ? '' : ' (no document found)'}`);
  } else {
    console.log(`${name} DIFFERENT\n  ${a}\n  ${b}`);
    different++;
  }
}
console.log(`same ${IMAGES.length - different}, different ${different}`);
process.exit(different ? 1 : 0);
