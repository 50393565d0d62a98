// Draws a kyc-preflight report: the overlay on the photo and the list of checks.
// Pure DOM work with no state, so that tests can render any report.

const SVG = 'http://www.w3.org/2000/svg';

/** What each check is called on the page. */
export const CHECK_NAMES = {
  blur: 'Sharpness',
  glare: 'Glare',
  crop: 'Whole document in frame',
  color: 'Colour',
  file: 'File',
  edited: 'Editing',
  screenshot: 'Screenshot',
  compression: 'Compression',
};

const VERDICT_LABELS = { pass: 'OK', warn: 'Check', fail: 'Fix' };
const VERDICT_ICONS = { pass: '✓', warn: '!', fail: '✕' };

const SUMMARIES = {
  pass: ['Looks good', 'The photo is ready to upload.'],
  warn: ['Usable, but check the notes', 'You can upload it, but a retake may read better.'],
  fail: ['Please take the photo again', 'Fix what is marked below, then choose the new photo.'],
};

export function checkName(id) {
  return CHECK_NAMES[id] ?? id.charAt(0).toUpperCase() + id.slice(1);
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
export function renderSummary(root, report) {
  const [title, detail] = SUMMARIES[report.verdict];
  const failing = report.checks.filter((c) => c.verdict !== 'pass').map((c) => checkName(c.id));
  root.dataset.verdict = report.verdict;
  root.querySelector('.summary-icon').textContent = VERDICT_ICONS[report.verdict];
  root.querySelector('.summary-title').textContent = title;
  root.querySelector('.summary-detail').textContent =
    failing.length ? `${detail} To look at: ${failing.join(', ')}.` : detail;
}

const SEVERITY = { fail: 0, warn: 1, pass: 2 };

/** One list item per check, what to fix first: its name, verdict, message, score and threshold. */
export function renderChecks(list, report) {
  const ordered = [...report.checks].sort((a, b) => SEVERITY[a.verdict] - SEVERITY[b.verdict]);
  list.replaceChildren(
    ...ordered.map((c) => {
      const li = el('li', 'check');
      li.dataset.id = c.id;
      li.dataset.verdict = c.verdict;
      const head = el('div', 'check-head');
      head.append(el('h3', 'check-name', checkName(c.id)));
      const badge = el('span', 'badge', `${VERDICT_ICONS[c.verdict]} ${VERDICT_LABELS[c.verdict]}`);
      badge.setAttribute('aria-label', `verdict: ${c.verdict}`);
      head.append(badge);
      li.append(head, el('p', 'check-message', c.message));
      const meta = el('p', 'check-meta');
      meta.append(
        el('span', null, 'score '), el('span', 'score', formatNumber(c.score)),
        el('span', null, ' · threshold '), el('span', 'threshold', formatNumber(c.threshold)),
      );
      if (c.corners_cut?.length) meta.append(el('span', null, ` · cut: ${c.corners_cut.join(', ')}`));
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
export function renderOverlay(root, report) {
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
      if (c.verdict !== 'pass') shapes.push(label(r.x, Math.max(r.y - unit, 3 * unit), checkName(c.id), `label-${c.verdict}`));
    } else if (r.type === 'quad' && c.verdict !== 'pass') {
      shapes.push(svg('polygon', { points: points(r), class: cls, 'data-shape': c.id }));
    }
  }
  root.replaceChildren(...shapes);
}

/** Says in words what the overlay shows, for the figure's caption. */
export function describeOverlay(report) {
  const parts = [];
  const crop = report.checks.find((c) => c.id === 'crop');
  if (report.document) parts.push('the outline marks the document found');
  if (crop?.corners_cut?.length) parts.push(`red circles mark the cut ${crop.corners_cut.length > 1 ? 'corners' : 'corner'}`);
  const glare = report.checks.find((c) => c.id === 'glare' && c.region);
  if (glare) parts.push('the box marks the largest glare');
  const soft = report.checks.filter((c) => c.region?.type === 'quad' && c.id !== 'crop' && c.verdict !== 'pass');
  if (soft.length) parts.push(`the dashed outline marks what ${soft.map((c) => checkName(c.id).toLowerCase()).join(' and ')} looked at`);
  return parts.length ? `On the photo, ${parts.join('; ')}.` : '';
}
