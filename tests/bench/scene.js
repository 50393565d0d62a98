// A synthetic document photo: an ID-1 card in perspective on a wooden desk, with a cast shadow,
// uneven light and sensor noise, drawn with canvas 2D. Deterministic for a given size and seed.

/** ID-1 card: 85.60 × 53.98 mm. */
const CARD_ASPECT = 85.6 / 53.98;
/** The card is drawn flat at this size (20 px per mm), then warped into the photo. */
const CARD_W = 1712;
const CARD_H = Math.round(CARD_W / CARD_ASPECT);

/** A small xorshift generator, so that every run draws the same photo. */
function random(seed) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s / 4294967296;
  };
}

function canvas(w, h) {
  const c = document.createElement('canvas');
  c.width = w;
  c.height = h;
  return c;
}

function drawDesk(ctx, w, h, rand) {
  ctx.fillStyle = '#8d6642';
  ctx.fillRect(0, 0, w, h);
  const unit = w / 4032;
  // Wood grain: wavy, nearly horizontal strokes of varying tone and width.
  for (let i = 0; i < 420; i++) {
    const y = rand() * h * 1.1 - 0.05 * h;
    const amp = (8 + rand() * 40) * unit;
    const freq = (0.5 + rand() * 2) * Math.PI * 2 / w;
    const phase = rand() * Math.PI * 2;
    const tone = 40 + Math.floor(rand() * 90);
    ctx.strokeStyle = `rgba(${tone + 40},${tone},${Math.floor(tone * 0.6)},${0.12 + rand() * 0.3})`;
    ctx.lineWidth = (1 + rand() * 7) * unit;
    ctx.beginPath();
    for (let x = -w * 0.02; x <= w * 1.02; x += w / 60) {
      const yy = y + amp * Math.sin(x * freq + phase) + 0.04 * h * Math.sin(x * freq * 0.3);
      x <= -w * 0.02 ? ctx.moveTo(x, yy) : ctx.lineTo(x, yy);
    }
    ctx.stroke();
  }
  // A few knots.
  for (let i = 0; i < 5; i++) {
    const x = rand() * w, y = rand() * h, r = (30 + rand() * 60) * unit;
    for (let k = 6; k > 0; k--) {
      ctx.strokeStyle = `rgba(70,40,20,${0.08 * k})`;
      ctx.lineWidth = 3 * unit;
      ctx.beginPath();
      ctx.ellipse(x, y, r * k / 3, r * k / 7, 0.05, 0, Math.PI * 2);
      ctx.stroke();
    }
  }
}

function roundedRect(ctx, x, y, w, h, r) {
  ctx.beginPath();
  ctx.moveTo(x + r, y);
  ctx.arcTo(x + w, y, x + w, y + h, r);
  ctx.arcTo(x + w, y + h, x, y + h, r);
  ctx.arcTo(x, y + h, x, y, r);
  ctx.arcTo(x, y, x + w, y, r);
  ctx.closePath();
}

