// The npm package (`make package`): its manifest and files, installed with npm into a scratch
// project under artifacts/, type-checked with tsc, and run in headless Chromium from a plain
// <script type="module"> page and from an esbuild bundle.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ARTIFACTS, PHOTOS, ROOT, launch, prerequisites, serve } from './harness.mjs';

const NPM_DIR = path.join(ROOT, 'target/npm');
const PACKAGE_DIR = path.join(NPM_DIR, 'kyc-preflight');
const PROJECT = path.join(ARTIFACTS, 'package-test');
const INSTALLED = path.join(PROJECT, 'node_modules/kyc-preflight');
const BIN = path.join(ROOT, 'node_modules/.bin');

let tarball;
let browser;

before(async () => {
  prerequisites();
  assert.ok(existsSync(path.join(PACKAGE_DIR, 'package.json')), 'run `make package` first (make test-e2e does)');
  const tgz = readdirSync(NPM_DIR).filter((f) => /^kyc-preflight-.*\.tgz$/.test(f));
  assert.equal(tgz.length, 1, `one tarball in target/npm: ${tgz}`);
  tarball = path.join(NPM_DIR, tgz[0]);
  // A scratch project that installs the tarball the way a user would.
  rmSync(PROJECT, { recursive: true, force: true });
  mkdirSync(PROJECT, { recursive: true });
  writeFileSync(path.join(PROJECT, 'package.json'), JSON.stringify({ name: 'signup-page', private: true, type: 'module' }));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--offline', tarball], { cwd: PROJECT, stdio: 'pipe' });
  copyFileSync(path.join(PHOTOS, 'coffee.png'), path.join(PROJECT, 'coffee.png'));
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

describe('the package', () => {
  test('package.json: name, ES module, exports map with types, files', () => {
    const pkg = JSON.parse(readFileSync(path.join(INSTALLED, 'package.json'), 'utf8'));
    assert.equal(pkg.name, 'kyc-preflight');
    assert.equal(pkg.type, 'module');
    assert.equal(pkg.types, './index.d.ts');
    assert.deepEqual(pkg.exports['.'], { types: './index.d.ts', default: './index.js' });
    assert.equal(pkg.exports['./kyc_preflight_bg.wasm'], './kyc_preflight_bg.wasm');
    const cargo = readFileSync(path.join(ROOT, 'Cargo.toml'), 'utf8');
    assert.equal(pkg.version, cargo.match(/^version = "(.*)"/m)[1]);
    for (const file of ['index.js', 'index.d.ts', 'worker.js', 'prepare.js', 'prepare.d.ts', 'kyc_preflight.js',
      'kyc_preflight.d.ts', 'kyc_preflight_bg.wasm', 'README.md']) {
      assert.ok(existsSync(path.join(INSTALLED, file)), `${file} is installed`);
    }
    // Every path the exports map names is in the package.
    for (const target of Object.values(pkg.exports).flatMap((t) => (typeof t === 'string' ? [t] : Object.values(t)))) {
      assert.ok(existsSync(path.join(INSTALLED, target)), `${target} from the exports map exists`);
    }
    const wasm = readFileSync(path.join(INSTALLED, 'kyc_preflight_bg.wasm'));
    assert.equal(wasm.subarray(0, 4).toString('latin1'), '\0asm');
  });

  test('the hand-written .d.ts files say no `any`, and tsc accepts a strict consumer and refuses misuse', () => {
    for (const file of ['index.d.ts', 'prepare.d.ts']) {
      assert.doesNotMatch(readFileSync(path.join(INSTALLED, file), 'utf8'), /\bany\b/, file);
    }
    writeFileSync(path.join(PROJECT, 'consumer.ts'), CONSUMER_TS);
    writeFileSync(path.join(PROJECT, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { strict: true, noEmit: true, target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext',
        lib: ['es2022', 'dom'], types: [], skipLibCheck: false },
      files: ['consumer.ts'],
    }));
    try {
      execFileSync(path.join(BIN, 'tsc'), ['-p', PROJECT], { encoding: 'utf8', stdio: 'pipe' });
    } catch (e) {
      assert.fail(`tsc found errors:\n${e.stdout}${e.stderr}`);
    }
  });
});

describe('in a browser', () => {
  test('a plain <script type="module"> page with an import map', async () => {
    writeFileSync(path.join(PROJECT, 'plain.html'), page(
      '<script type="importmap">{ "imports": { "kyc-preflight": "./node_modules/kyc-preflight/index.js" } }</script>',
      '<script type="module" src="./plain.js"></script>'));
    writeFileSync(path.join(PROJECT, 'plain.js'), `import { createValidator, prepareUpload } from 'kyc-preflight';\n${APP_BODY}`);
    const result = await run('plain.html');
    assertRan(result);
  });

  test('an esbuild bundle', async () => {
    writeFileSync(path.join(PROJECT, 'app.js'), [
      "import { createValidator, prepareUpload } from 'kyc-preflight';",
      "import wasmUrl from 'kyc-preflight/kyc_preflight_bg.wasm';",
      APP_BODY.replace('createValidator()', 'createValidator({ wasmUrl: new URL(wasmUrl, import.meta.url) })'),
    ].join('\n'));
    rmSync(path.join(PROJECT, 'dist'), { recursive: true, force: true });
    execFileSync(path.join(BIN, 'esbuild'), ['app.js', 'kyc-preflight/worker.js', '--bundle', '--format=esm',
      '--outdir=dist', '--entry-names=[name]', '--loader:.wasm=file', '--log-level=warning'], { cwd: PROJECT, stdio: 'pipe' });
    const built = readdirSync(path.join(PROJECT, 'dist'));
    assert.ok(built.includes('app.js') && built.includes('worker.js') && built.some((f) => f.endsWith('.wasm')), `${built}`);
    // The bundle stands alone: serve dist/ with the photo and nothing of node_modules.
    copyFileSync(path.join(PHOTOS, 'coffee.png'), path.join(PROJECT, 'dist/coffee.png'));
    writeFileSync(path.join(PROJECT, 'dist/index.html'), page('', '<script type="module" src="./app.js"></script>'));
    const result = await run('index.html', path.join(PROJECT, 'dist'));
    assertRan(result);
  });
});

/** The page's script after its imports: checks a photo, prepares it, reports on the body. */
const APP_BODY = `
const v = await createValidator();
const file = await (await fetch('./coffee.png')).blob();
const report = await v.check(file, { lang: 'zh-Hans' });
const upload = await prepareUpload(file, { maxBytes: 50000, maxSide: 1000, format: 'jpeg' });
let error;
try { await v.check(new Blob(['not a photo'])); } catch (e) { error = e.code; }
document.body.dataset.result = JSON.stringify({ verdict: report.verdict, width: report.width,
  color: report.checks.find((c) => c.id === 'color')?.message, upload: { ...upload, blob: upload.blob.size }, error });
`;

function page(head, body) {
  return `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,">${head}</head><body>${body}</body></html>`;
}

async function run(file, dir = PROJECT) {
  const server = await serve(dir);
  const tab = await browser.newPage();
  const problems = [];
  tab.on('pageerror', (e) => problems.push(e.message));
  tab.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  tab.on('response', (r) => r.status() >= 400 && problems.push(`${r.status()} ${r.url()}`));
  try {
    await tab.goto(server.url + file);
    await tab.waitForFunction(() => document.body.dataset.result || null, null, { timeout: 30_000 }).catch(() => {});
    const result = await tab.evaluate(() => document.body.dataset.result);
    assert.ok(result, `the page finished: ${problems.join('; ')}`);
    assert.deepEqual(problems, []);
    return JSON.parse(result);
  } finally {
    await tab.close();
    await server.close();
  }
}

function assertRan(r) {
  assert.equal(r.width, 600);
  assert.match(r.verdict, /^(pass|warn|fail)$/);
  assert.equal(r.color, '照片为彩色。');
  assert.ok(r.upload.bytes <= 50000 && r.upload.blob === r.upload.bytes);
  assert.match(r.upload.sha256, /^[0-9a-f]{64}$/);
  assert.deepEqual([r.upload.width, r.upload.height], [600, 400]);
  assert.equal(r.error, 'unsupported-format');
}

/** A strict TypeScript user of the package: it must compile, and each @ts-expect-error must be an error. */
const CONSUMER_TS = `
import { createValidator, pickLang, prepareUpload, PREPARE_DEFAULTS } from 'kyc-preflight';
import type { CheckOptions, Finding, PairReport, PreparedUpload, Report, Validator, ValidatorError, Verdict } from 'kyc-preflight';
import { validateBytes } from 'kyc-preflight/wasm';

export async function signup(file: File, pixels: ImageData, signal: AbortSignal): Promise<string> {
  const v: Validator = await createValidator({ wasmUrl: '/kyc.wasm' });
  const report: Report = await v.check(file, { kind: 'document', lang: 'zh-Hant', blur: { maxBlur: 20 } });
  const again = await v.checkDetailed(pixels, { kind: 'selfie', signal, copy: true });
  const decoder: 'browser' | 'kyc-preflight' | 'none' = again.decoder;
  const worst: Verdict = report.verdict;
  const firstFix: Finding | undefined = report.checks.find((c) => c.verdict === 'fail');
  const options: CheckOptions = { lang: pickLang(navigator.languages), original: file, file: { maxBytes: 5_000_000 } };
  await v.check(new Uint8Array(4), options);
  const up: PreparedUpload = await prepareUpload(file, { maxBytes: 1_000_000, maxSide: PREPARE_DEFAULTS.maxSide, format: 'webp' });
  const policy = await v.checkPolicy({ expiryDate: '2030-01-01' }, null, { today: '2026-01-01' });
  const pair: PairReport = await v.checkPair(file, pixels, { documentType: 'id-card', lang: 'en' });
  const pairVerdict: Verdict = pair.pair.verdict;
  const n: number = v.pending;
  v.terminate();
  validateBytes(new Uint8Array(0));
  try {
    await v.check(file);
  } catch (e) {
    const code: ValidatorError['code'] = (e as ValidatorError).code;
    if (code === 'terminated') return 'stopped';
  }
  // @ts-expect-error: 'passport' is not a Kind
  await v.check(file, { kind: 'passport' });
  // @ts-expect-error: not an input
  await v.check('photo.jpg');
  // @ts-expect-error: 'visa' is not a DocumentType
  await v.checkPair(file, null, { documentType: 'visa' });
  // @ts-expect-error: 'gif' is not an upload format
  await prepareUpload(file, { format: 'gif' });
  // @ts-expect-error: a misspelt option
  await prepareUpload(file, { maxByte: 10 });
  // @ts-expect-error: 'maybe' is not a Verdict
  const bad: Verdict = 'maybe';
  return [worst, decoder, firstFix?.message, up.sha256, policy.verdict, n, bad].join();
}
`;
