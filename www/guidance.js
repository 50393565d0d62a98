// Live camera guidance: from one frame's report (and the frame before), the single most important
// thing to tell the person, and when to take the photo. Pure functions with no DOM, so that
// tests/e2e/guidance.test.mjs can run them in Node. The instruction keys (`camera.*`) are in the
// core's catalogue (src/messages.rs) in every language; an unknown failing check is told with its
// own finding's message.

/** Frames in a row that must be ready (every check passes, big enough, still) before the photo is taken. */
export const CAPTURE_AFTER = 6;
/** Below this share of the frame's area, the document is too small: "Move closer". */
export const MIN_DOCUMENT_SHARE = 0.2;
/** Above this mean corner movement between two frames, in fractions of the frame's long side: "Hold still". */
export const MAX_MOTION = 0.02;

/** The resolution check's default limits (src/checks/resolution.rs; tests/page_text.rs keeps them equal). */
export const RESOLUTION_DEFAULTS = { minPxPerMm: 3.5, warnPxPerMm: 4.0, minLongSide: 640, minShortSide: 360 };

/**
 * The options for checking a camera frame reduced by `scale` (at most 1) for speed: the resolution
 * check's limits shrink with it, so that it judges the camera's full-size photo, not the reduced
 * copy. Every other check measures in units of the document (‰ of its side, shares of its area)
 * and needs nothing.
 */
export function liveOptions(kind, lang, scale = 1) {
  const r = RESOLUTION_DEFAULTS;
  const k = Math.min(1, scale);
  const resolution = {
    minPxPerMm: r.minPxPerMm * k, warnPxPerMm: r.warnPxPerMm * k,
    minLongSide: Math.floor(r.minLongSide * k), minShortSide: Math.floor(r.minShortSide * k),
  };
  return { kind, lang, resolution };
}

/** Area of a quad (shoelace formula), in square pixels. */
export function quadArea(quad) {
  const c = quad.corners;
  let twice = 0;
  for (let i = 0; i < c.length; i++) {
    const a = c[i];
    const b = c[(i + 1) % c.length];
    twice += a.x * b.y - b.x * a.y;
  }
  return Math.abs(twice) / 2;
}

/** How far the document moved between two frames: mean corner distance over the long side. */
export function motion(before, after, width, height) {
  if (!before || !after) return 0;
  let sum = 0;
  for (let i = 0; i < 4; i++) {
    sum += Math.hypot(after.corners[i].x - before.corners[i].x, after.corners[i].y - before.corners[i].y);
  }
  return sum / 4 / Math.max(width, height);
}

const failing = (f) => f && f.verdict !== 'pass';
const failed = (f) => f && f.verdict === 'fail';

/**
 * The instructions in order of importance; the first that applies is shown. Each rule reads the
 * context built by `instruction`. The order: first get the subject in view (nothing else can be
 * judged without it), then light that hides everything, then framing (cut off, too far), then
 * what spoils the picture (glare, light, shadow, movement), and last what the person cannot fix
 * by moving (a black-and-white copy).
 */
export const RULES = [
  // Documents.
  { key: 'camera.find-document', when: (c) => c.document && (!c.report.document || c.key('crop') === 'crop.missing') },
  { key: 'camera.more-light', when: (c) => failed(c.find('exposure')) && c.key('exposure') === 'exposure.dark' },
  { key: 'camera.move-back', when: (c) => c.document && failed(c.find('crop')) },
  { key: 'camera.move-closer', when: (c) => ['resolution.fail', 'resolution.warn'].includes(c.key('resolution')) },
  { key: 'camera.move-closer', when: (c) => c.document && c.share < MIN_DOCUMENT_SHARE },
  { key: 'camera.glare', when: (c) => failing(c.find('glare')) },
  { key: 'camera.more-light', when: (c) => failing(c.find('exposure')) && c.key('exposure') === 'exposure.dark' },
  { key: 'camera.less-light', when: (c) => failing(c.find('exposure')) && c.key('exposure') === 'exposure.bright' },
  { key: 'camera.shadow', when: (c) => failing(c.find('exposure')) && c.key('exposure') === 'exposure.shadow' },
  // Faces (selfies, and a selfie with the document).
  { key: 'camera.one-person', when: (c) => c.key('face') === 'face.many' },
  { key: 'camera.face-none', when: (c) => c.key('face') === 'face.none' },
  { key: 'camera.face-whole', when: (c) => c.key('face') === 'face.cut' },
  { key: 'camera.move-closer', when: (c) => c.key('face') === 'face.small' },
  { key: 'camera.show-document', when: (c) => ['face.no-document', 'face.no-portrait', 'face.not-document'].includes(c.key('face')) },
  // Movement: a document that moved since the last frame, or a blurred one.
  { key: 'camera.hold-still', when: (c) => c.moved > MAX_MOTION || failing(c.find('blur')) },
  { key: 'camera.colour', when: (c) => failed(c.find('color')) },
];

