//! Places a card in perspective on a desk and takes the "photo": lighting, shadow, optics,
//! sensor noise and JPEG. Every random draw is in units relative to the frame or the card, so
//! the same seed at another `scale` renders the same scene at another resolution.

use super::card::{self, Design, ID1_ASPECT, PASSPORT_ASPECT};
use super::defects::{self, Blur, Gray, Highlight};
use super::{Band, Class, Img, Label, Material, Rng, Sample};
use crate::testutil::{exif_app1, with_app1, ExifSpec};

/// The least sampling density of a drawn document, in pixels per mm of its long side at 1×:
/// 320 px across an ID-1 card (85.6 mm), 470 px across a passport page (125 mm). Below 3.5 px/mm
/// the `resolution` check fails the photo (Tesseract stops reading OCR-B MRZ capitals reliably,
/// `scripts/measure-resolution.py`); that is a resolution defect, which no focus fixes, so the
/// corpus of the other defects stays above it with a small margin.
pub const MIN_PX_PER_MM: f32 = 3.75;

/// Where a frame size comes from; decides the EXIF the photo carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// A phone's own camera file, with Make, Model and exposure in EXIF (or, for a share of
    /// them, stripped by the app that sent it).
    Phone,
    /// A phone photo resized by a messaging app or a web form (no EXIF).
    Resized,
    /// A frame of a webcam or a browser camera stream (no EXIF).
    Video,
    /// A photo cropped to an arbitrary size in an editor or a gallery app (no EXIF).
    Cropped,
}

/// Sizes of phone camera files, landscape: 12 MP 4:3 (iPhone 4032×3024, most Android 4000×3000,
/// Pixel 4080×3072), 8 MP (3264×2448) and 12 MP cropped to 16:9 (4032×2268).
const PHONE: [(usize, usize); 5] = [(4032, 3024), (4000, 3000), (4080, 3072), (3264, 2448), (4032, 2268)];
/// Phone photos after a messaging app or an upload form shrank them: WhatsApp's 1600-px long
/// side (1600×1200, 16:9 as 1600×900), Telegram's 1280, and 2048 / 1920 / 1440 of web forms.
const RESIZED: [(usize, usize); 7] = [(1600, 1200), (1600, 900), (1280, 960), (2048, 1536), (1920, 1440), (1440, 1080), (1280, 720)];
/// Webcam and browser camera frames (getUserMedia): VGA, 720p, 1080p, 960×720.
const VIDEO: [(usize, usize); 4] = [(640, 480), (1280, 720), (1920, 1080), (960, 720)];

/// The frame: size, orientation and where it comes from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Shot {
    pub width: usize,
    pub height: usize,
    pub source: Source,
    /// Whether the file keeps the camera's EXIF (Make, Model, exposure).
    pub exif: bool,
}
/// What to draw, decided before any pixel is drawn.
struct Plan {
    variant: &'static str,
    /// Card width as a fraction of the frame width (before fitting).
    width_frac: (f32, f32),
    pale: bool,
    desk: Desk,
    blur: Option<(Blur, bool, f32)>, // kind, whole photo?, σ in % of card width
    lens_soft: f32,                  // σ in % of card width, applied to every sample
    highlights: Vec<Highlight>,
    crop: Option<(usize, f32)>, // corners out (1, 2, or 0 = a whole side), depth in % of card width
    gray: Option<Gray>,
}

#[derive(Clone, Copy, PartialEq)]
enum Desk {
    Photo,
    BlurredPhoto,
    DarkPhoto,
    Flat,
    Grey,
}

