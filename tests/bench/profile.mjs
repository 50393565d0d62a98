// Profiles the wasm's stages in node: which functions the time of `benchStages` goes to.
//
//   node tests/bench/profile.mjs PKG PHOTOS_DIR [WxH] [runs]
//
// PKG is a bench build bound with its function names and before `wasm-opt` (whose -Oz inlines
// every function called once, so that most stages vanish into their callers):
//
//   wasm-bindgen --target web --keep-debug --out-dir PKG --out-name kyc_preflight \
//       target/wasm-bench/wasm32-unknown-unknown/release/kyc_preflight.wasm
//
// (after `make bench` or its first command). PHOTOS_DIR holds the bench scene as raw RGBA
// (`node tests/bench/dump-scene.mjs PHOTOS_DIR`). Runs `benchStages` on the WxH photo (default
// 1280x720) `runs` times (default 200) under V8's sampling profiler and prints, per call, each
// function's time with its callees (the first time it appears on a stack) and its own time.
import fs from 'node:fs';
import inspector from 'node:inspector/promises';
import path from 'node:path';
import { loadPkg } from './load-pkg.mjs';

const [pkg, photos, size = '1280x720', runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 200);
const m = await loadPkg(pkg);
const [w, h] = size.split('x').map(Number);
const img = { width: w, height: h, data: new Uint8ClampedArray(fs.readFileSync(path.join(photos, `${w}x${h}.rgba`))) };
m.benchStages(img);

const session = new inspector.Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 100 });
await session.post('Profiler.start');
for (let i = 0; i < runs; i++) m.benchStages(img);
const { profile } = await session.post('Profiler.stop');

// Each node's own time, then each function's time with callees and its own, per call.
const own = new Map();
profile.samples.forEach((id, i) => own.set(id, (own.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const name = (n) => n.callFrame.functionName.replace(/::h[0-9a-f]{16}$/, '').replace(/\[[0-9a-f]{1,16}\]/g, '') || '(anonymous)';
const total = new Map();
const self = new Map();
const walk = (n, open) => {
  const f = name(n);
  let t = own.get(n.id) ?? 0;
  self.set(f, (self.get(f) ?? 0) + t);
  const inner = new Set(open).add(f);
  for (const c of n.children ?? []) t += walk(byId.get(c), inner);
  if (!open.has(f)) total.set(f, (total.get(f) ?? 0) + t);
  return t;
};
walk(profile.nodes[0], new Set());
const ms = (us) => (us / 1000 / runs).toFixed(3).padStart(8);
console.log(`${size}, ${runs} calls: ms per call, with callees and own`);
for (const [f, t] of [...total].sort((a, b) => b[1] - a[1]).slice(0, 40)) {
  console.log(`${ms(t)} ${ms(self.get(f) ?? 0)}  ${f.slice(0, 110)}`);
}
