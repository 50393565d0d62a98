//! Draws a synthetic identity document: an ID-1 card (85.6 × 54 mm) or a passport data page.
//!
//! Background gradient, guilloche-like sine lines, a portrait cut from a real photo, printed
//! fields in real fonts (or glyph-like ink blocks when the fonts are missing), and
//! machine-readable-zone rows at the bottom in OCR-B or a monospace face.

use super::text::{self, Fonts};
use super::{Img, Rng};

/// ID-1 cards (ISO/IEC 7810): 85.6 × 53.98 mm.
pub const ID1_ASPECT: f32 = 1.586;
/// Passport data page (ISO/IEC 7810 ID-3): 125 × 88 mm.
pub const PASSPORT_ASPECT: f32 = 1.42;

/// The drawn card and where its content lies, as fractions of its width and height.
pub struct Card {
    pub img: Img,
    /// Boxes [x0, y0, x1, y1] (fractions) holding printed text, including the MRZ rows.
    pub text: Vec<[f32; 4]>,
    /// The portrait's box (fractions).
    pub portrait: [f32; 4],
}

/// How the card looks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Design {
    pub aspect: f32,
    /// A white or grey card (a hard negative for the colour check).
    pub pale: bool,
}

/// What a row of print holds.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Row {
    Header,
    Label,
    Value,
    Mrz,
}

/// The faces one card is printed in: one family for its labels and values, one MRZ face.
struct Printer<'a> {
    fonts: &'a Fonts,
    face: usize,
    bold: usize,
    mrz: usize,
    /// A Chinese card: its first value is a Chinese name.
    cjk: bool,
    /// MRZ rows printed so far (the first row carries the name).
    mrz_rows: usize,
}

impl Printer<'_> {
    fn new<'a>(fonts: &'a Fonts, rng: &mut Rng) -> Printer<'a> {
        let family = rng.below(fonts.faces.len().max(1));
        // OCR-B (the first MRZ face) on four cards in five, a monospace stand-in on the rest.
        let mrz = if rng.chance(0.8) { 0 } else { rng.below(fonts.mrz.len().max(1)) };
        let cjk = fonts.cjk.is_some() && rng.chance(0.15);
        Printer { fonts, face: family, bold: family, mrz, cjk, mrz_rows: 0 }
    }

    /// Prints a row into box `b` (fractions of the card), in real type when the fonts are there.
    fn row(&mut self, img: &mut Img, aspect: f32, b: [f32; 4], c: [f32; 3], kind: Row, rng: &mut Rng) {
        if !self.fonts.usable() {
            glyph_row(img, aspect, b, c, kind == Row::Mrz, rng);
            return;
        }
        let (w, h) = (img.w as f32, img.h as f32);
        let px = [b[0] * w, b[1] * h, b[2] * w, b[3] * h];
        let f = self.fonts;
        let (font, s) = match kind {
            Row::Header => (&f.bold[self.bold % f.bold.len()], text::header(rng)),
            Row::Label => (&f.faces[self.face % f.faces.len()], text::label(rng)),
            Row::Value if self.cjk => {
                self.cjk = false;
                match &f.cjk {
                    Some(font) => (font, text::cjk_name(rng).to_string()),
                    None => (&f.bold[self.bold % f.bold.len()], text::value(rng)),
                }
            }
            Row::Value => (&f.bold[self.bold % f.bold.len()], text::value(rng)),
            Row::Mrz => {
                let n = if aspect < 1.5 { 44 } else { 30 };
                let first = self.mrz_rows == 0 && aspect < 1.5;
                self.mrz_rows += 1;
                (&f.mrz[self.mrz % f.mrz.len()], text::mrz_line(rng, n, first))
            }
        };
        text::draw_in_box(img, font, px, &s, c);
    }
}

/// Draws a card `w` pixels wide with glyph-like blocks for its print.
pub fn draw(w: usize, design: Design, portraits: &[Img], rng: &mut Rng) -> Card {
    draw_printed(w, design, portraits, &Fonts::default(), rng)
}

