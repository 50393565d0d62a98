// The demo page: choose or drop a photo, check it with WebAssembly in a Web Worker (the page never
// waits on it), show the report.

import { createValidator } from './pkg/index.js';
import { describeOverlay, renderChecks, renderOverlay, renderSummary } from './render.js';
import { applyPageText, pickLang, t } from './i18n.js';
import { mountCamera } from './camera.js';

const $ = (id) => document.getElementById(id);
const ui = {
  file: $('file'), drop: $('drop'), lang: $('lang'), kind: $('kind'), status: $('status'),
  error: $('error'), errorText: $('error-text'), errorDetail: $('error-detail'),
  result: $('result'), summary: $('summary'), preview: $('preview'), overlay: $('overlay'),
  caption: $('caption'), checks: $('checks'), timing: $('timing'), announce: $('announce'),
};

/** The error codes thrown by the module that have their own text (i18n.js, `error.CODE`). */
const ERROR_CODES = ['empty', 'unsupported-format', 'corrupt', 'too-large', 'buffer-size', 'invalid-input', 'worker'];

/** How the worker got the pixels, as the timing line says it (i18n.js keys). */
const DECODERS = { browser: 'path.browser', 'kyc-preflight': 'path.module', none: 'path.pixels' };
const lang = () => ui.lang.value;

const ready = createValidator();
let current = null; // the last file chosen (or photo taken), re-checked when the language changes
let run = 0; // guards against an older check finishing after a newer one
let pending = null; // aborts the check in progress when a newer one starts

ui.lang.value = pickLang(navigator.languages ?? [navigator.language]);
const kind = () => ui.kind.value;
showKind();
const camera = mountCamera({ validator: ready, getLang: lang, getKind: kind, onCapture: showCapture, onUpload: () => ui.file.click() });
ui.file.addEventListener('change', () => {
  const f = ui.file.files?.[0];
  ui.file.value = ''; // choosing the same file again still fires `change`
  if (f) check(f);
});
// A selfie kind makes the worker fetch the face model (once) before it checks.
ui.kind.addEventListener('change', () => {
  showKind();
  camera.setKind();
  if (current && !current.recheck) check(current);
});
ui.lang.addEventListener('change', () => {
  applyPageText(lang());
  camera.setLang();
  if (current?.recheck) recheckCapture(current);
  else if (current) check(current);
});
setUpDrop();

/** The drop zone's and the camera's invitations follow the kind of photo (i18n.js keys `*.KIND`); writes the page's text. */
function showKind() {
  const suffix = kind() === 'document' ? '' : `.${kind()}`;
  $('drop-title').dataset.i18n = `drop.title${suffix}`;
  $('camera-intro').dataset.i18n = `cam.intro${suffix}`;
  applyPageText(lang());
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
  ui.status.textContent = t(lang(), 'status.checking', { name: file.name });
  ui.drop.setAttribute('aria-busy', 'true');
  try {
    const validator = await ready;
    const start = performance.now();
    const { report, decoder } = await validator.checkDetailed(file, { lang: lang(), kind: kind(), signal: pending.signal });
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
  const l = lang();
  ui.error.hidden = true;
  renderSummary(ui.summary, report, l);
  renderChecks(ui.checks, report, l);
  renderOverlay(ui.overlay, report, l);
  setPreview(file);
  const caption = t(l, 'result.caption', { name: file.name, width: report.width, height: report.height });
  ui.caption.textContent = `${caption} ${describeOverlay(report, l)}`;
  ui.result.hidden = false;
  ui.status.textContent = '';
  ui.timing.textContent = t(l, 'timing.last', { ms: Math.round(ms), path: t(l, path) });
  const said = (sel) => ui.summary.querySelector(sel).textContent;
  ui.announce.textContent = `${file.name}: ${said('.summary-title')}. ${said('.summary-detail')}`;
}

function showError(file, e) {
  const code = e?.code ?? 'unknown';
  ui.result.hidden = true;
  ui.error.dataset.code = code;
  const known = t(lang(), ERROR_CODES.includes(code) ? `error.${code}` : 'error.unknown');
  ui.errorText.textContent = `${file.name}: ${known}`;
  ui.errorDetail.textContent = t(lang(), 'error.details', { detail: e?.message ?? e });
  ui.timing.textContent = '';
  ui.error.hidden = false;
  ui.status.textContent = '';
  ui.announce.textContent = '';
  if (!e?.code) console.error(e);
}

function setPreview(file) {
  const old = ui.preview.src;
  ui.preview.src = URL.createObjectURL(file);
  ui.preview.alt = t(lang(), 'result.photo-alt', { name: file.name });
  if (old.startsWith('blob:')) URL.revokeObjectURL(old);
}

/** Shows the photo the camera took, with the full report of its full-size check. */
function showCapture(capture) {
  ++run;
  pending?.abort();
  current = capture;
  show(capture.file, capture.report, 'path.camera', capture.ms);
  ui.drop.dataset.checked = String(run);
  ui.result.scrollIntoView({ block: 'start' });
  document.getElementById('summary-title').focus({ preventScroll: true });
}

/** Checks the photo taken again, in the language just chosen. */
async function recheckCapture(capture) {
  const mine = ++run;
  const start = performance.now();
  const report = await capture.recheck(lang());
  if (mine !== run) return;
  capture.report = report;
  show(capture.file, report, 'path.camera', performance.now() - start);
  ui.drop.dataset.checked = String(mine);
}
