// Live camera mode: the camera's frames are checked in the Web Worker one at a time (a frame that
// arrives while one is being checked is dropped), downscaled to ANALYSIS_LONG_SIDE; the page draws the document's
// outline over the video and shows the single most important instruction (guidance.js). Once
// CAPTURE_AFTER frames in a row are ready, the sharpest of them is checked at full size and handed
// to the page with its full report. Camera errors each get their own message and a way back to
// choosing a file.
import init, { messageText } from './pkg/kyc_preflight.js';
import { CAPTURE_AFTER, Streak, instruction, liveOptions } from './guidance.js';
import { renderOverlay } from './render.js';
import { t } from './i18n.js';

/** Long side, in pixels, of the frames checked live: enough for the checks, small enough for 15 fps. */
export const ANALYSIS_LONG_SIDE = 640;
/** Frames in a row a new instruction must lead before it replaces the one shown (less flicker, fewer announcements). */
export const SWITCH_AFTER = 2;

/** The error code for a getUserMedia failure: its own message for each cause the person can act on. */
export function cameraErrorCode(e) {
  switch (e?.name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
    case 'SecurityError':
      return 'denied';
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError':
      return 'not-found';
    case 'NotReadableError':
    case 'TrackStartError':
      return 'in-use';
    default:
      return 'failed';
  }
}

/** The constraints asked of getUserMedia: the rear camera for documents, the front one for selfies. */
export function constraintsFor(kind) {
  return {
    audio: false,
    video: {
      facingMode: { ideal: kind === 'document' ? 'environment' : 'user' },
      width: { ideal: 1280 },
      height: { ideal: 720 },
    },
  };
}

/** The size a frame is checked at: its long side at most ANALYSIS_LONG_SIDE, the shape kept. */
export function analysisSize(width, height, long = ANALYSIS_LONG_SIDE) {
  const k = Math.min(1, long / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * k)), height: Math.max(1, Math.round(height * k)) };
}

const $ = (id) => document.getElementById(id);

/**
 * Wires the camera section of the page. `validator` is the page's worker validator (pkg/index.js
 * createValidator()), or a promise of it: frames are checked off the page's thread.
 * @param {{ validator: Promise<{ check(image: ImageData, options: object): Promise<object> }>,
 *   getLang(): string, getKind(): string, onCapture(capture: { file: File, report: object, ms: number,
 *   recheck(lang: string): Promise<object> }): void, onUpload(): void }} page
 */