/// Renders the sample (see [`super::generate`]).
pub fn render(seed: u64, class: Class, scale: f32, mat: &Material) -> Sample {
    let mut rng = Rng::new(seed);
    let shot = draw_shot(&mut rng);
    let (fw, fh) = (shot.width, shot.height);
    let (fw, fh) = (((fw as f32 * scale).round() as usize).max(16), ((fh as f32 * scale).round() as usize).max(16));
    let aspect = if rng.chance(0.75) { ID1_ASPECT } else { PASSPORT_ASPECT };
    let mut plan = plan(class, aspect, &mut rng);
    let card_seed = rng.next_u64();
    let bg_seed = rng.next_u64();
    let noise_seed = rng.next_u64();

    // Geometry, in frame pixels. The document keeps MIN_PX_PER_MM at 1×.
    let doc_mm = if aspect == ID1_ASPECT { 85.6 } else { 125.0 };
    let min_frac = (MIN_PX_PER_MM * doc_mm / shot.width as f32).min(0.9);
    let frac = rng.range(plan.width_frac.0, plan.width_frac.1).max(min_frac);
    let mut angle = rng.range(-0.2, 0.2);
    if matches!(plan.crop, Some((1, _))) {
        angle = angle.signum() * (0.12 + angle.abs()); // a tilted card, so that one corner leads
    }
    let keystone = rng.range(0.0, 0.08);
    let jitter: Vec<f32> = (0..8).map(|_| rng.range(-0.012, 0.012)).collect();
    let (px, py) = (rng.unit(), rng.unit());
    let margin = if plan.variant == "fill-90" { 0.02 } else { 0.035 } * fw.min(fh) as f32;
    let mut quad = place(fw as f32, fh as f32, frac, aspect, angle, keystone, &jitter, (px, py), margin);
    if let Some((corners, depth)) = plan.crop {
        let side = rng.below(4);
        quad = push_out(quad, fw as f32, fh as f32, side, corners, depth, margin);
    }
    let cw = edge(quad[0], quad[1]).max(edge(quad[3], quad[2]));

    // The card, drawn at about its size in the frame.
    let card_px = (cw.round() as usize).clamp(32, 4000);
    let design = Design { aspect, pale: plan.pale };
    let mut crng = Rng::new(card_seed);
    let mut doc = card::draw_printed(card_px, design, &mat.portraits, &mat.fonts, &mut crng);
    place_highlights(&mut plan.highlights, &doc, &mut crng);
    if let Some((kind, false, sigma_pct)) = plan.blur {
        doc.img = defects::blur(&doc.img, kind, sigma_pct / 100.0 * card_px as f32);
    }

    // Desk, shadow, card and glare.
    let mut brng = Rng::new(bg_seed);
    let mut frame = desk(plan.desk, fw, fh, mat, &mut brng);
    let shadow = (brng.range(0.005, 0.03) * cw, brng.range(0.005, 0.03) * cw, brng.range(0.55, 0.85));
    let glare = composite(&mut frame, &doc.img, quad, shadow, &plan.highlights, aspect);
    light(&mut frame, &mut brng);
    for (i, &a) in glare.iter().enumerate() {
        if a > 0.0 {
            let px = &mut frame.data[i * 3..i * 3 + 3];
            let c = defects::whiten([px[0], px[1], px[2]], a);
            px.copy_from_slice(&c);
        }
    }
    // Optics, then the sensor.
    if let Some((kind, true, sigma_pct)) = plan.blur {
        frame = defects::blur(&frame, kind, sigma_pct / 100.0 * cw);
    }
    frame = defects::blur(&frame, Blur::Gaussian, plan.lens_soft / 100.0 * cw);
    noise(&mut frame, noise_seed);
    if let Some(g) = plan.gray {
        defects::grey(&mut frame, g);
    }
    let quality = brng.range(72.0, 95.0).round() as u8;
    let mut jpeg = encode(&frame, quality);
    if shot.exif {
        jpeg = with_camera_exif(&jpeg, fw, &mut brng);
    }

    let (severity, band) = severity(class, &plan, &quad, fw as f32, fh as f32, cw, aspect);
    let label = Label { class, variant: plan.variant, severity, band, quad: quad.map(|p| [p.0, p.1]) };
    Sample { seed, width: fw as u32, height: fh as u32, jpeg, label }
}

/// The frame (before scaling) that sample `seed` is drawn at.
pub fn frame_size(seed: u64) -> (usize, usize) {
    let s = draw_shot(&mut Rng::new(seed));
    (s.width, s.height)
}

/// Draws where the photo comes from and its size: 20 % phone camera files (12 % of them
/// without EXIF), 35 % resized phone photos, 30 % webcam frames, 15 % cropped to an odd size.
/// Phone photos are upright (portrait) half the time; webcam frames are landscape.
fn draw_shot(rng: &mut Rng) -> Shot {
    let u = rng.unit();
    let (source, (mut w, mut h)) = if u < 0.2 {
        (Source::Phone, PHONE[rng.below(PHONE.len())])
    } else if u < 0.55 {
        (Source::Resized, RESIZED[rng.below(RESIZED.len())])
    } else if u < 0.85 {
        (Source::Video, VIDEO[rng.below(VIDEO.len())])
    } else {
        let w = rng.range(1000.0, 2400.0);
        (Source::Cropped, (w.round() as usize, (w / rng.range(1.15, 1.9)).round() as usize))
    };
    if source != Source::Video && rng.chance(0.5) {
        std::mem::swap(&mut w, &mut h);
    }
    let exif = source == Source::Phone && rng.chance(0.88);
    Shot { width: w, height: h, source, exif }
}

