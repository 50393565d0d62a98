// Checks that two builds of the wasm give the same reports, to every digit, on the bench scene
// and on crops of it that give every analysis scale from 1 to 4 and ragged block edges:
//
//   node tests/bench/reports-ab.mjs PKG_A PKG_B PHOTOS_DIR
//
// PHOTOS_DIR holds the 12 MP bench scene as raw RGBA, `4032x3024.rgba` (see stages-ab.mjs).
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
const SIZES = [[4032, 3024], [4030, 3021], [4031, 3000], [3265, 2449], [2999, 2001], [1925, 1081], [3600, 2700],
  [4000, 3000], [2047, 1535], [2046, 1150], [1283, 721], [1280, 720], [1024, 768], [641, 359], [1000, 999]];
let different = 0;
for (const [w, h] of SIZES) {
  const img = crop(w, h);
  const [a, b] = [A.validateImageData(img), B.validateImageData(img)].map((r) => JSON.stringify({ document: r.document, checks: r.checks }));
  if (a === b) {
    console.log(`${w}x${h} same`);
  } else {
    console.log(`${w}x${h} DIFFERENT\n  ${a}\n  ${b}`);
    different++;
  }
}
console.log(`same ${SIZES.length - different}, different ${different}`);
process.exit(different ? 1 : 0);