/** The flat card: printed background, header band, photo, text fields, chip, MRZ. */
function drawCard(rand) {
  const c = canvas(CARD_W, CARD_H);
  const ctx = c.getContext('2d');
  roundedRect(ctx, 0, 0, CARD_W, CARD_H, 64);
  ctx.clip();
  const bg = ctx.createLinearGradient(0, 0, CARD_W, CARD_H);
  bg.addColorStop(0, '#d7ebee');
  bg.addColorStop(0.5, '#eef0e4');
  bg.addColorStop(1, '#f2dfcf');
  ctx.fillStyle = bg;
  ctx.fillRect(0, 0, CARD_W, CARD_H);
  // Guilloche: fine interleaved sine curves.
  ctx.lineWidth = 1.5;
  for (let i = 0; i < 48; i++) {
    ctx.strokeStyle = i % 2 ? 'rgba(70,130,170,0.35)' : 'rgba(200,110,140,0.3)';
    ctx.beginPath();
    for (let x = 0; x <= CARD_W; x += 6) {
      const y = 180 + i * 18 + 40 * Math.sin(x / 70 + i * 0.4) * Math.sin(x / 310);
      x === 0 ? ctx.moveTo(x, y) : ctx.lineTo(x, y);
    }
    ctx.stroke();
  }
  // Header band.
  ctx.fillStyle = '#1f4e8c';
  ctx.fillRect(0, 0, CARD_W, 150);
  ctx.fillStyle = '#ffffff';
  ctx.font = 'bold 72px sans-serif';
  ctx.fillText('REPUBLIC OF EXAMPLE', 80, 100);
  ctx.font = 'bold 40px sans-serif';
  ctx.fillText('IDENTITY CARD', 1280, 96);
  // Photo: background, shoulders, head, hair.
  ctx.fillStyle = '#c6d3dc';
  ctx.fillRect(80, 210, 420, 540);
  ctx.fillStyle = '#2b3550';
  ctx.beginPath();
  ctx.ellipse(290, 760, 200, 150, 0, Math.PI, 0);
  ctx.fill();
  ctx.fillStyle = '#d9a184';
  ctx.beginPath();
  ctx.ellipse(290, 460, 115, 150, 0, 0, Math.PI * 2);
  ctx.fill();
  ctx.fillStyle = '#3a2416';
  ctx.beginPath();
  ctx.ellipse(290, 360, 125, 80, 0, Math.PI, 0);
  ctx.fill();
  ctx.fillStyle = '#1c1c1c';
  ctx.fillRect(245, 450, 22, 10);
  ctx.fillRect(315, 450, 22, 10);
  ctx.fillStyle = '#a0524a';
  ctx.fillRect(265, 540, 50, 10);
  // Text fields.
  const fields = [['SURNAME', 'DOE'], ['GIVEN NAMES', 'JANE MARIA'], ['DATE OF BIRTH', '01.02.1990'],
    ['SEX   NATIONALITY', 'F     EXA'], ['DOCUMENT NO', 'X12345678'], ['DATE OF EXPIRY', '31.12.2031']];
  fields.forEach(([label, value], i) => {
    const y = 250 + i * 92;
    ctx.fillStyle = '#4d5a66';
    ctx.font = '26px sans-serif';
    ctx.fillText(label, 560, y);
    ctx.fillStyle = '#101418';
    ctx.font = 'bold 46px sans-serif';
    ctx.fillText(value, 560, y + 48);
  });
  // Chip.
  ctx.fillStyle = '#d4b04c';
  roundedRect(ctx, 1330, 250, 210, 160, 24);
  ctx.fill();
  ctx.strokeStyle = '#8a6d1e';
  ctx.lineWidth = 4;
  ctx.stroke();
  for (const y of [303, 356]) { ctx.beginPath(); ctx.moveTo(1330, y); ctx.lineTo(1540, y); ctx.stroke(); }
  ctx.beginPath(); ctx.moveTo(1435, 250); ctx.lineTo(1435, 410); ctx.stroke();
  // Hologram.
  const holo = ctx.createRadialGradient(1430, 600, 10, 1430, 600, 120);
  holo.addColorStop(0, 'rgba(255,120,200,0.45)');
  holo.addColorStop(0.5, 'rgba(120,220,255,0.35)');
  holo.addColorStop(1, 'rgba(200,255,140,0)');
  ctx.fillStyle = holo;
  ctx.fillRect(1300, 470, 260, 260);
  // Signature.
  ctx.strokeStyle = '#1a2a6c';
  ctx.lineWidth = 5;
  ctx.beginPath();
  ctx.moveTo(100, 800);
  for (let i = 0; i < 8; i++) ctx.bezierCurveTo(120 + i * 45, 740 + rand() * 40, 140 + i * 45, 840 - rand() * 40, 150 + i * 45, 800);
  ctx.stroke();
  // Machine-readable zone.
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 860, CARD_W, CARD_H - 860);
  ctx.fillStyle = '#111111';
  ctx.font = '54px monospace';
  ['IDEXAX123456784<<<<<<<<<<<<<<<', '9002014F3112315EXA<<<<<<<<<<<6', 'DOE<<JANE<MARIA<<<<<<<<<<<<<<<']
    .forEach((line, i) => ctx.fillText(line, 60, 920 + i * 62));
  return c;
}