fn plan(class: Class, aspect: f32, rng: &mut Rng) -> Plan {
    let mut p = Plan {
        variant: "plain",
        width_frac: (0.35, 0.8),
        pale: rng.chance(0.05),
        desk: [Desk::Photo, Desk::Photo, Desk::Flat, Desk::Grey, Desk::DarkPhoto][rng.below(5)],
        blur: None,
        lens_soft: rng.range(0.0, 0.05),
        highlights: Vec::new(),
        crop: None,
        gray: None,
    };
    match class {
        Class::Clean => {
            const V: [&str; 10] = ["plain", "plain", "bg-blurred", "lens-soft", "specular-dots", "fill-90", "small-sharp",
                "colour-on-grey", "dark-busy", "white-card"];
            p.variant = V[rng.below(V.len())];
            match p.variant {
                "bg-blurred" => p.desk = Desk::BlurredPhoto,
                "lens-soft" => p.lens_soft = rng.range(0.05, 0.1),
                "specular-dots" => {
                    for _ in 0..3 + rng.below(6) {
                        let share = rng.range(0.004, 0.012);
                        p.highlights.push(ellipse(share, rng.range(0.5, 1.0), 0.3, aspect, rng));
                    }
                }
                "fill-90" => p.width_frac = (0.88, 0.92),
                "small-sharp" => p.width_frac = (0.2, 0.25),
                "colour-on-grey" => {
                    p.desk = Desk::Grey;
                    p.pale = false;
                }
                "dark-busy" => p.desk = Desk::DarkPhoto,
                "white-card" => p.pale = true,
                _ => {}
            }
        }
        Class::Blur => {
            let (kind, name) = match rng.below(3) {
                0 => (Blur::Gaussian, 0),
                1 => (Blur::Defocus, 2),
                _ => (Blur::Motion { angle: rng.range(0.0, std::f32::consts::PI) }, 4),
            };
            let whole = rng.chance(0.5);
            const V: [&str; 6] = ["gaussian-card", "gaussian-whole", "defocus-card", "defocus-whole", "motion-card", "motion-whole"];
            p.variant = V[name + whole as usize];
            let sigma = if rng.chance(0.7) { rng.log_range(0.35, 1.6) } else { rng.log_range(0.06, 0.35) };
            p.blur = Some((kind, whole, sigma));
            p.lens_soft = 0.0;
        }
        Class::Glare => {
            let n = 1 + rng.below(3);
            let total = if rng.chance(0.7) { rng.log_range(1.5, 10.0) } else { rng.log_range(0.1, 1.5) };
            let portrait = rng.chance(0.35);
            p.variant = match (portrait, n) {
                (true, _) => "over-portrait",
                (false, 1) => "over-text-1",
                _ => "over-text-many",
            };
            for i in 0..n {
                let mut h = ellipse(total / n as f32, rng.range(0.4, 1.0), rng.range(0.3, 1.0), aspect, rng);
                h.cx = if portrait && i == 0 { -1.0 } else { -2.0 }; // placed on the card later
                p.highlights.push(h);
            }
        }
        Class::Crop => {
            let corners = [1, 2, 0][rng.below(3)];
            p.variant = ["side", "corner1", "corner2"][corners];
            let depth = if rng.chance(0.75) { rng.log_range(1.0, 25.0) } else { rng.range(-0.5, 1.0) };
            p.crop = Some((corners, if corners == 0 { depth.max(0.0) * 1.5 + 5.0 } else { depth }));
        }
        Class::Gray => {
            let k = rng.below(10);
            let (v, g) = match k {
                0..=2 => ("exact", Gray::Exact),
                3..=5 => ("tinted", Gray::Tinted(tint(rng))),
                6..=7 => ("photocopy", Gray::Photocopy),
                _ => ("washed", Gray::Washed(rng.range(0.15, 0.4))),
            };
            p.variant = v;
            p.gray = Some(g);
        }
    }
    p
}

