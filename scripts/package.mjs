// Builds the npm package `kyc-preflight` into target/npm/kyc-preflight from the wasm in www/pkg
// (`make wasm`) and the JS layer in src/js, then packs it with `npm pack`. Run by `make package`.
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const NPM_DIR = path.join(ROOT, 'target/npm');
export const PACKAGE_DIR = path.join(NPM_DIR, 'kyc-preflight');

/** The package's files and where each comes from. */
const FILES = {
  'index.js': 'src/js/index.js',
  'index.d.ts': 'src/js/index.d.ts',
  'worker.js': 'src/js/worker.js',
  'prepare.js': 'src/js/prepare.js',
  'prepare.d.ts': 'src/js/prepare.d.ts',
  'README.md': 'src/js/README.md',
  'kyc_preflight.js': 'www/pkg/kyc_preflight.js',
  'kyc_preflight.d.ts': 'www/pkg/kyc_preflight.d.ts',
  'kyc_preflight_bg.wasm': 'www/pkg/kyc_preflight_bg.wasm',
  // The face detector, loaded by worker.js only when faces are checked (the model is not packed).
  'kyc_preflight_face.js': 'www/pkg/kyc_preflight_face.js',
  'kyc_preflight_face.d.ts': 'www/pkg/kyc_preflight_face.d.ts',
  'kyc_preflight_face_bg.wasm': 'www/pkg/kyc_preflight_face_bg.wasm',
};

/** package.json: the version, description and licence come from Cargo.toml. */
function manifest() {
  const cargo = readFileSync(path.join(ROOT, 'Cargo.toml'), 'utf8');
  const field = (name) => cargo.match(new RegExp(`^${name}\\s*=\\s*"([^"]*)"`, 'm'))?.[1];
  return {
    name: 'kyc-preflight',
    version: field('version'),
    description: field('description'),
    license: field('license'),
    type: 'module',
    main: './index.js',
    types: './index.d.ts',
    exports: {
      '.': { types: './index.d.ts', default: './index.js' },
      './prepare': { types: './prepare.d.ts', default: './prepare.js' },
      './wasm': { types: './kyc_preflight.d.ts', default: './kyc_preflight.js' },
      './worker.js': './worker.js',
      './kyc_preflight_bg.wasm': './kyc_preflight_bg.wasm',
      './face': { types: './kyc_preflight_face.d.ts', default: './kyc_preflight_face.js' },
      './kyc_preflight_face_bg.wasm': './kyc_preflight_face_bg.wasm',
      './package.json': './package.json',
    },
    files: Object.keys(FILES).filter((f) => f !== 'README.md'),
    sideEffects: ['./worker.js'],
    keywords: ['kyc', 'identity-verification', 'document', 'photo', 'webassembly', 'web-worker'],
  };
}

function build() {
  rmSync(PACKAGE_DIR, { recursive: true, force: true });
  mkdirSync(PACKAGE_DIR, { recursive: true });
  for (const old of readdirSync(NPM_DIR).filter((f) => /^kyc-preflight-.*\.tgz$/.test(f))) rmSync(path.join(NPM_DIR, old));
  for (const [name, from] of Object.entries(FILES)) {
    const src = path.join(ROOT, from);
    try {
      copyFileSync(src, path.join(PACKAGE_DIR, name));
    } catch (e) {
      throw new Error(`${from} is missing (${e.code}); run \`make wasm\` first`);
    }
  }
  writeFileSync(path.join(PACKAGE_DIR, 'package.json'), `${JSON.stringify(manifest(), null, 2)}\n`);
  const out = execFileSync('npm', ['pack', '--json', '--pack-destination', NPM_DIR], { cwd: PACKAGE_DIR, encoding: 'utf8' });
  const [packed] = JSON.parse(out);
  const tarball = path.join(NPM_DIR, packed.filename);
  console.log(`package: ${path.relative(ROOT, tarball)}: ${statSync(tarball).size} bytes packed, ${packed.unpackedSize} unpacked, ${packed.files.length} files`);
  for (const f of packed.files) console.log(`  ${String(f.size).padStart(8)}  ${f.path}`);
  return tarball;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) build();