export function mountCamera(page) {
  const ui = {
    root: $('camera'), start: $('camera-start'), stop: $('camera-stop'), live: $('camera-live'),
    stage: $('camera-stage'), video: $('camera-video'), overlay: $('camera-overlay'),
    instruction: $('camera-instruction'), detail: $('camera-detail'), progress: $('camera-progress'),
    capture: $('camera-capture'), rate: $('camera-rate'), error: $('camera-error'),
    errorTitle: $('camera-error-title'), errorText: $('camera-error-text'), upload: $('camera-upload'),
    retry: $('camera-retry'), note: $('camera-note'),
  };
  // The instructions' texts come from the catalogue in the wasm, loaded on this thread too.
  const ready = Promise.all([init({ module_or_path: new URL('./pkg/kyc_preflight_bg.wasm', import.meta.url) }), page.validator])
    .then(([, v]) => v);
  let session = null;
  let lastError = null;

  const kind = () => page.getKind?.() ?? 'document';
  const say = (key, params) => t(page.getLang(), key, params);

  ui.start.addEventListener('click', () => start());
  ui.retry.addEventListener('click', () => start());
  ui.stop.addEventListener('click', () => stop());
  ui.upload.addEventListener('click', () => page.onUpload());
  ui.capture.addEventListener('click', () => session && captureNow(session));

  async function start() {
    stop();
    hideError();
    ui.note.textContent = '';
    ui.root.dataset.state = 'starting';
    ui.instruction.textContent = say('cam.starting');
    ui.detail.textContent = '';
    ui.progress.textContent = '';
    if (!navigator.mediaDevices?.getUserMedia) {
      showError('unsupported');
      return;
    }
    const mine = { running: true, kind: kind(), streak: new Streak(CAPTURE_AFTER), previous: null, shown: null,
      candidate: { key: null, count: 0 }, done: [], latencies: [], frames: 0, presented: 0, used: 0, wake: null };
    session = mine;
    let stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia(constraintsFor(mine.kind));
    } catch (e) {
      if (session === mine) {
        session = null;
        showError(cameraErrorCode(e), e);
      }
      return;
    }
    if (session !== mine) {
      stream.getTracks().forEach((tr) => tr.stop());
      return;
    }
    mine.stream = stream;
    stream.getVideoTracks()[0]?.addEventListener('ended', () => session === mine && stop());
    ui.video.srcObject = stream;
    ui.stage.classList.toggle('mirrored', mine.kind === 'selfie'); // a held document's print stays readable
    ui.live.hidden = false;
    ui.start.hidden = true;
    ui.stop.hidden = false;
    try {
      await ui.video.play();
      mine.validator = await ready;
    } catch (e) {
      if (session === mine) {
        stop();
        showError('failed', e);
      }
      return;
    }
    ui.root.dataset.state = 'live';
    watchFrames(mine);
    analyse(mine).catch((e) => {
      if (session !== mine) return;
      stop();
      showError('failed', e);
    });
  }

  function stop() {
    const s = session;
    session = null;
    if (!s) return;
    s.running = false;
    s.wake?.();
    s.stream?.getTracks().forEach((tr) => tr.stop());
    for (const f of s.streak.reset()) f.bitmap?.close();
    ui.video.srcObject = null;
    ui.live.hidden = true;
    ui.start.hidden = false;
    ui.stop.hidden = true;
    if (ui.root.dataset.state !== 'captured') ui.root.dataset.state = 'stopped';
  }

  /** Counts the frames the video presents, so that the loop checks each new frame at most once. */
  function watchFrames(s) {
    const video = ui.video;
    const tick = () => {
      if (!s.running) return;
      s.presented += 1;
      s.wake?.();
      if ('requestVideoFrameCallback' in video) video.requestVideoFrameCallback(tick);
      else requestAnimationFrame(tick);
    };
    if ('requestVideoFrameCallback' in video) video.requestVideoFrameCallback(tick);
    else requestAnimationFrame(tick);
  }

  function nextFrame(s) {
    if (s.presented > s.used || !s.running) return Promise.resolve();
    return new Promise((resolve) => {
      s.wake = () => {
        s.wake = null;
        resolve();
      };
    });
  }

  /** One frame at a time: grab, check, guide; frames presented meanwhile are skipped. */
  async function analyse(s) {
    const canvas = document.createElement('canvas');
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    while (s.running) {
      await nextFrame(s);
      if (!s.running) break;
      s.used = s.presented;
      const vw = ui.video.videoWidth;
      const vh = ui.video.videoHeight;
      if (!vw || !vh) continue;
      const bitmap = await createImageBitmap(ui.video);
      const size = analysisSize(bitmap.width, bitmap.height);
      if (canvas.width !== size.width || canvas.height !== size.height) Object.assign(canvas, size);
      ctx.drawImage(bitmap, 0, 0, size.width, size.height);
      const image = ctx.getImageData(0, 0, size.width, size.height);
      const began = performance.now();
      const scale = size.width / bitmap.width;
      const report = await s.validator.check(image, liveOptions(s.kind, page.getLang(), scale));
      if (!s.running) {
        bitmap.close();
        break;
      }
      measure(s, performance.now() - began);
      guide(s, report, bitmap);
      if (s.streak.done) {
        await capture(s, s.streak.best, false);
        break;
      }
    }
  }

  function measure(s, ms) {
    const now = performance.now();
    s.frames += 1;
    s.done.push(now);
    s.latencies.push(ms);
    while (s.done.length > 1 && now - s.done[0] > 2000) s.done.shift();
    if (s.latencies.length > 60) s.latencies.shift();
    const span = (s.done[s.done.length - 1] - s.done[0]) / 1000;
    const fps = s.done.length > 1 && span > 0 ? (s.done.length - 1) / span : 0;
    const sorted = [...s.latencies].sort((a, b) => a - b);
    ui.root.dataset.fps = fps.toFixed(1);
    ui.root.dataset.frames = String(s.frames);
    ui.root.dataset.latency = sorted[sorted.length >> 1].toFixed(1);
    ui.rate.textContent = say('cam.rate', { fps: fps.toFixed(0) });
  }

  function guide(s, report, bitmap) {
    const g = instruction(report, { kind: s.kind, previous: s.previous });
    s.previous = report;
    renderOverlay(ui.overlay, report, page.getLang());
    ui.overlay.dataset.ready = String(g.ready);
    for (const f of s.streak.push(g.ready, { report, bitmap })) f.bitmap.close();
    if (g.key === s.shown?.key) {
      s.candidate = { key: null, count: 0 };
      s.shown = g;
    } else {
      s.candidate = g.key === s.candidate.key ? { key: g.key, count: s.candidate.count + 1 } : { key: g.key, count: 1 };
      if (!s.shown || s.candidate.count >= SWITCH_AFTER) {
        s.shown = g;
        s.candidate = { key: null, count: 0 };
      }
    }
    showInstruction(s.shown);
    ui.progress.textContent = s.streak.count ? say('cam.steady', { count: s.streak.count, needed: s.streak.needed }) : '';
    ui.root.dataset.steady = String(s.streak.count);
  }

  /** Writes the instruction shown (only when it changed, so that screen readers hear it once). */
  function showInstruction(g) {
    if (!g) return;
    const lang = page.getLang();
    // The camera.* instructions come from the core's catalogue; any other key is a finding's own,
    // whose message (with its placeholders filled) the report already carries.
    const text = (g.key.startsWith('camera.') ? messageText(g.key, lang) : g.finding?.message) ?? g.key;
    if (ui.instruction.dataset.key !== g.key || ui.instruction.dataset.lang !== lang) {
      ui.instruction.textContent = text;
      ui.instruction.dataset.key = g.key;
      ui.instruction.dataset.lang = lang;
    }
    const detail = g.ready ? '' : g.finding?.message ?? '';
    if (ui.detail.textContent !== detail) ui.detail.textContent = detail;
    ui.instruction.dataset.ready = String(g.ready);
  }

  async function captureNow(s) {
    if (!s.validator) return;
    s.running = false;
    const bitmap = await createImageBitmap(ui.video);
    await capture(s, { bitmap, report: null }, true);
  }

  /** Checks the chosen frame at full size, stops the camera and hands the photo to the page. */
  async function capture(s, best, manual) {
    s.running = false;
    const { bitmap } = best;
    const canvas = document.createElement('canvas');
    canvas.width = bitmap.width;
    canvas.height = bitmap.height;
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    ctx.drawImage(bitmap, 0, 0);
    bitmap.close();
    best.bitmap = null;
    const validator = s.validator;
    const recheck = (lang) => validator.check(ctx.getImageData(0, 0, canvas.width, canvas.height), { kind: s.kind, lang });
    const began = performance.now();
    const report = await recheck(page.getLang());
    const ms = performance.now() - began;
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.92));
    const file = new File([blob], 'camera-photo.jpg', { type: 'image/jpeg' });
    ui.root.dataset.state = 'captured';
    ui.root.dataset.captured = manual ? 'manual' : 'auto';
    if (session === s) stop();
    ui.instruction.textContent = '';
    delete ui.instruction.dataset.key;
    ui.note.textContent = say('cam.captured');
    page.onCapture({ file, report, ms, recheck });
  }

  function showError(code, e) {
    lastError = { code, e };
    ui.root.dataset.state = 'error';
    ui.error.dataset.code = code;
    ui.errorTitle.textContent = say(`cam.error.${code}.title`);
    ui.errorText.textContent = say(`cam.error.${code}`, { detail: e?.message || e?.name || String(e) });
    const wasHidden = ui.error.hidden;
    ui.error.hidden = false;
    ui.live.hidden = true;
    ui.instruction.textContent = '';
    if (wasHidden) ui.upload.focus(); // the way forward, for keyboard and screen-reader users
    if (e && code === 'failed') console.warn('camera:', e);
  }

  function hideError() {
    lastError = null;
    ui.error.hidden = true;
    delete ui.error.dataset.code;
  }

  return {
    /** Rewrites what the camera section shows in the new language. */
    setLang() {
      if (ui.root.dataset.state === 'captured') ui.note.textContent = say('cam.captured');
      if (lastError) showError(lastError.code, lastError.e);
      if (session?.shown) {
        delete ui.instruction.dataset.key;
        showInstruction(session.shown);
      }
    },
    /** The page's kind changed: a running camera starts again with the camera that kind wants. */
    setKind() {
      if (session) start();
    },
    stop,
  };
}
