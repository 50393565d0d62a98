// Loads a wasm-bindgen `--target web` package of the wasm in node, from its directory.
import fs from 'node:fs';
import path from 'node:path';

export async function loadPkg(dir) {
  const d = path.resolve(dir);
  const m = await import(path.join(d, 'kyc_preflight.js'));
  await m.default({ module_or_path: fs.readFileSync(path.join(d, 'kyc_preflight_bg.wasm')) });
  return m;
}