/**
 * What to tell the person about one frame.
 * @param {object} report the frame's report (validateImageData's Report)
 * @param {{ kind?: string, previous?: object | null }} [context] the photo's kind and the last frame's report
 * @returns {{ key: string, finding: object | null, ready: boolean, share: number, moved: number }}
 *   `key` is a `camera.*` key of the core's catalogue, or a failing finding's own key when no rule
 *   covers it (show that finding's message); `ready` is true when nothing needs fixing.
 */
export function instruction(report, { kind = 'document', previous = null } = {}) {
  const find = (id) => report.checks.find((f) => f.id === id);
  const frame = report.width * report.height;
  const ctx = {
    report,
    find,
    key: (id) => find(id)?.key,
    document: kind !== 'selfie',
    share: report.document && frame > 0 ? quadArea(report.document) / frame : 0,
    moved: motion(previous?.document, report.document, report.width, report.height),
  };
  for (const rule of RULES) {
    if (rule.when(ctx)) return { key: rule.key, finding: causeOf(rule.key, ctx), ready: false, share: ctx.share, moved: ctx.moved };
  }
  const other = report.checks.find(failing);
  if (other) return { key: other.key, finding: other, ready: false, share: ctx.share, moved: ctx.moved };
  return { key: 'camera.ready', finding: null, ready: true, share: ctx.share, moved: ctx.moved };
}

/** The finding behind an instruction, whose full message explains it (none for size and movement alone). */
function causeOf(key, ctx) {
  const byKey = {
    'camera.find-document': 'crop', 'camera.move-back': 'crop', 'camera.glare': 'glare',
    'camera.more-light': 'exposure', 'camera.less-light': 'exposure', 'camera.shadow': 'exposure',
    'camera.one-person': 'face', 'camera.face-none': 'face', 'camera.face-whole': 'face',
    'camera.show-document': 'face', 'camera.colour': 'color',
  };
  if (key === 'camera.hold-still') return failing(ctx.find('blur')) ? ctx.find('blur') : null;
  if (key === 'camera.move-closer') {
    if (failing(ctx.find('resolution'))) return ctx.find('resolution');
    return ctx.key('face') === 'face.small' ? ctx.find('face') : null;
  }
  return ctx.find(byKey[key]) ?? null;
}

/**
 * Counts ready frames in a row and keeps the best of them: the sharpest (lowest blur score), or
 * the latest when there is no blur check. `push` returns true when the photo should be taken.
 */
export class Streak {
  constructor(needed = CAPTURE_AFTER) {
    this.needed = needed;
    this.count = 0;
    this.best = null;
  }

  /** Adds a frame; `frame.report` is its report. Returns the frame that is dropped, if any, to free it. */
  push(ready, frame) {
    if (!ready) {
      const dropped = [this.best, frame].filter(Boolean);
      this.count = 0;
      this.best = null;
      return dropped;
    }
    this.count += 1;
    if (!this.best || sharpness(frame.report) <= sharpness(this.best.report)) {
      const dropped = this.best ? [this.best] : [];
      this.best = frame;
      return dropped;
    }
    return [frame];
  }

  get done() {
    return this.count >= this.needed;
  }

  reset() {
    const dropped = this.best ? [this.best] : [];
    this.count = 0;
    this.best = null;
    return dropped;
  }
}

function sharpness(report) {
  return report.checks.find((f) => f.id === 'blur')?.score ?? 0;
}
