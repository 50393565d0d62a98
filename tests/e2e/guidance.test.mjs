// The camera's instruction priority and auto-capture streak (www/guidance.js), in Node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CAPTURE_AFTER, MAX_MOTION, MIN_DOCUMENT_SHARE, RESOLUTION_DEFAULTS, RULES, Streak, instruction, liveOptions, motion, quadArea } from '../../www/guidance.js';

const W = 640;
const H = 480;
const quad = (x0, y0, x1, y1) => ({ corners: [{ x: x0, y: y0 }, { x: x1, y: y0 }, { x: x1, y: y1 }, { x: x0, y: y1 }] });
const BIG = quad(80, 90, 560, 390); // 480 × 300 = 47 % of the frame
const SMALL = quad(250, 200, 390, 290); // 140 × 90 = 4 % of the frame
const pass = (id) => ({ id, verdict: 'pass', key: `${id}.pass`, message: `${id} ok`, score: 1, threshold: 2 });
const bad = (id, key, verdict = 'fail') => ({ id, verdict, key, message: `${key} message`, score: 9, threshold: 2 });

/** A document report with every check passing, then the given findings replacing their check. */
function report(findings = [], document = BIG) {
  const checks = ['blur', 'glare', 'crop', 'color', 'exposure', 'resolution', 'recapture'].map(pass);
  for (const f of findings) checks[checks.findIndex((c) => c.id === f.id)] = f;
  const r = { verdict: 'pass', width: W, height: H, checks };
  if (document) r.document = document;
  return r;
}

test('a clean, large, still document is ready', () => {
  const g = instruction(report(), { previous: report() });
  assert.deepEqual([g.key, g.ready, g.finding], ['camera.ready', true, null]);
  assert.ok(g.share > MIN_DOCUMENT_SHARE);
});

test('each problem alone gives its own instruction, with its finding', () => {
  const cases = [
    [[bad('crop', 'crop.missing')], null, 'camera.find-document'],
    [[bad('crop', 'crop.fail')], BIG, 'camera.move-back'],
    [[], SMALL, 'camera.move-closer'],
    [[bad('glare', 'glare.fail')], BIG, 'camera.glare'],
    [[bad('glare', 'glare.warn', 'warn')], BIG, 'camera.glare'],
    [[bad('exposure', 'exposure.dark')], BIG, 'camera.more-light'],
    [[bad('exposure', 'exposure.bright', 'warn')], BIG, 'camera.less-light'],
    [[bad('exposure', 'exposure.shadow')], BIG, 'camera.shadow'],
    [[bad('blur', 'blur.fail')], BIG, 'camera.hold-still'],
    [[bad('blur', 'blur.warn', 'warn')], BIG, 'camera.hold-still'],
    [[bad('color', 'color.fail')], BIG, 'camera.colour'],
    [[bad('resolution', 'resolution.fail')], BIG, 'camera.move-closer'],
    [[bad('resolution', 'resolution.warn', 'warn')], BIG, 'camera.move-closer'],
  ];
  for (const [findings, doc, key] of cases) {
    const g = instruction(report(findings, doc));
    assert.equal(g.key, key, JSON.stringify(findings));
    assert.equal(g.ready, false);
    if (findings.length) assert.equal(g.finding, findings[0], `${key} carries its finding`);
  }
});

test('the order: in view, light that hides all, framing, glare, light, movement, colour', () => {
  const all = [bad('crop', 'crop.fail'), bad('glare', 'glare.fail'), bad('blur', 'blur.fail'), bad('color', 'color.fail'), bad('exposure', 'exposure.shadow')];
  const seen = [];
  let findings = all;
  // Fix the instruction shown each time and see what comes next.
  for (;;) {
    const g = instruction(report(findings));
    if (g.ready) break;
    seen.push(g.key);
    findings = findings.filter((f) => f !== g.finding);
  }
  assert.deepEqual(seen, ['camera.move-back', 'camera.glare', 'camera.shadow', 'camera.hold-still', 'camera.colour']);
  // No document at all comes before everything; a fail-level dark photo before framing.
  assert.equal(instruction(report([bad('crop', 'crop.missing'), bad('glare', 'glare.fail')], null)).key, 'camera.find-document');
  assert.equal(instruction(report([bad('crop', 'crop.fail'), bad('exposure', 'exposure.dark')])).key, 'camera.more-light');
  assert.equal(instruction(report([bad('exposure', 'exposure.dark', 'warn'), bad('crop', 'crop.fail')])).key, 'camera.move-back');
  // Too far away before glare; glare before movement.
  assert.equal(instruction(report([bad('glare', 'glare.fail')], SMALL)).key, 'camera.move-closer');
  assert.equal(instruction(report([bad('blur', 'blur.fail'), bad('glare', 'glare.warn', 'warn')])).key, 'camera.glare');
});

