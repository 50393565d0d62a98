// Draws a kyc-preflight report: the overlay on the photo and the list of checks.
// Pure DOM work with no state, so that tests can render any report. Every function takes the
// page language (default English); the words are in i18n.js.

import { joinList, t } from './i18n.js';

const SVG = 'http://www.w3.org/2000/svg';

/** What each check is called on the page, in English (see i18n.js for the other languages). */
export const CHECK_NAMES = Object.fromEntries(
  ['blur', 'glare', 'crop', 'color', 'exposure', 'resolution', 'recapture', 'face', 'file', 'edited', 'screenshot',
    'compression']
    .map((id) => [id, t('en', `check.${id}`)]),
);

const VERDICT_ICONS = { pass: '✓', warn: '!', fail: '✕' };

export function checkName(id, lang = 'en') {
  const name = t(lang, `check.${id}`);
  return name === `check.${id}` ? id.charAt(0).toUpperCase() + id.slice(1) : name;
}

/** A number with three significant digits, without trailing noise. */
export function formatNumber(x) {
  if (!Number.isFinite(x)) return String(x);
  return Number(x.toPrecision(3)).toString();
}

function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Fills the summary banner: its verdict, a title and what to do next. */
export function renderSummary(root, report, lang = 'en') {
  const title = t(lang, `summary.${report.verdict}.title`);
  const detail = t(lang, `summary.${report.verdict}.detail`);
  const failing = report.checks.filter((c) => c.verdict !== 'pass').map((c) => checkName(c.id, lang));
  root.dataset.verdict = report.verdict;
  root.querySelector('.summary-icon').textContent = VERDICT_ICONS[report.verdict];
  root.querySelector('.summary-title').textContent = title;
  const space = lang === 'en' ? ' ' : '';
  root.querySelector('.summary-detail').textContent =
    failing.length ? `${detail}${space}${t(lang, 'summary.look-at', { list: failing.join(t(lang, 'list.sep')) })}` : detail;
}

const SEVERITY = { fail: 0, warn: 1, pass: 2 };

/** One list item per check, what to fix first: its name, verdict, message, score and threshold. */
export function renderChecks(list, report, lang = 'en') {
  const ordered = [...report.checks].sort((a, b) => SEVERITY[a.verdict] - SEVERITY[b.verdict]);
  list.replaceChildren(
    ...ordered.map((c) => {
      const li = el('li', 'check');
      li.dataset.id = c.id;
      li.dataset.verdict = c.verdict;
      const head = el('div', 'check-head');
      head.append(el('h3', 'check-name', checkName(c.id, lang)));
      const label = t(lang, `verdict.${c.verdict}`);
      const badge = el('span', 'badge', `${VERDICT_ICONS[c.verdict]} ${label}`);
      badge.setAttribute('aria-label', t(lang, 'verdict.aria', { verdict: label }));
      head.append(badge);
      li.append(head, el('p', 'check-message', c.message));
      const meta = el('p', 'check-meta');
      meta.append(
        el('span', null, `${t(lang, 'meta.score')} `), el('span', 'score', formatNumber(c.score)),
        el('span', null, ` · ${t(lang, 'meta.threshold')} `), el('span', 'threshold', formatNumber(c.threshold)),
      );
      if (c.corners_cut?.length) {
        const corners = c.corners_cut.map((k) => t(lang, `corner.${k}`)).join(t(lang, 'list.sep'));
        meta.append(el('span', null, ` · ${t(lang, 'meta.cut', { corners })}`));
      }
      li.append(meta);
      return li;
    }),
  );
}

function svg(tag, attrs, text) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

function points(quad) {
  return quad.corners.map((p) => `${p.x},${p.y}`).join(' ');
}

const CORNER_INDEX = { 'top-left': 0, 'top-right': 1, 'bottom-right': 2, 'bottom-left': 3 };

/**
 * Draws, in image pixels: the document's outline, each cut corner, the glare box, and the region
 * of any other check that did not pass.
 */
export function renderOverlay(root, report, lang = 'en') {
  const { width: w, height: h } = report;
  const unit = Math.max(w, h) / 100; // 1% of the long side: sizes stay in proportion to the photo
  root.setAttribute('viewBox', `0 0 ${w} ${h}`);
  root.setAttribute('preserveAspectRatio', 'none');
  root.style.setProperty('--unit', `${unit}px`);
  const shapes = [];
  const label = (x, y, text, cls) =>
    svg('text', { x, y, class: `label ${cls}`, 'font-size': 3 * unit }, text);

  const crop = report.checks.find((c) => c.id === 'crop');
  const doc = report.document ?? (crop?.region?.type === 'quad' ? crop.region : undefined);
  if (doc) {
    const cls = crop && crop.verdict !== 'pass' ? 'doc doc-bad' : 'doc';
    shapes.push(svg('polygon', { points: points(doc), class: cls, 'data-shape': 'document' }));
  }
  for (const corner of crop?.corners_cut ?? []) {
    const quad = crop.region?.type === 'quad' ? crop.region : doc;
    if (!quad) continue;
    const p = quad.corners[CORNER_INDEX[corner]];
    const x = Math.min(Math.max(p.x, 2 * unit), w - 2 * unit);
    const y = Math.min(Math.max(p.y, 2 * unit), h - 2 * unit);
    shapes.push(svg('circle', { cx: x, cy: y, r: 4 * unit, class: 'cut', 'data-shape': 'cut-corner' }));
  }
  for (const c of report.checks) {
    const r = c.region;
    if (!r || c.id === 'crop') continue;
    if (c.id !== 'glare' && c.verdict === 'pass') continue;
    const cls = `region region-${c.verdict} region-${c.id}`;
    if (r.type === 'box') {
      shapes.push(svg('rect', { x: r.x, y: r.y, width: r.width, height: r.height, class: cls, 'data-shape': c.id }));
      if (c.verdict !== 'pass') shapes.push(label(r.x, Math.max(r.y - unit, 3 * unit), checkName(c.id, lang), `label-${c.verdict}`));
    } else if (r.type === 'quad' && c.verdict !== 'pass') {
      shapes.push(svg('polygon', { points: points(r), class: cls, 'data-shape': c.id }));
    }
  }
  root.replaceChildren(...shapes);
}

/** Says in words what the overlay shows, for the figure's caption. */
export function describeOverlay(report, lang = 'en') {
  const parts = [];
  const crop = report.checks.find((c) => c.id === 'crop');
  if (report.document) parts.push(t(lang, 'overlay.document'));
  if (crop?.corners_cut?.length) parts.push(t(lang, crop.corners_cut.length > 1 ? 'overlay.cut-many' : 'overlay.cut-one'));
  const glare = report.checks.find((c) => c.id === 'glare' && c.region);
  if (glare) parts.push(t(lang, 'overlay.glare'));
  const soft = report.checks.filter((c) => c.region?.type === 'quad' && c.id !== 'crop' && c.verdict !== 'pass');
  if (soft.length) {
    const names = soft.map((c) => (lang === 'en' ? checkName(c.id, lang).toLowerCase() : checkName(c.id, lang)));
    parts.push(t(lang, 'overlay.soft', { checks: joinList(lang, names) }));
  }
  return parts.length ? t(lang, 'overlay.intro', { parts: parts.join(t(lang, 'list.parts')) }) : '';
}