fn tint(rng: &mut Rng) -> [f32; 3] {
    if rng.chance(0.5) {
        [1.0, rng.range(0.9, 0.96), rng.range(0.75, 0.88)] // sepia / warm light
    } else {
        [rng.range(0.85, 0.95), rng.range(0.92, 0.98), 1.0] // cool
    }
}

/// An ellipse covering `share` % of the card, elongation `e` (minor/major), halo width `halo`.
fn ellipse(share: f32, e: f32, halo: f32, aspect: f32, rng: &mut Rng) -> Highlight {
    let s = share / 100.0;
    let rx = (s / (std::f32::consts::PI * e * aspect)).sqrt();
    // In the strength formula ry is a fraction of the card height; rx·e in width units is rx·e·aspect.
    Highlight { cx: rng.unit(), cy: rng.unit(), rx, ry: rx * e * aspect, angle: rng.range(0.0, 3.14), halo }
}

/// Moves highlights marked for placement onto the portrait (cx = −1) or a text box (cx = −2).
fn place_highlights(hs: &mut [Highlight], doc: &card::Card, rng: &mut Rng) {
    for h in hs.iter_mut() {
        let b = if h.cx == -1.0 {
            doc.portrait
        } else if h.cx == -2.0 {
            doc.text[rng.below(doc.text.len())]
        } else {
            continue; // already placed (specular dots: anywhere)
        };
        h.cx = rng.range(b[0], b[2]).clamp(0.03, 0.97);
        h.cy = rng.range(b[1], b[3]).clamp(0.03, 0.97);
    }
}

pub(super) type P = (f32, f32);

fn edge(a: P, b: P) -> f32 {
    ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt()
}

/// The card's corners (top-left, top-right, bottom-right, bottom-left) in the frame: rotated,
/// with a keystone tilt and small corner jitter, shrunk until it fits inside `margin`, and
/// placed at relative position `pos` of the room left.
#[allow(clippy::too_many_arguments)]
fn place(fw: f32, fh: f32, frac: f32, aspect: f32, angle: f32, keystone: f32, jitter: &[f32], pos: P, margin: f32) -> [P; 4] {
    let mut cw = frac * fw;
    loop {
        let ch = cw / aspect;
        let k = keystone * cw / 2.0;
        let local = [(-cw / 2.0 + k, -ch / 2.0), (cw / 2.0 - k, -ch / 2.0), (cw / 2.0, ch / 2.0), (-cw / 2.0, ch / 2.0)];
        let (c, s) = (angle.cos(), angle.sin());
        let pts: Vec<P> = local
            .iter()
            .enumerate()
            .map(|(i, &(x, y))| {
                let (x, y) = (x + jitter[2 * i] * cw, y + jitter[2 * i + 1] * cw);
                (x * c - y * s, x * s + y * c)
            })
            .collect();
        let (minx, maxx) = pts.iter().fold((f32::MAX, f32::MIN), |a, p| (a.0.min(p.0), a.1.max(p.0)));
        let (miny, maxy) = pts.iter().fold((f32::MAX, f32::MIN), |a, p| (a.0.min(p.1), a.1.max(p.1)));
        let (roomx, roomy) = (fw - 2.0 * margin - (maxx - minx), fh - 2.0 * margin - (maxy - miny));
        if roomx >= 0.0 && roomy >= 0.0 {
            let cx = margin - minx + pos.0 * roomx;
            let cy = margin - miny + pos.1 * roomy;
            return [0, 1, 2, 3].map(|i| (pts[i].0 + cx, pts[i].1 + cy));
        }
        cw *= 0.97;
    }
}

/// Moves the card toward frame side `side` (0 left, 1 top, 2 right, 3 bottom) until `corners`
/// corners (1 or 2; 0 = both corners of a side, deeply) lie `depth` % of the card width outside.
fn push_out(q: [P; 4], fw: f32, fh: f32, side: usize, corners: usize, depth: f32, margin: f32) -> [P; 4] {
    let cw = edge(q[0], q[1]);
    // Outward distance of each corner beyond the side (negative = inside).
    let out = |p: P| match side {
        0 => -p.0,
        1 => -p.1,
        2 => p.0 - fw,
        _ => p.1 - fh,
    };
    let mut d: Vec<f32> = q.iter().map(|&p| out(p)).collect();
    d.sort_by(|a, b| b.partial_cmp(a).unwrap_or(std::cmp::Ordering::Equal));
    let want = depth / 100.0 * cw;
    let shift = match corners {
        1 => {
            // Only the farthest corner goes out; keep the next one inside by the margin.
            let room = d[0] - d[1] - margin * 0.5;
            want.min(room.max(0.0)) - d[0]
        }
        _ => want - d[1],
    };
    let (dx, dy) = match side {
        0 => (-shift, 0.0),
        1 => (0.0, -shift),
        2 => (shift, 0.0),
        _ => (0.0, shift),
    };
    q.map(|p| (p.0 + dx, p.1 + dy))
}

