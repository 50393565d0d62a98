// The demo page: choose or drop a photo, check it with WebAssembly in a Web Worker (the page never
// waits on it), show the report.

import { createValidator } from './pkg/index.js';
import { describeOverlay, renderChecks, renderOverlay, renderSummary } from './render.js';

const $ = (id) => document.getElementById(id);
const ui = {
  file: $('file'), drop: $('drop'), lang: $('lang'), status: $('status'),
  error: $('error'), errorText: $('error-text'), errorDetail: $('error-detail'),
  result: $('result'), summary: $('summary'), preview: $('preview'), overlay: $('overlay'),
  caption: $('caption'), checks: $('checks'), timing: $('timing'), announce: $('announce'),
};

/** What to tell the person for each error code thrown by the module. */
const ERROR_TEXTS = {
  empty: 'The file is empty.',
  'unsupported-format': 'This kind of file cannot be checked here.',
  corrupt: 'The file is damaged or incomplete; it may not have finished downloading or copying.',
  'too-large': 'The photo is too large to check.',
  'buffer-size': 'The photo could not be read.',
  'invalid-input': 'The photo could not be read.',
  worker: 'The checker could not start in this browser.',
};

/** How the worker got the pixels, as the timing line says it. */
const DECODERS = { browser: 'decoded by the browser', 'kyc-preflight': 'decoded by kyc-preflight', none: 'from pixels' };

const ready = createValidator();
let current = null; // the last file chosen, re-checked when the language changes
let run = 0; // guards against an older check finishing after a newer one
let pending = null; // aborts the check in progress when a newer one starts

ui.lang.value = pickLang(navigator.languages ?? [navigator.language]);
ui.file.addEventListener('change', () => {
  const f = ui.file.files?.[0];
  ui.file.value = ''; // choosing the same file again still fires `change`
  if (f) check(f);
});
ui.lang.addEventListener('change', () => current && check(current));
setUpDrop();

/** The first of the browser's languages that the messages exist in; English otherwise. */
function pickLang(tags) {
  for (const tag of tags) {
    const t = String(tag).toLowerCase();
    if (t.startsWith('en')) return 'en';
    if (t.startsWith('zh')) return /hant|-tw|-hk|-mo/.test(t) ? 'zh-Hant' : 'zh-Hans';
  }
  return 'en';
}

function setUpDrop() {
  const zone = ui.drop;
  const over = (on) => (e) => {
    e.preventDefault();
    zone.classList.toggle('dragging', on);
  };
  document.addEventListener('dragover', over(true));
  document.addEventListener('dragleave', (e) => e.relatedTarget === null && zone.classList.remove('dragging'));
  document.addEventListener('drop', (e) => {
    over(false)(e);
    const f = e.dataTransfer?.files?.[0];
    if (f) check(f);
  });
}

/** Checks one file and shows the report, or says why it could not be read. */
async function check(file) {
  const mine = ++run;
  current = file;
  pending?.abort();
  pending = new AbortController();
  ui.status.textContent = `Checking ${file.name}…`;
  ui.drop.setAttribute('aria-busy', 'true');
  try {
    const validator = await ready;
    const start = performance.now();
    const { report, decoder } = await validator.checkDetailed(file, { lang: ui.lang.value, signal: pending.signal });
    if (mine !== run) return;
    show(file, report, DECODERS[decoder], performance.now() - start);
  } catch (e) {
    if (mine !== run) return;
    showError(file, e);
  } finally {
    if (mine === run) {
      ui.drop.removeAttribute('aria-busy');
      ui.drop.dataset.checked = String(mine); // how many checks have finished, for scripts and tests
    }
  }
}

function show(file, report, path, ms) {
  ui.error.hidden = true;
  renderSummary(ui.summary, report);
  renderChecks(ui.checks, report);
  renderOverlay(ui.overlay, report);
  setPreview(file);
  ui.caption.textContent = `${file.name} · ${report.width} × ${report.height} px. ${describeOverlay(report)}`;
  ui.result.hidden = false;
  ui.status.textContent = '';
  ui.timing.textContent = `Last check: ${Math.round(ms)} ms in a background worker, ${path}.`;
  const said = (sel) => ui.summary.querySelector(sel).textContent;
  ui.announce.textContent = `${file.name}: ${said('.summary-title')}. ${said('.summary-detail')}`;
}

function showError(file, e) {
  const code = e?.code ?? 'unknown';
  ui.result.hidden = true;
  ui.error.dataset.code = code;
  const known = ERROR_TEXTS[code] ?? 'Something went wrong while checking it.';
  ui.errorText.textContent = `${file.name}: ${known}`;
  ui.errorDetail.textContent = `Details: ${e?.message ?? e}`;
  ui.timing.textContent = '';
  ui.error.hidden = false;
  ui.status.textContent = '';
  ui.announce.textContent = '';
  if (!e?.code) console.error(e);
}

function setPreview(file) {
  const old = ui.preview.src;
  ui.preview.src = URL.createObjectURL(file);
  ui.preview.alt = `The photo you chose, ${file.name}`;
  if (old.startsWith('blob:')) URL.revokeObjectURL(old);
}