/// Draws a card `w` pixels wide, printed in `fonts` (glyph-like blocks when they are missing).
pub fn draw_printed(w: usize, design: Design, portraits: &[Img], fonts: &Fonts, rng: &mut Rng) -> Card {
    let h = ((w as f32 / design.aspect).round() as usize).max(8);
    let (c0, c1) = palette(design.pale, rng);
    let mut img = Img::new(w, h, c0);
    gradient(&mut img, c0, c1, rng.range(0.0, 6.28));
    guilloche(&mut img, rng, design.pale);
    let passport = design.aspect < 1.5;
    let portrait = if passport { [0.04, 0.2, 0.3, 0.74] } else { [0.04, 0.2, 0.3, 0.7] };
    let portrait = jitter_box(portrait, 0.015, rng);
    draw_portrait(&mut img, portrait, portraits, rng);
    let mut text = Vec::new();
    let mut print = Printer::new(fonts, rng);
    // Header: a band of larger glyphs.
    let header = [0.06, 0.05, rng.range(0.55, 0.9), 0.05 + rng.range(0.055, 0.08)];
    let ink_head = ink(rng, design.pale);
    print.row(&mut img, design.aspect, header, ink_head, Row::Header, rng);
    text.push(header);
    // Field rows: a small label row above a larger value row.
    let rows = if passport { 4 } else { 5 };
    let (top, bottom) = (0.2, if passport { 0.74 } else { 0.7 });
    let step = (bottom - top) / rows as f32;
    let x0 = portrait[2] + rng.range(0.03, 0.06);
    let body_ink = ink(rng, false);
    for r in 0..rows {
        let y = top + r as f32 * step;
        let label = [x0, y, x0 + rng.range(0.12, 0.3), y + step * 0.22];
        let label_ink = ink(rng, design.pale);
        print.row(&mut img, design.aspect, label, label_ink, Row::Label, rng);
        let value = [x0, y + step * 0.32, (x0 + rng.range(0.2, 0.55)).min(0.96), y + step * 0.72];
        print.row(&mut img, design.aspect, value, body_ink, Row::Value, rng);
        text.push(label);
        text.push(value);
    }
    // MRZ: 2 rows (passport) or 3 rows (ID-1) of uniform monospace glyphs.
    let mrz_rows = if passport { 2 } else { 3 };
    let mrz_h = if passport { 0.055 } else { 0.05 };
    let mut y = if passport { 0.8 } else { 0.76 };
    for _ in 0..mrz_rows {
        let b = [0.04, y, 0.96, y + mrz_h];
        print.row(&mut img, design.aspect, b, [25.0, 25.0, 30.0], Row::Mrz, rng);
        text.push(b);
        y += mrz_h * 1.3;
    }
    Card { img, text, portrait }
}

fn palette(pale: bool, rng: &mut Rng) -> ([f32; 3], [f32; 3]) {
    if pale {
        let g = rng.range(200.0, 245.0);
        let t = rng.range(-4.0, 4.0);
        return ([g, g, g + t], [g - 20.0, g - 20.0 + t, g - 20.0]);
    }
    let hue = rng.range(0.0, 1.0);
    let sat = rng.range(0.2, 0.6);
    let c0 = hsv(hue, sat, rng.range(0.75, 0.97));
    let c1 = hsv((hue + rng.range(-0.15, 0.15)).rem_euclid(1.0), sat * rng.range(0.5, 1.3), rng.range(0.7, 0.95));
    (c0, c1)
}