/// The homography that maps (0,0),(w,0),(w,h),(0,h) to the quad, as 8 coefficients
/// (x = (a u + b v + c)/(g u + h v + 1), y = (d u + e v + f)/(g u + h v + 1)).
pub fn homography(w: f32, h: f32, q: &[P; 4]) -> [f64; 8] {
    let src = [(0.0, 0.0), (w as f64, 0.0), (w as f64, h as f64), (0.0, h as f64)];
    let mut m = [[0.0f64; 9]; 8];
    for i in 0..4 {
        let (u, v) = src[i];
        let (x, y) = (q[i].0 as f64, q[i].1 as f64);
        m[2 * i] = [u, v, 1.0, 0.0, 0.0, 0.0, -u * x, -v * x, x];
        m[2 * i + 1] = [0.0, 0.0, 0.0, u, v, 1.0, -u * y, -v * y, y];
    }
    // Gauss–Jordan with partial pivoting.
    for col in 0..8 {
        let piv = (col..8).max_by(|&a, &b| m[a][col].abs().total_cmp(&m[b][col].abs())).unwrap_or(col);
        m.swap(col, piv);
        let p = m[col][col];
        if p.abs() < 1e-12 {
            continue;
        }
        for k in col..9 {
            m[col][k] /= p;
        }
        for r in 0..8 {
            if r != col {
                let f = m[r][col];
                for k in col..9 {
                    m[r][k] -= f * m[col][k];
                }
            }
        }
    }
    [0, 1, 2, 3, 4, 5, 6, 7].map(|i| m[i][8])
}

/// The inverse of a homography as a 3×3 matrix (row-major).
pub(crate) fn inverse(hm: &[f64; 8]) -> [f64; 9] {
    let a = [hm[0], hm[1], hm[2], hm[3], hm[4], hm[5], hm[6], hm[7], 1.0];
    let det = a[0] * (a[4] * a[8] - a[5] * a[7]) - a[1] * (a[3] * a[8] - a[5] * a[6]) + a[2] * (a[3] * a[7] - a[4] * a[6]);
    let inv = [
        a[4] * a[8] - a[5] * a[7],
        a[2] * a[7] - a[1] * a[8],
        a[1] * a[5] - a[2] * a[4],
        a[5] * a[6] - a[3] * a[8],
        a[0] * a[8] - a[2] * a[6],
        a[2] * a[3] - a[0] * a[5],
        a[3] * a[7] - a[4] * a[6],
        a[1] * a[6] - a[0] * a[7],
        a[0] * a[4] - a[1] * a[3],
    ];
    inv.map(|v| v / det)
}

#[inline]
fn apply(m: &[f64; 9], x: f64, y: f64) -> (f32, f32) {
    let z = m[6] * x + m[7] * y + m[8];
    (((m[0] * x + m[1] * y + m[2]) / z) as f32, ((m[3] * x + m[4] * y + m[5]) / z) as f32)
}

