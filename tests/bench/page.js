// The benchmark page: times validateImageData, opencv.js's blur rule and one read pass over the
// same photo, interleaved round by round, and hands the medians back to tests/bench/run.mjs.
import init, { validateImageData, benchReadPass, benchStages } from '/pkg/kyc_preflight.js';
import { documentPhoto } from './scene.js';

const log = (msg) => {
  console.log(msg);
  document.getElementById('log').textContent += msg + '\n';
};

/**
 * Loads opencv.js (a classic script that sets `window.cv`) and waits for its runtime. `cv` is an
 * Emscripten module with its own `then`, so it is handed back wrapped: awaiting it would never end.
 */
function loadOpenCv() {
  return new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.src = '/opencv.js';
    s.onerror = () => reject(new Error('opencv.js did not load'));
    s.onload = () => {
      const cv = window.cv;
      if (cv.Mat) resolve({ cv });
      else if (typeof cv.then === 'function') cv.then(() => resolve({ cv }));
      else cv.onRuntimeInitialized = () => resolve({ cv });
    };
    document.head.appendChild(s);
  });
}

/**
 * The peers' blur rule (is-image-blurry, Smile ID's web client): the variance of the Laplacian of
 * the grey image. The copy of the RGBA bytes into opencv's wasm memory is included, as it is for
 * validateImageData and the read pass.
 */
function opencvBlurRule(cv, image) {
  const src = cv.matFromImageData(image);
  const gray = new cv.Mat();
  const lap = new cv.Mat();
  const mean = new cv.Mat();
  const std = new cv.Mat();
  try {
    cv.cvtColor(src, gray, cv.COLOR_RGBA2GRAY);
    cv.Laplacian(gray, lap, cv.CV_64F);
    cv.meanStdDev(lap, mean, std);
    return std.data64F[0] ** 2;
  } finally {
    [src, gray, lap, mean, std].forEach((m) => m.delete());
  }
}

function summary(report) {
  return report.checks.map((c) => `${c.id}=${c.verdict}(${Number(c.score).toFixed(2)})`).join(' ');
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Times every item `runs` times after `warmup` untimed calls, interleaving the items per round. */
function timeItems(items, runs, warmup) {
  for (const item of items) for (let i = 0; i < warmup; i++) item.run();
  const times = Object.fromEntries(items.map((it) => [it.key, []]));
  for (let r = 0; r < runs; r++) {
    // Rotate the order every round, so that no item always follows the same one.
    for (let k = 0; k < items.length; k++) {
      const item = items[(r + k) % items.length];
      const t0 = performance.now();
      item.run();
      times[item.key].push(performance.now() - t0);
    }
  }
  return Object.fromEntries(items.map((it) => {
    const t = times[it.key];
    return [it.key, { median: median(t), min: Math.min(...t), max: Math.max(...t), runs: t.length }];
  }));
}

/** The median time of each stage over `runs` calls of `stagesOnce`, which returns [name, ms] pairs. */
function stageMedians(stagesOnce, runs) {
  const all = [];
  for (let r = 0; r < runs; r++) all.push(stagesOnce());
  return all[0].map(([name], i) => [name, median(all.map((one) => one[i][1]))]);
}

window.runBench = async ({ runs = 21, warmup = 3 } = {}) => {
  await init();
  log('wasm loaded; loading opencv.js');
  const { cv } = await loadOpenCv();
  log('opencv.js ready; drawing the photos');
  log(`opencv.js: ${(cv.getBuildInformation().match(/OpenCV [\d.]+/) ?? ['version unknown'])[0]}`);
  const mp12 = documentPhoto(4032, 3024);
  const hd = documentPhoto(1280, 720);
  hd.canvas.id = 'hd';
  document.getElementById('scene').appendChild(hd.canvas);
  const report12 = validateImageData(mp12.image);
  const reportHd = validateImageData(hd.image);
  log(`12 MP report: ${report12.verdict}: ${summary(report12)}`);
  log(`720p report: ${reportHd.verdict}: ${summary(reportHd)}`);
  log(`opencv Laplacian variance, 12 MP: ${opencvBlurRule(cv, mp12.image).toFixed(1)}`);
  log(`read pass byte sum, 12 MP: ${benchReadPass(mp12.image)}`);
  const items = [
    { key: 'mp12', run: () => validateImageData(mp12.image) },
    { key: 'hd', run: () => validateImageData(hd.image) },
    { key: 'opencv_mp12', run: () => opencvBlurRule(cv, mp12.image) },
    { key: 'read_mp12', run: () => benchReadPass(mp12.image) },
  ];
  log(`timing ${items.length} items, ${runs} runs each after ${warmup} warm-up runs`);
  const results = timeItems(items, runs, warmup);
  log(`timing the stages of validateImageData on 12 MP and 720p, ${runs} runs each`);
  return {
    results,
    stages: stageMedians(() => benchStages(mp12.image), runs),
    stagesHd: stageMedians(() => benchStages(hd.image), runs),
    reports: { mp12: report12, hd: reportHd },
    userAgent: navigator.userAgent,
    crossOriginIsolated: self.crossOriginIsolated,
  };
};
window.benchReady = true;
