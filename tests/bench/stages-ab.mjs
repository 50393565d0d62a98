// Compares two bench builds of the wasm stage by stage in node, interleaved run by run:
//
//   node tests/bench/stages-ab.mjs PKG_A PKG_B PHOTOS_DIR [runs]
//
// PKG_A and PKG_B are wasm-bindgen `--target web` packages built with the `bench` feature (as
// `make bench` builds target/bench-pkg); PHOTOS_DIR holds the bench scene as raw RGBA,
// `4032x3024.rgba` and `1280x720.rgba` (the page's `documentPhoto(w, h).image.data`), written
// by `node tests/bench/dump-scene.mjs PHOTOS_DIR`.
// Prints each stage's median and minimum over the runs for both builds: on a shared machine
// the minimum is the steadier figure of the work done.
import fs from 'node:fs';
import path from 'node:path';
import { loadPkg } from './load-pkg.mjs';

const [pkgA, pkgB, photos, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 15);
const A = await loadPkg(pkgA);
const B = await loadPkg(pkgB);
const image = (w, h) => ({ width: w, height: h, data: new Uint8ClampedArray(fs.readFileSync(path.join(photos, `${w}x${h}.rgba`))) });
const images = { mp12: image(4032, 3024), hd: image(1280, 720) };
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const times = { A: {}, B: {} };
const add = (who, key, ms) => (times[who][key] ??= []).push(ms);
for (let i = 0; i < 2; i++) for (const m of [A, B]) Object.values(images).forEach((img) => m.benchStages(img));
for (let r = 0; r < runs; r++) {
  // Alternate which build goes first.
  for (const [who, m] of r % 2 ? [['A', A], ['B', B]] : [['B', B], ['A', A]]) {
    for (const [size, img] of Object.entries(images)) {
      const t0 = performance.now();
      for (const [name, ms] of m.benchStages(img)) add(who, `${name.split(' ')[0]} ${size}`, ms);
      add(who, `total ${size}`, performance.now() - t0);
    }
  }
}
const f = (x) => (x === undefined ? '-' : x.toFixed(2)).padStart(8);
console.log('stage            median A median B    min A    min B');
for (const key of new Set([...Object.keys(times.A), ...Object.keys(times.B)])) {
  const [a, b] = [times.A[key], times.B[key]];
  console.log(`${key.padEnd(16)} ${f(a && median(a))} ${f(b && median(b))} ${f(a && Math.min(...a))} ${f(b && Math.min(...b))}`);
}
console.log('load', fs.readFileSync('/proc/loadavg', 'utf8').trim());