/// Draws the shadow and the card onto the frame; returns the glare strength per frame pixel.
pub(super) fn composite(frame: &mut Img, doc: &Img, quad: [P; 4], shadow: (f32, f32, f32), hs: &[Highlight], aspect: f32) -> Vec<f32> {
    let (cw, ch) = (doc.w as f32, doc.h as f32);
    let inv = inverse(&homography(cw, ch, &quad));
    let mut glare = vec![0.0f32; frame.w * frame.h];
    let (sx, sy, dark) = shadow;
    let soft = 0.015 * cw;
    let xs = quad.iter().map(|p| p.0).chain(quad.iter().map(|p| p.0 + sx));
    let ys = quad.iter().map(|p| p.1).chain(quad.iter().map(|p| p.1 + sy));
    let (x0, x1) = xs.fold((f32::MAX, f32::MIN), |a, v| (a.0.min(v), a.1.max(v)));
    let (y0, y1) = ys.fold((f32::MAX, f32::MIN), |a, v| (a.0.min(v), a.1.max(v)));
    let (x0, x1) = ((x0 - soft).max(0.0) as usize, ((x1 + soft).ceil().max(0.0) as usize).min(frame.w));
    let (y0, y1) = ((y0 - soft).max(0.0) as usize, ((y1 + soft).ceil().max(0.0) as usize).min(frame.h));
    let inside = |u: f32, v: f32| u.min(cw - u).min(v).min(ch - v);
    for y in y0..y1 {
        for x in x0..x1 {
            let (fx, fy) = (x as f64 + 0.5, y as f64 + 0.5);
            let (su, sv) = apply(&inv, fx - sx as f64, fy - sy as f64);
            let sd = inside(su, sv);
            if sd > -soft {
                let a = ((sd + soft) / (2.0 * soft)).clamp(0.0, 1.0);
                let c = frame.get(x, y);
                frame.set(x, y, c.map(|v| v * (1.0 - (1.0 - dark) * a)));
            }
            let (u, v) = apply(&inv, fx, fy);
            let d = inside(u, v);
            if d > -1.0 {
                let a = (d + 0.5).clamp(0.0, 1.0);
                frame.blend(x as i64, y as i64, doc.sample(u - 0.5, v - 0.5), a);
                if !hs.is_empty() {
                    let s = hs.iter().map(|h| h.strength(u / cw, v / ch, aspect)).fold(0.0, f32::max);
                    glare[y * frame.w + x] = s * a;
                }
            }
        }
    }
    glare
}

fn desk(kind: Desk, fw: usize, fh: usize, mat: &Material, rng: &mut Rng) -> Img {
    let photo = |rng: &mut Rng| photo_backdrop(fw, fh, mat, rng);
    match kind {
        Desk::Photo => photo(rng).unwrap_or_else(|| flat(fw, fh, false, rng)),
        Desk::BlurredPhoto => {
            let img = photo(rng).unwrap_or_else(|| flat(fw, fh, false, rng));
            let s = rng.range(0.006, 0.015) * fw as f32;
            defects::blur(&img, Blur::Gaussian, s)
        }
        Desk::DarkPhoto => {
            let mut img = photo(rng).unwrap_or_else(|| flat(fw, fh, false, rng));
            let k = rng.range(0.25, 0.45);
            img.data.iter_mut().for_each(|v| *v *= k);
            img
        }
        Desk::Flat => flat(fw, fh, false, rng),
        Desk::Grey => flat(fw, fh, true, rng),
    }
}

/// A random crop of one of the material's background photos, resized to `fw`×`fh`; `None` when
/// there are no background photos.
pub(crate) fn photo_backdrop(fw: usize, fh: usize, mat: &Material, rng: &mut Rng) -> Option<Img> {
    if mat.backgrounds.is_empty() {
        return None;
    }
    let (_, src) = &mat.backgrounds[rng.below(mat.backgrounds.len())];
    let k = rng.range(0.5, 1.0);
    let ratio = fw as f32 / fh as f32;
    let (mut cw, mut ch) = (src.w as f32 * k, src.w as f32 * k / ratio);
    if ch > src.h as f32 * k {
        ch = src.h as f32 * k;
        cw = ch * ratio;
    }
    let x = rng.range(0.0, (src.w as f32 - cw).max(0.0));
    let y = rng.range(0.0, (src.h as f32 - ch).max(0.0));
    Some(src.crop(x as usize, y as usize, cw.max(2.0) as usize, ch.max(2.0) as usize).resized(fw, fh))
}

/// A plain desk: a colour (wood, laminate, dark) or a grey, with a soft grain of sine waves.
fn flat(fw: usize, fh: usize, grey: bool, rng: &mut Rng) -> Img {
    let base = if grey {
        let g = rng.range(60.0, 200.0);
        [g, g, g]
    } else {
        card::hsv(rng.range(0.02, 0.12), rng.range(0.2, 0.6), rng.range(0.2, 0.8))
    };
    let waves: Vec<(f32, f32, f32, f32)> =
        (0..4).map(|_| (rng.range(2.0, 40.0), rng.range(0.5, 6.0), rng.range(0.0, 6.28), rng.range(2.0, 8.0))).collect();
    let mut img = Img::new(fw, fh, base);
    for y in 0..fh {
        let v = y as f32 / fh as f32;
        for x in 0..fw {
            let u = x as f32 / fw as f32;
            let g: f32 = waves.iter().map(|&(fu, fv, p, a)| a * (6.283 * (fu * u + fv * v) + p).sin()).sum();
            img.set(x, y, base.map(|c| (c + g).max(0.0)));
        }
    }
    img
}