/// HSV (all 0..1) to RGB 0..255.
pub fn hsv(h: f32, s: f32, v: f32) -> [f32; 3] {
    let s = s.clamp(0.0, 1.0);
    let i = (h * 6.0).floor();
    let f = h * 6.0 - i;
    let (p, q, t) = (v * (1.0 - s), v * (1.0 - f * s), v * (1.0 - (1.0 - f) * s));
    let (r, g, b) = match i as i32 % 6 {
        0 => (v, t, p),
        1 => (q, v, p),
        2 => (p, v, t),
        3 => (p, q, v),
        4 => (t, p, v),
        _ => (v, p, q),
    };
    [r * 255.0, g * 255.0, b * 255.0]
}

fn ink(rng: &mut Rng, pale: bool) -> [f32; 3] {
    if pale || rng.chance(0.6) {
        let g = rng.range(15.0, 60.0);
        [g, g, g + rng.range(0.0, 15.0)]
    } else {
        hsv(rng.unit(), rng.range(0.5, 0.9), rng.range(0.25, 0.5))
    }
}

fn gradient(img: &mut Img, c0: [f32; 3], c1: [f32; 3], angle: f32) {
    let (dx, dy) = (angle.cos(), angle.sin());
    let (w, h) = (img.w as f32, img.h as f32);
    for y in 0..img.h {
        for x in 0..img.w {
            let t = (((x as f32 / w - 0.5) * dx + (y as f32 / h - 0.5) * dy) + 0.7) / 1.4;
            let t = t.clamp(0.0, 1.0);
            img.set(x, y, [0, 1, 2].map(|k| c0[k] + (c1[k] - c0[k]) * t));
        }
    }
}

/// Thin interleaved sine lines, like the guilloche of a security print.
fn guilloche(img: &mut Img, rng: &mut Rng, pale: bool) {
    let (w, h) = (img.w as f32, img.h as f32);
    let lines = 6 + rng.below(14);
    let base = if pale { hsv(rng.unit(), 0.15, 0.7) } else { hsv(rng.unit(), rng.range(0.3, 0.7), rng.range(0.5, 0.8)) };
    let thick = (w * 0.0015).max(0.7);
    let alpha = rng.range(0.25, 0.6);
    for i in 0..lines {
        let y0 = h * (i as f32 + 0.5) / lines as f32;
        let (a1, f1, p1) = (h * rng.range(0.02, 0.12), rng.range(1.0, 6.0), rng.range(0.0, 6.28));
        let (a2, f2, p2) = (h * rng.range(0.01, 0.05), rng.range(6.0, 20.0), rng.range(0.0, 6.28));
        for x in 0..img.w {
            let t = x as f32 / w;
            let y = y0 + a1 * (std::f32::consts::TAU * f1 * t + p1).sin() + a2 * (std::f32::consts::TAU * f2 * t + p2).sin();
            vspan(img, x, y - thick / 2.0, y + thick / 2.0, base, alpha);
        }
    }
}

/// Paints rows [y0, y1) of column x with coverage-weighted blending.
fn vspan(img: &mut Img, x: usize, y0: f32, y1: f32, c: [f32; 3], alpha: f32) {
    let (a, b) = (y0.floor() as i64, y1.ceil() as i64);
    for y in a..b {
        let cov = (y1.min(y as f32 + 1.0) - y0.max(y as f32)).clamp(0.0, 1.0);
        img.blend(x as i64, y, c, cov * alpha);
    }
}

/// Fills the rectangle [x0, x1) × [y0, y1) (pixels) with anti-aliased edges.
pub fn fill_rect(img: &mut Img, x0: f32, y0: f32, x1: f32, y1: f32, c: [f32; 3], alpha: f32) {
    if x1 <= x0 || y1 <= y0 {
        return;
    }
    for y in y0.floor() as i64..y1.ceil() as i64 {
        let cy = (y1.min(y as f32 + 1.0) - y0.max(y as f32)).clamp(0.0, 1.0);
        for x in x0.floor() as i64..x1.ceil() as i64 {
            let cx = (x1.min(x as f32 + 1.0) - x0.max(x as f32)).clamp(0.0, 1.0);
            img.blend(x, y, c, cx * cy * alpha);
        }
    }
}

