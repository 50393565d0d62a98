// `make bench`: serves the bench page on 127.0.0.1, runs it in Debian's headless Chromium through
// playwright-core, and prints a table of medians; the last line is one JSON object.
//
//   node tests/bench/run.mjs --pkg target/bench-pkg --shipped www/pkg [--runs 21] [--warmup 3]
//                            [--shot file.png]
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** Targets of issue 4. 250 KB is read as 250 000 bytes, the stricter reading. */
const MAX_GZIP_BYTES = 250_000;

function parseArgs(argv) {
  const args = { pkg: 'target/bench-pkg', shipped: 'www/pkg', runs: 21, warmup: 3, shot: null };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    const name = flag.replace(/^--/, '');
    if (!(name in args) || value === undefined) throw new Error(`usage: run.mjs [--pkg DIR] [--shipped DIR] [--runs N] [--warmup N] [--shot FILE]; got ${flag}`);
    args[name] = ['runs', 'warmup'].includes(name) ? Number(value) : value;
  }
  if (!(args.runs >= 20)) console.warn(`note: ${args.runs} runs; issue 4 asks for at least 20`);
  return args;
}

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm' };

/** A static server for the page, the bench build of the wasm package and opencv.js. */
function serve(pkgDir) {
  const routes = [
    ['/pkg/', path.resolve(ROOT, pkgDir)],
    ['/opencv.js', path.join(ROOT, 'node_modules/@techstark/opencv-js/dist/opencv.js')],
    ['/', HERE],
  ];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x').pathname;
    const [prefix, target] = routes.find(([p]) => url.startsWith(p));
    let file = prefix.endsWith('/') ? path.join(target, url.slice(prefix.length)) : target;
    if (url === '/') file = path.join(HERE, 'index.html');
    if (!file.startsWith(target) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404).end('not found');
      return;
    }
    // Cross-origin isolation gives performance.now() its fine resolution.
    res.writeHead(200, {
      'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
      'Cache-Control': 'no-store',
    });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function sizes(dir) {
  const read = (name) => fs.readFileSync(path.resolve(ROOT, dir, name));
  const gz = (buf) => zlib.gzipSync(buf, { level: 9 }).length;
  const wasm = read('kyc_preflight_bg.wasm');
  const glue = read('kyc_preflight.js');
  return { wasm: wasm.length, wasmGzip: gz(wasm), glue: glue.length, glueGzip: gz(glue) };
}

function cpuModel() {
  const line = fs.readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((l) => l.startsWith('model name'));
  return `${line ? line.split(':')[1].trim() : os.arch()}, ${os.cpus().length} cores`;
}

function chromiumVersion(userAgent) {
  try {
    return execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return userAgent;
  }
}

const ms = (x) => x.toFixed(1);

function table(out, size, meta) {
  const r = out.results;
  const rows = [
    ['12 MP', 'validateImageData, 4032×3024 document photo, every document check', r.mp12],
    ['720p', 'validateImageData, 1280×720 document photo, every document check', r.hd],
    ['opencv.js', 'cvtColor RGBA→GRAY, Laplacian (CV_64F), meanStdDev, 12 MP', r.opencv_mp12],
    ['read pass', 'sum of all bytes in wasm, 12 MP', r.read_mp12],
  ];
  const lines = [];
  lines.push(`Machine: ${meta.cpu}; ${meta.browser}; ${r.mp12.runs} timed runs per item after ${meta.warmup} warm-up runs, interleaved.`);
  lines.push('Every time includes copying the RGBA bytes from the ImageData into the wasm memory of the code timed.');
  lines.push('');
  lines.push('| item | what is timed | median ms | min ms | max ms |');
  lines.push('| --- | --- | ---: | ---: | ---: |');
  for (const [name, what, s] of rows) lines.push(`| ${name} | ${what} | ${ms(s.median)} | ${ms(s.min)} | ${ms(s.max)} |`);
  lines.push('');
  const ratio = (a, b) => a / b;
  const targets = [
    ['12 MP ÷ read pass', ratio(r.mp12.median, r.read_mp12.median).toFixed(2), '≤ 3', ratio(r.mp12.median, r.read_mp12.median) <= 3],
    ['opencv.js ÷ 12 MP', ratio(r.opencv_mp12.median, r.mp12.median).toFixed(2), '≥ 4', ratio(r.opencv_mp12.median, r.mp12.median) >= 4],
    ['720p ÷ 12 MP', ratio(r.hd.median, r.mp12.median).toFixed(3), '≤ 0.1', ratio(r.hd.median, r.mp12.median) <= 0.1],
    ['wasm gzipped', `${size.wasmGzip} bytes`, `≤ ${MAX_GZIP_BYTES} bytes`, size.wasmGzip <= MAX_GZIP_BYTES],
  ];
  lines.push('| target | measured | goal | met |');
  lines.push('| --- | ---: | --- | --- |');
  for (const [name, value, goal, met] of targets) lines.push(`| ${name} | ${value} | ${goal} | ${met ? 'yes' : 'no'} |`);
  lines.push('');
  lines.push('Stages of validateImageData (medians of separate runs of `benchStages`):');
  lines.push('');
  lines.push('| stage | 12 MP median ms | 720p median ms |');
  lines.push('| --- | ---: | ---: |');
  out.stages.forEach(([name, t], i) => lines.push(`| ${name} | ${ms(t)} | ${ms(out.stagesHd[i][1])} |`));
  lines.push('');
  lines.push(`Shipped wasm (www/pkg): ${size.wasm} bytes raw, ${size.wasmGzip} gzipped; JS glue ${size.glue} bytes raw, ${size.glueGzip} gzipped.`);
  return lines.join('\n');
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const size = sizes(args.shipped);
  const server = await serve(args.pkg);
  const url = `http://127.0.0.1:${server.address().port}/`;
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'kyc-bench-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 800, height: 900 },
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (m) => console.log(`  page: ${m.text()}`));
    page.on('pageerror', (e) => console.log(`  page error: ${e.message}`));
    await page.goto(url);
    await page.waitForFunction(() => window.benchReady === true, null, { timeout: 60_000 });
    const out = await page.evaluate((o) => window.runBench(o), { runs: args.runs, warmup: args.warmup });
    if (args.shot) await page.screenshot({ path: args.shot, fullPage: true });
    const meta = { cpu: cpuModel(), browser: chromiumVersion(out.userAgent), warmup: args.warmup };
    if (!out.crossOriginIsolated) console.log('note: the page was not cross-origin isolated; performance.now() is coarse');
    console.log('');
    console.log(table(out, size, meta));
    console.log(JSON.stringify({
      mp12_ms: +ms(out.results.mp12.median),
      hd_ms: +ms(out.results.hd.median),
      opencv_mp12_ms: +ms(out.results.opencv_mp12.median),
      read_mp12_ms: +ms(out.results.read_mp12.median),
      wasm_gzip_bytes: size.wasmGzip,
    }));
  } finally {
    await context.close();
    server.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