/// Exposure, a linear lighting gradient and a slight vignette.
fn light(img: &mut Img, rng: &mut Rng) {
    let exposure = rng.range(0.8, 1.08);
    let (gx, gy) = (rng.range(-0.3, 0.3), rng.range(-0.3, 0.3));
    let vig = rng.range(0.0, 0.25);
    let (w, h) = (img.w as f32, img.h as f32);
    for y in 0..img.h {
        let v = y as f32 / h - 0.5;
        for x in 0..img.w {
            let u = x as f32 / w - 0.5;
            let f = exposure * (1.0 + gx * u + gy * v) * (1.0 - vig * (u * u + v * v));
            let i = (y * img.w + x) * 3;
            for k in 0..3 {
                img.data[i + k] *= f;
            }
        }
    }
}

/// Sensor noise after the optics: luma noise with a little chroma noise, stronger in the dark.
fn noise(img: &mut Img, seed: u64) {
    let mut rng = Rng::new(seed);
    let sd = rng.range(1.0, 4.0);
    let chroma = rng.range(0.3, 1.2);
    for px in img.data.chunks_exact_mut(3) {
        let l = 0.299 * px[0] + 0.587 * px[1] + 0.114 * px[2];
        let shot = sd * (0.6 + 0.8 * (1.0 - l / 255.0).max(0.0));
        let n = rng.quick_normal() * shot;
        for v in px.iter_mut() {
            *v = (*v + n + rng.quick_normal() * chroma).clamp(0.0, 255.0);
        }
    }
}

/// The JPEG with an EXIF segment naming a phone that shoots `width`-pixel files, with exposure
/// and capture time, inserted after its SOI marker.
fn with_camera_exif(jpeg: &[u8], width: usize, rng: &mut Rng) -> Vec<u8> {
    let (make, model) = match width.max(1) {
        4032 | 3024 | 2268 => ("Apple", ["iPhone 13", "iPhone 14 Pro", "iPhone 15", "iPhone SE"][rng.below(4)]),
        4080 | 3072 => ("Google", "Pixel 7"),
        4000 | 3000 => ("samsung", ["SM-A546B", "SM-S911B"][rng.below(2)]),
        _ => ("Xiaomi", "Redmi Note 8"),
    };
    let exposure = Some([30, 60, 120, 250][rng.below(4)]);
    with_app1(jpeg, &exif_app1(&ExifSpec { make: Some(make), model: Some(model), exposure, ..ExifSpec::default() }))
}

fn encode(img: &Img, quality: u8) -> Vec<u8> {
    let mut out = Vec::new();
    let enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality);
    // Encoding an in-memory RGB buffer of matching size cannot fail short of running out of memory.
    let _ = image::ImageEncoder::write_image(enc, &img.to_rgb8(), img.w as u32, img.h as u32, image::ExtendedColorType::Rgb8);
    out
}

/// The measured severity and its band (see [`defects`] for units and bands).
fn severity(class: Class, plan: &Plan, quad: &[P; 4], fw: f32, fh: f32, cw: f32, aspect: f32) -> (f32, Band) {
    match class {
        Class::Clean => (0.0, Band::Fine),
        Class::Blur => {
            let s = plan.blur.map(|b| b.2).unwrap_or(0.0);
            (s, defects::blur_band(s))
        }
        Class::Glare => {
            let s = defects::glare_share(&plan.highlights, aspect);
            (s, defects::glare_band(s))
        }
        Class::Crop => {
            let out = quad.iter().map(|p| (-p.0).max(-p.1).max(p.0 - fw).max(p.1 - fh)).fold(f32::MIN, f32::max);
            let pct = 100.0 * out / cw;
            (pct, defects::crop_band(pct))
        }
        Class::Gray => match plan.gray {
            Some(Gray::Washed(s)) => (100.0 * (1.0 - s), Band::Borderline),
            _ => (100.0, Band::Bad),
        },
    }
}