test('a document that moved between frames: hold still', () => {
  const moved = quad(80 + 30, 90, 560 + 30, 390); // 30 px of 640
  assert.ok(motion(BIG, moved, W, H) > MAX_MOTION);
  assert.ok(motion(BIG, quad(81, 90, 561, 390), W, H) < MAX_MOTION);
  const g = instruction(report([], moved), { previous: report() });
  assert.deepEqual([g.key, g.finding, g.ready], ['camera.hold-still', null, false]);
  assert.equal(instruction(report([], quad(82, 91, 562, 391)), { previous: report() }).key, 'camera.ready');
});

test('selfies: one person, a face, the whole face, closer; document rules do not apply', () => {
  const selfie = (face) => ({ verdict: 'fail', width: W, height: H, checks: [face] });
  const cases = [['face.many', 'camera.one-person'], ['face.none', 'camera.face-none'], ['face.cut', 'camera.face-whole'], ['face.small', 'camera.move-closer']];
  for (const [key, want] of cases) {
    const f = bad('face', key);
    const g = instruction(selfie(f), { kind: 'selfie' });
    assert.deepEqual([g.key, g.finding], [want, f]);
  }
  assert.equal(instruction({ verdict: 'pass', width: W, height: H, checks: [pass('face')] }, { kind: 'selfie' }).key, 'camera.ready');
  const both = { verdict: 'fail', width: W, height: H, checks: [bad('face', 'face.many'), bad('exposure', 'exposure.dark')] };
  assert.equal(instruction(both, { kind: 'selfie' }).key, 'camera.more-light');
});

test('a failing check no rule knows is told with its own finding', () => {
  const screen = bad('recapture', 'recapture.warn', 'warn');
  assert.deepEqual([instruction(report([screen])).key, instruction(report([screen])).finding], ['recapture.warn', screen]);
  const odd = bad('someday', 'someday.fail');
  const g = instruction({ ...report(), checks: [...report().checks, odd] });
  assert.deepEqual([g.key, g.finding, g.ready], ['someday.fail', odd, false]);
});

test('every rule key is a camera.* key (all in the core catalogue, see tests/page_text.rs)', () => {
  for (const r of RULES) assert.match(r.key, /^camera\.[a-z-]+$/);
});

test('quad area by the shoelace formula', () => {
  assert.equal(quadArea(BIG), 480 * 300);
  const turned = { corners: [{ x: 0, y: 5 }, { x: 5, y: 0 }, { x: 10, y: 5 }, { x: 5, y: 10 }] };
  assert.equal(quadArea(turned), 50);
});

test('the streak fires after CAPTURE_AFTER ready frames in a row and keeps the sharpest', () => {
  const s = new Streak();
  const frame = (blur) => ({ report: report([{ ...pass('blur'), score: blur }]), bitmap: { blur } });
  const freed = [];
  freed.push(...s.push(true, frame(5)));
  freed.push(...s.push(false, frame(9))); // a bad frame breaks the streak
  assert.equal(s.count, 0);
  assert.equal(freed.length, 2, 'the dropped frames are handed back to be freed');
  const scores = [6, 4, 7, 4.5, 8, 6];
  assert.equal(scores.length, CAPTURE_AFTER);
  scores.forEach((b, i) => {
    s.push(true, frame(b));
    assert.equal(s.done, i === scores.length - 1);
  });
  assert.equal(s.best.bitmap.blur, 4, 'the sharpest of the streak is kept');
});

test('live frames are judged at the camera size: the resolution limits shrink with the frame', () => {
  const o = liveOptions('document', 'zh-Hans', 0.5);
  assert.deepEqual([o.kind, o.lang], ['document', 'zh-Hans']);
  assert.deepEqual(o.resolution, { minPxPerMm: RESOLUTION_DEFAULTS.minPxPerMm / 2, warnPxPerMm: RESOLUTION_DEFAULTS.warnPxPerMm / 2,
    minLongSide: RESOLUTION_DEFAULTS.minLongSide / 2, minShortSide: RESOLUTION_DEFAULTS.minShortSide / 2 });
  assert.deepEqual(liveOptions('selfie', 'en', 1).resolution, RESOLUTION_DEFAULTS);
  assert.deepEqual(liveOptions('selfie', 'en', 2).resolution, RESOLUTION_DEFAULTS, 'never stricter than the defaults');
  for (const v of Object.values(liveOptions('document', 'en', 0.37).resolution)) assert.ok(v > 0);
  assert.ok(Number.isInteger(liveOptions('document', 'en', 0.37).resolution.minLongSide), 'sizes are whole pixels');
});