fn jitter_box(b: [f32; 4], j: f32, rng: &mut Rng) -> [f32; 4] {
    let dx = rng.range(-j, j);
    let dy = rng.range(-j, j);
    [b[0] + dx.max(-b[0] + 0.01), b[1] + dy, b[2] + dx.max(-b[0] + 0.01), b[3] + dy]
}

fn draw_portrait(img: &mut Img, b: [f32; 4], portraits: &[Img], rng: &mut Rng) {
    let (w, h) = (img.w as f32, img.h as f32);
    let (x0, y0, x1, y1) = (b[0] * w, b[1] * h, b[2] * w, b[3] * h);
    let (pw, ph) = ((x1 - x0).max(1.0), (y1 - y0).max(1.0));
    if portraits.is_empty() {
        // Stand-in: a skin-toned oval on a pale ground.
        fill_rect(img, x0, y0, x1, y1, [200.0, 205.0, 215.0], 1.0);
        let skin = hsv(rng.range(0.03, 0.1), rng.range(0.3, 0.6), rng.range(0.4, 0.9));
        for y in y0 as usize..y1 as usize {
            for x in x0 as usize..x1 as usize {
                let (u, v) = ((x as f32 - x0) / pw - 0.5, (y as f32 - y0) / ph - 0.45);
                if (u / 0.3).powi(2) + (v / 0.38).powi(2) < 1.0 {
                    img.blend(x as i64, y as i64, skin, 1.0);
                }
            }
        }
        return;
    }
    let src = &portraits[rng.below(portraits.len())];
    let (sx, sy) = (src.w as f32 / pw, src.h as f32 / ph);
    for y in y0.max(0.0) as usize..(y1 as usize).min(img.h) {
        for x in x0.max(0.0) as usize..(x1 as usize).min(img.w) {
            let c = src.sample((x as f32 - x0) * sx, (y as f32 - y0) * sy);
            img.set(x, y, c);
        }
    }
}

/// A row of glyph-like blocks filling box `b` (fractions): each glyph is a random pattern on a
/// 3×5 grid with strokes about a sixth of its height thick, like small printed capitals.
fn glyph_row(img: &mut Img, aspect: f32, b: [f32; 4], c: [f32; 3], mono: bool, rng: &mut Rng) {
    // Laid out in fractions of the card's width so that every resolution draws the same glyphs.
    let (w, h) = (img.w as f32, img.h as f32);
    let gh = (b[3] - b[1]) / aspect;
    let gw = gh * if mono { 0.62 } else { rng.range(0.55, 0.75) };
    let gap = gh * 0.18;
    let mut x = b[0];
    while x + gw <= b[2] {
        if !mono && rng.chance(0.12) {
            x += gw * 0.8; // a space between words
            continue;
        }
        glyph(img, x * w, b[1] * h, gw * w, gh * w, c, mono && rng.chance(0.25), rng);
        x += gw + gap;
    }
}

fn glyph(img: &mut Img, x: f32, y: f32, gw: f32, gh: f32, c: [f32; 3], filler: bool, rng: &mut Rng) {
    let (cw, ch) = (gw / 3.0, gh / 5.0);
    if filler {
        // MRZ filler `<`: two short strokes.
        fill_rect(img, x + cw * 0.5, y + ch * 2.0, x + cw * 2.5, y + ch * 3.0, c, 1.0);
        return;
    }
    let bits = rng.next_u64();
    let mut painted = 0;
    for gy in 0..5 {
        for gx in 0..3 {
            let on = (bits >> (gy * 3 + gx)) & 1 == 1 || (gx == 0 && gy % 2 == 0 && painted == 0);
            if on {
                painted += 1;
                fill_rect(img, x + gx as f32 * cw, y + gy as f32 * ch, x + (gx + 1) as f32 * cw, y + (gy + 1) as f32 * ch, c, 1.0);
            }
        }
    }
}