/** Corners of the card in the photo (TL, TR, BR, BL): centred, tilted, slightly foreshortened. */
export function cardCorners(w, h) {
  const hw = 0.31 * Math.min(w, (h * 4) / 3);
  const hh = hw / CARD_ASPECT;
  const [cx, cy] = [w * 0.5, h * 0.52];
  const tilt = (3 * Math.PI) / 180;
  const local = [[-hw * 0.95, -hh], [hw * 0.95, -hh], [hw, hh], [-hw, hh]];
  return local.map(([x, y]) => ({
    x: cx + x * Math.cos(tilt) - y * Math.sin(tilt),
    y: cy + x * Math.sin(tilt) + y * Math.cos(tilt),
  }));
}

/** Draws the flat card into the quad, strip by strip, each strip mapped by its own affine map. */
function warpCard(ctx, card, [tl, tr, br, bl]) {
  const lerp = (a, b, t) => ({ x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t });
  const strip = 4;
  for (let v0 = 0; v0 < CARD_H; v0 += strip) {
    const v1 = Math.min(v0 + strip, CARD_H);
    const l0 = lerp(tl, bl, v0 / CARD_H), r0 = lerp(tr, br, v0 / CARD_H), l1 = lerp(tl, bl, v1 / CARD_H);
    const a = (r0.x - l0.x) / CARD_W, b = (r0.y - l0.y) / CARD_W;
    const c = (l1.x - l0.x) / (v1 - v0), d = (l1.y - l0.y) / (v1 - v0);
    ctx.setTransform(a, b, c, d, l0.x - c * v0, l0.y - d * v0);
    // One extra row of overlap hides the seams between strips.
    ctx.drawImage(card, 0, v0, CARD_W, Math.min(v1 + 1, CARD_H) - v0, 0, v0, CARD_W, Math.min(v1 + 1, CARD_H) - v0);
  }
  ctx.setTransform(1, 0, 0, 1, 0, 0);
}

/** Adds zero-mean sensor noise of about ±`amount` levels to every colour channel. */
function addNoise(image, amount, rand) {
  const d = image.data;
  for (let i = 0; i < d.length; i += 4) {
    const n = (rand() - 0.5) * 2 * amount;
    d[i] += n + (rand() - 0.5) * amount;
    d[i + 1] += n;
    d[i + 2] += n + (rand() - 0.5) * amount;
  }
}

/**
 * A `w`×`h` photo of an ID card on a desk, as an `ImageData`, and the canvas it was drawn on.
 * The card covers about 40% of the frame's width, as a person framing it on a phone would.
 */
export function documentPhoto(w, h, seed = 7) {
  const rand = random(seed);
  const c = canvas(w, h);
  const ctx = c.getContext('2d', { willReadFrequently: true });
  ctx.imageSmoothingQuality = 'high';
  drawDesk(ctx, w, h, rand);
  const corners = cardCorners(w, h);
  const unit = w / 4032;
  // Soft shadow cast by the card.
  ctx.save();
  ctx.filter = `blur(${Math.max(1, 28 * unit)}px)`;
  ctx.fillStyle = 'rgba(20,10,0,0.55)';
  ctx.beginPath();
  corners.forEach((p, i) => (i ? ctx.lineTo : ctx.moveTo).call(ctx, p.x + 30 * unit, p.y + 40 * unit));
  ctx.closePath();
  ctx.fill();
  ctx.restore();
  warpCard(ctx, drawCard(rand), corners);
  // Uneven light: brighter near the top left, darker towards the corners.
  const light = ctx.createRadialGradient(w * 0.35, h * 0.3, 0, w * 0.5, h * 0.5, Math.hypot(w, h) * 0.6);
  light.addColorStop(0, 'rgba(255,248,235,0.12)');
  light.addColorStop(0.6, 'rgba(0,0,0,0)');
  light.addColorStop(1, 'rgba(0,0,0,0.35)');
  ctx.fillStyle = light;
  ctx.fillRect(0, 0, w, h);
  const image = ctx.getImageData(0, 0, w, h);
  addNoise(image, 5, rand);
  ctx.putImageData(image, 0, 0);
  return { image, canvas: c, corners };
}
