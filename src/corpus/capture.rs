//! Capture defects for the corpus: bad exposure, small documents, editors' EXIF, screenshots, photos of screens, heavy recompression, and their hard negatives.
//!
//! Most cases start from a clean sample of [`super::generate`] and change its pixels or its
//! file; the small card, the large card and the photo of a screen are composed here, with the
//! card of [`super::card`] on a desk photo of [`Material`].

use super::card::{self, Design, ID1_ASPECT, PASSPORT_ASPECT};
use super::defects;
use super::scene::homography;
use crate::testutil::{exif_app1, with_app1, ExifSpec};
use super::{Band, Class, Img, Material, Rng};

/// A case of this module: a defect, or a hard negative that no check should fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Case {
    Dark,
    Bright,
    Shadow,
    SmallCard,
    SmallPhoto,
    Edited,
    Screenshot,
    Screen,
    Recompressed,
    /// Hard negative: a clean photo with a phone's full EXIF (Make, Model, firmware, exposure).
    PhoneExif,
    /// Hard negative: a clean photo at 40–60 % of the light, with more noise.
    DimRoom,
    /// Hard negative: a card filling most of a large frame, covered in fine guilloche lines.
    LargeCard,
}

impl Case {
    pub const ALL: [Case; 12] = [
        Case::Dark, Case::Bright, Case::Shadow, Case::SmallCard, Case::SmallPhoto, Case::Edited, Case::Screenshot,
        Case::Screen, Case::Recompressed, Case::PhoneExif, Case::DimRoom, Case::LargeCard,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Case::Dark => "dark",
            Case::Bright => "bright",
            Case::Shadow => "half-shadow",
            Case::SmallCard => "small-card",
            Case::SmallPhoto => "small-photo",
            Case::Edited => "editor-exif",
            Case::Screenshot => "screenshot",
            Case::Screen => "photo-of-screen",
            Case::Recompressed => "recompressed",
            Case::PhoneExif => "phone-exif",
            Case::DimRoom => "dim-room",
            Case::LargeCard => "large-card",
        }
    }

    /// The check that should fail this case; `None` for the hard negatives.
    pub fn check_id(self) -> Option<&'static str> {
        match self {
            Case::Dark | Case::Bright | Case::Shadow => Some("exposure"),
            Case::SmallCard | Case::SmallPhoto => Some("resolution"),
            Case::Edited => Some("edited"),
            Case::Screenshot => Some("screenshot"),
            Case::Screen => Some("recapture"),
            Case::Recompressed => Some("compression"),
            Case::PhoneExif | Case::DimRoom | Case::LargeCard => None,
        }
    }
}

/// One generated file with what it shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Made {
    pub seed: u64,
    pub case: Case,
    pub variant: &'static str,
    /// The defect's size in the case's unit (see [`make`]); 0 for the hard negatives.
    pub severity: f32,
    pub band: Band,
    /// The encoded file (JPEG, or PNG for screenshots).
    pub file: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// Generates one file of `case` from `seed`.
///
/// Severity units: dark — the light kept, in %; bright — the black level lifted to, 0..255;
/// half-shadow — the light kept in the shadow, in %; small card / small photo — the document's
/// pixels per mm; editor EXIF — 0; screenshot — 0; photo of a screen — the screen's pixel pitch
/// in camera pixels; recompressed — the last JPEG quality.
pub fn make(seed: u64, case: Case, mat: &Material) -> Made {
    let mut rng = Rng::new(seed ^ 0x15_5E5);
    let made = |variant, severity, band, file: Vec<u8>, (width, height): (usize, usize)| Made {
        seed, case, variant, severity, band, file, width: width as u32, height: height as u32,
    };
    match case {
        Case::Dark => {
            let (mut img, _) = clean(seed, mat);
            let keep = rng.range(0.08, 0.2);
            scale_light(&mut img, keep, 0.0);
            add_noise(&mut img, 3.0, &mut rng);
            made("underexposed", 100.0 * keep, Band::Bad, jpeg(&img, 90), (img.w, img.h))
        }
        Case::Bright => {
            let (mut img, _) = clean(seed, mat);
            let lift = rng.range(160.0, 200.0);
            scale_light(&mut img, 1.0 - lift / 255.0, lift);
            made("washed-out", lift, Band::Bad, jpeg(&img, 90), (img.w, img.h))
        }
        Case::Shadow => {
            let (mut img, quad) = clean(seed, mat);
            let keep = rng.range(0.15, 0.35);
            half_shadow(&mut img, &quad, keep, &mut rng);
            made("half-card", 100.0 * keep, Band::Bad, jpeg(&img, 90), (img.w, img.h))
        }
        Case::SmallCard => {
            let (w, h) = [(1280, 960), (1600, 1200), (1920, 1080), (2016, 1512)][rng.below(4)];
            let card_px = rng.range(100.0, 250.0);
            let (img, mm) = composed(w, h, card_px, false, mat, &mut rng);
            made("far-away", card_px / mm, Band::Bad, jpeg(&img, 90), (w, h))
        }
        Case::SmallPhoto => {
            let (img, quad) = clean(seed, mat);
            let long = rng.range(320.0, 600.0);
            let k = long / img.w.max(img.h) as f32;
            let small = img.resized(((img.w as f32 * k) as usize).max(8), ((img.h as f32 * k) as usize).max(8));
            let density = card_long(&quad) * k / 85.6;
            made("downscaled", density, Band::Bad, jpeg(&small, 90), (small.w, small.h))
        }
        Case::Edited => {
            let (mut img, _) = clean(seed, mat);
            scale_light(&mut img, rng.range(1.02, 1.1), 0.0);
            let program = EDITORS[rng.below(EDITORS.len())];
            let exif = exif_app1(&ExifSpec { software: Some(program), ..ExifSpec::default() });
            made("software-tag", 0.0, Band::Bad, with_app1(&jpeg(&img, rng.range(85.0, 95.0) as u8), &exif), (img.w, img.h))
        }
        Case::Screenshot => {
            let (w, h) = SCREENS[rng.below(SCREENS.len())];
            let img = screenshot(w, h, mat, &mut rng);
            made(if w < h { "phone-png" } else { "desktop-png" }, 0.0, Band::Bad, png(&img), (w, h))
        }
        Case::Screen => {
            let (img, pitch) = photo_of_screen(mat, &mut rng);
            let band = if pitch < 0.6 { Band::Borderline } else { Band::Bad };
            let file = with_app1(&jpeg(&img, rng.range(85.0, 95.0) as u8), &phone_exif(&mut rng));
            made(if pitch < 1.5 { "fine-pitch" } else { "coarse-pitch" }, pitch, band, file, (img.w, img.h))
        }
        Case::Recompressed => {
            let (img, _) = clean(seed, mat);
            let first = jpeg(&img, rng.range(60.0, 85.0) as u8);
            let again = decode(&first);
            let q = rng.range(5.0, 30.0) as u8;
            made("twice", q as f32, Band::Bad, jpeg(&again, q), (img.w, img.h))
        }
        Case::PhoneExif => {
            let (img, _) = clean(seed, mat);
            let file = with_app1(&jpeg(&img, rng.range(88.0, 96.0) as u8), &phone_exif(&mut rng));
            made("iphone-android", 0.0, Band::Fine, file, (img.w, img.h))
        }
        Case::DimRoom => {
            let (mut img, _) = clean(seed, mat);
            scale_light(&mut img, rng.range(0.4, 0.6), 0.0);
            add_noise(&mut img, rng.range(2.0, 5.0), &mut rng);
            made("dim-readable", 0.0, Band::Fine, jpeg(&img, 90), (img.w, img.h))
        }
        Case::LargeCard => {
            let (w, h) = [(2400, 1800), (2560, 1440), (2048, 1536)][rng.below(3)];
            let card_px = w as f32 * rng.range(0.82, 0.9);
            let (img, _) = composed(w, h, card_px, true, mat, &mut rng);
            let file = with_app1(&jpeg(&img, rng.range(88.0, 95.0) as u8), &phone_exif(&mut rng));
            made("fills-frame-fine-guilloche", 0.0, Band::Fine, file, (w, h))
        }
    }
}

/// Editors as they write their name into EXIF Software.
const EDITORS: [&str; 6] =
    ["Adobe Photoshop 25.0 (Windows)", "GIMP 2.10.36", "Adobe Photoshop Lightroom Classic 13.0 (Macintosh)", "Snapseed 2.0", "Meitu", "PicsArt"];
/// Screen-only sizes (portrait phones, landscape laptops) from `checks::screenshot`'s list.
const SCREENS: [(usize, usize); 7] = [(1170, 2532), (1080, 2400), (1284, 2778), (750, 1334), (1366, 768), (1440, 900), (2560, 1600)];

/// A clean sample's pixels and its card's corners.
fn clean(seed: u64, mat: &Material) -> (Img, [[f32; 2]; 4]) {
    let s = super::generate(seed, Class::Clean, 1.0, mat);
    (decode(&s.jpeg), s.label.quad)
}

/// The mean length of the card's two long edges, in pixels.
pub fn card_long(q: &[[f32; 2]; 4]) -> f32 {
    let d = |a: [f32; 2], b: [f32; 2]| ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)).sqrt();
    let (top, bottom, left, right) = (d(q[0], q[1]), d(q[3], q[2]), d(q[0], q[3]), d(q[1], q[2]));
    ((top + bottom) / 2.0).max((left + right) / 2.0)
}

fn decode(bytes: &[u8]) -> Img {
    match image::load_from_memory(bytes) {
        Ok(i) => {
            let rgb = i.to_rgb8();
            Img::from_rgb8(rgb.width() as usize, rgb.height() as usize, rgb.as_raw())
        }
        Err(_) => Img::new(16, 16, [0.0; 3]),
    }
}

/// Every value v becomes v·gain + lift.
fn scale_light(img: &mut Img, gain: f32, lift: f32) {
    img.data.iter_mut().for_each(|v| *v = *v * gain + lift);
}

fn add_noise(img: &mut Img, sd: f32, rng: &mut Rng) {
    for px in img.data.chunks_exact_mut(3) {
        let n = rng.normal() * sd;
        px.iter_mut().for_each(|v| *v += n);
    }
}

/// Darkens the part of the frame beyond a line through the card (to `keep` of the light), so that
/// 35–65 % of the card is shadowed; the shadow's edge is soft over 2 % of the card's width.
fn half_shadow(img: &mut Img, q: &[[f32; 2]; 4], keep: f32, rng: &mut Rng) {
    let c = [(q[0][0] + q[2][0]) / 2.0, (q[0][1] + q[2][1]) / 2.0];
    let angle = rng.range(0.0, std::f32::consts::TAU);
    let (nx, ny) = (angle.cos(), angle.sin());
    let long = card_long(q);
    let offset = rng.range(-0.1, 0.1) * long;
    let soft = 0.02 * long;
    for y in 0..img.h {
        for x in 0..img.w {
            let d = (x as f32 - c[0]) * nx + (y as f32 - c[1]) * ny - offset;
            let a = (0.5 + d / (2.0 * soft)).clamp(0.0, 1.0);
            let f = 1.0 - (1.0 - keep) * a;
            let i = (y * img.w + x) * 3;
            img.data[i..i + 3].iter_mut().for_each(|v| *v *= f);
        }
    }
}

/// A desk photo (or a flat desk) of w×h with a card `card_px` wide on it, slightly turned and
/// tilted; `fine` adds a dense guilloche. Returns the photo and the card's long side in mm.
fn composed(w: usize, h: usize, card_px: f32, fine: bool, mat: &Material, rng: &mut Rng) -> (Img, f32) {
    let aspect = if rng.chance(0.75) { ID1_ASPECT } else { PASSPORT_ASPECT };
    let mm = if aspect > 1.5 { 85.6 } else { 125.0 };
    let mut doc = card::draw((card_px.round() as usize).max(16), Design { aspect, pale: false }, &mat.portraits, rng);
    if fine {
        fine_guilloche(&mut doc.img, mm, rng);
    }
    let mut frame = desk(w, h, mat, rng);
    let quad = placed(w as f32, h as f32, card_px, aspect, rng);
    let (cw, ch) = (doc.img.w as f32, doc.img.h as f32);
    draw_through(&mut frame, &quad, cw, ch, 2, |u, v| doc.img.sample(u - 0.5, v - 0.5));
    let mut frame = defects::gaussian(&frame, rng.range(0.4, 0.7));
    add_noise(&mut frame, rng.range(1.5, 3.0), rng);
    (frame, mm)
}

/// Fine-line security print: wavy lines 0.3–0.5 mm apart over the whole card, in a pale ink.
fn fine_guilloche(img: &mut Img, mm: f32, rng: &mut Rng) {
    let px_per_mm = img.w as f32 / mm;
    let pitch = rng.range(0.3, 0.5) * px_per_mm;
    let (amp, freq, phase) = (rng.range(0.5, 2.0) * px_per_mm, rng.range(2.0, 8.0), rng.range(0.0, 6.28));
    let ink = card::hsv(rng.unit(), 0.5, 0.6);
    let alpha = rng.range(0.15, 0.35);
    let width = img.w as f32;
    for y in 0..img.h {
        for x in 0..img.w {
            let t = x as f32 / width;
            let yy = y as f32 + amp * (std::f32::consts::TAU * freq * t + phase).sin();
            let d = (yy / pitch).fract();
            let cover = (1.0 - (d.min(1.0 - d) * pitch / 0.6)).clamp(0.0, 1.0);
            img.blend(x as i64, y as i64, ink, cover * alpha);
        }
    }
}

/// A desk: a crop of a background photo, or a flat brown when there is none.
fn desk(w: usize, h: usize, mat: &Material, rng: &mut Rng) -> Img {
    if mat.backgrounds.is_empty() {
        return Img::new(w, h, card::hsv(rng.range(0.02, 0.12), 0.4, rng.range(0.3, 0.6)));
    }
    let (_, src) = &mat.backgrounds[rng.below(mat.backgrounds.len())];
    let mut d = src.resized(w, h);
    let k = rng.range(0.5, 1.0);
    d.data.iter_mut().for_each(|v| *v *= k);
    d
}

/// Corners of a card `card_px` wide, turned by up to ±8°, with a slight keystone, at a random
/// place that keeps it inside the frame (shrunk if it does not fit).
fn placed(fw: f32, fh: f32, card_px: f32, aspect: f32, rng: &mut Rng) -> [(f32, f32); 4] {
    let angle = rng.range(-0.14, 0.14);
    let keystone = rng.range(0.0, 0.05);
    let (px, py) = (rng.unit(), rng.unit());
    let mut cw = card_px;
    loop {
        let ch = cw / aspect;
        let k = keystone * cw / 2.0;
        let local = [(-cw / 2.0 + k, -ch / 2.0), (cw / 2.0 - k, -ch / 2.0), (cw / 2.0, ch / 2.0), (-cw / 2.0, ch / 2.0)];
        let (c, s) = (angle.cos(), angle.sin());
        let pts = local.map(|(x, y)| (x * c - y * s, x * s + y * c));
        let (minx, maxx) = pts.iter().fold((f32::MAX, f32::MIN), |a, p| (a.0.min(p.0), a.1.max(p.0)));
        let (miny, maxy) = pts.iter().fold((f32::MAX, f32::MIN), |a, p| (a.0.min(p.1), a.1.max(p.1)));
        let margin = 0.03 * fw.min(fh);
        let (roomx, roomy) = (fw - 2.0 * margin - (maxx - minx), fh - 2.0 * margin - (maxy - miny));
        if roomx >= 0.0 && roomy >= 0.0 {
            let (cx, cy) = (margin - minx + px * roomx, margin - miny + py * roomy);
            return pts.map(|p| (p.0 + cx, p.1 + cy));
        }
        cw *= 0.97;
    }
}

/// Draws a w×h source through the quad onto the frame: each frame pixel inside is the mean of
/// ss×ss point samples of `at(u, v)` (source coordinates), as a sensor pixel integrates light.
fn draw_through(frame: &mut Img, quad: &[(f32, f32); 4], w: f32, h: f32, ss: usize, at: impl Fn(f32, f32) -> [f32; 3]) {
    let inv = super::scene::inverse(&homography(w, h, quad));
    let xs = quad.iter().map(|p| p.0);
    let ys = quad.iter().map(|p| p.1);
    let (x0, x1) = xs.fold((f32::MAX, f32::MIN), |a, v| (a.0.min(v), a.1.max(v)));
    let (y0, y1) = ys.fold((f32::MAX, f32::MIN), |a, v| (a.0.min(v), a.1.max(v)));
    let (x0, x1) = (x0.max(0.0) as usize, (x1.ceil().max(0.0) as usize).min(frame.w));
    let (y0, y1) = (y0.max(0.0) as usize, (y1.ceil().max(0.0) as usize).min(frame.h));
    let n = (ss * ss) as f32;
    for y in y0..y1 {
        for x in x0..x1 {
            let (mut acc, mut inside) = ([0f32; 3], 0f32);
            for j in 0..ss {
                for i in 0..ss {
                    let fx = x as f64 + (i as f64 + 0.5) / ss as f64;
                    let fy = y as f64 + (j as f64 + 0.5) / ss as f64;
                    let (u, v) = apply(&inv, fx, fy);
                    if u >= 0.0 && v >= 0.0 && u < w && v < h {
                        let c = at(u, v);
                        (0..3).for_each(|k| acc[k] += c[k]);
                        inside += 1.0;
                    }
                }
            }
            if inside > 0.0 {
                frame.blend(x as i64, y as i64, acc.map(|v| v / inside), inside / n);
            }
        }
    }
}

#[inline]
fn apply(m: &[f64; 9], x: f64, y: f64) -> (f32, f32) {
    let z = m[6] * x + m[7] * y + m[8];
    (((m[0] * x + m[1] * y + m[2]) / z) as f32, ((m[3] * x + m[4] * y + m[5]) / z) as f32)
}

/// A screenshot of a card shown in an app: a light or dark page, a status bar, and the card
/// drawn flat, 60–92 % of the screen's width on a phone, 30–50 % on a laptop.
fn screenshot(w: usize, h: usize, mat: &Material, rng: &mut Rng) -> Img {
    let light = rng.chance(0.6);
    let page = if light { [246.0, 246.0, 248.0] } else { [22.0, 22.0, 26.0] };
    let mut img = Img::new(w, h, page);
    let bar = (h as f32 * 0.035) as usize;
    card::fill_rect(&mut img, 0.0, 0.0, w as f32, bar as f32, if light { [230.0; 3] } else { [0.0; 3] }, 1.0);
    let frac = if w < h { rng.range(0.6, 0.92) } else { rng.range(0.3, 0.5) };
    let aspect = if rng.chance(0.75) { ID1_ASPECT } else { PASSPORT_ASPECT };
    let doc = card::draw(((w as f32 * frac) as usize).max(16), Design { aspect, pale: false }, &mat.portraits, rng);
    let (x0, y0) = ((w - doc.img.w.min(w)) / 2, bar + ((h - bar).saturating_sub(doc.img.h)) / 2);
    for y in 0..doc.img.h.min(h - y0) {
        for x in 0..doc.img.w.min(w - x0) {
            img.set(x0 + x, y0 + y, doc.img.get(x, y));
        }
    }
    img
}

/// A phone's photo of a card shown full-screen on a display: the card drawn at the display's
/// resolution, each display pixel split into red, green and blue stripes with a dark row gap,
/// seen in perspective and point-sampled 2×2 per camera pixel, so that the grid aliases into
/// moiré. Returns the photo and the display's pixel pitch in camera pixels.
fn photo_of_screen(mat: &Material, rng: &mut Rng) -> (Img, f32) {
    let (w, h) = [(1600, 1200), (1920, 1080), (2016, 1512), (1280, 960)][rng.below(4)];
    let aspect = if rng.chance(0.75) { ID1_ASPECT } else { PASSPORT_ASPECT };
    // The card's width on the display (display pixels) and in the photo (camera pixels).
    let card_cam = w as f32 * rng.range(0.45, 0.8);
    let pitch = rng.log_range(0.45, 3.0);
    let card_disp = (card_cam / pitch).round().max(32.0) as usize;
    let doc = card::draw(card_disp, Design { aspect, pale: false }, &mat.portraits, rng);
    // The display shows the card on a dark page with a margin of 8 % on each side.
    let margin = (card_disp as f32 * 0.08) as usize;
    let (sw, sh) = (doc.img.w + 2 * margin, doc.img.h + 2 * margin);
    let mut screen = Img::new(sw, sh, [18.0, 18.0, 20.0]);
    for y in 0..doc.img.h {
        for x in 0..doc.img.w {
            screen.set(margin + x, margin + y, doc.img.get(x, y));
        }
    }
    let glow = rng.range(0.85, 1.1);
    let gap = rng.range(0.15, 0.35);
    let mut frame = desk(w, h, mat, rng);
    frame.data.iter_mut().for_each(|v| *v *= 0.5);
    let screen_cam = card_cam * sw as f32 / doc.img.w as f32;
    let quad = placed(w as f32, h as f32, screen_cam, sw as f32 / sh as f32, rng);
    draw_through(&mut frame, &quad, sw as f32, sh as f32, 2, |u, v| subpixel(&screen, u, v, gap, glow));
    let mut frame = defects::gaussian(&frame, rng.range(0.3, 0.6));
    add_noise(&mut frame, rng.range(1.5, 3.0), rng);
    (frame, pitch)
}

/// The light of the display at (u, v) in display pixels: the pixel's colour in one of three
/// vertical stripes (red, green, blue) with a dark gap at the bottom of each pixel row, scaled
/// so that the mean over a pixel is its colour times `glow`.
fn subpixel(screen: &Img, u: f32, v: f32, gap: f32, glow: f32) -> [f32; 3] {
    let (x, y) = ((u as usize).min(screen.w - 1), (v as usize).min(screen.h - 1));
    let c = screen.get(x, y);
    if v.fract() > 1.0 - gap {
        return [0.0; 3];
    }
    let gain = 3.0 * glow / (1.0 - gap);
    let stripe = ((u.fract() * 3.0) as usize).min(2);
    let mut out = [0.0; 3];
    out[stripe] = c[stripe] * gain;
    out
}

/// A phone's EXIF: Make, Model, firmware in Software, and capture settings.
fn phone_exif(rng: &mut Rng) -> Vec<u8> {
    let phones = [("Apple", "iPhone 14 Pro", "17.1.2"), ("samsung", "SM-S918B", "S918BXXU3BWK5")];
    let (make, model, software) = phones[rng.below(phones.len())];
    exif_app1(&ExifSpec { make: Some(make), model: Some(model), software: Some(software), user_comment: None, exposure: Some(120) })
}

pub fn jpeg(img: &Img, quality: u8) -> Vec<u8> {
    let mut out = Vec::new();
    let enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality.clamp(1, 100));
    // Encoding an in-memory RGB buffer of matching size cannot fail short of running out of memory.
    let _ = image::ImageEncoder::write_image(enc, &img.to_rgb8(), img.w as u32, img.h as u32, image::ExtendedColorType::Rgb8);
    out
}

fn png(img: &Img) -> Vec<u8> {
    let mut out = Vec::new();
    let enc = image::codecs::png::PngEncoder::new(&mut out);
    let _ = image::ImageEncoder::write_image(enc, &img.to_rgb8(), img.w as u32, img.h as u32, image::ExtendedColorType::Rgb8);
    out
}

/// Three photos for the front-and-back comparison, as JPEG files: the front of a card, the same
/// front again on another desk at another angle and light, and the card's back. The back shares
/// the front's colours and background print but not its layout: the card mirrored left to
/// right, without the portrait.
pub fn front_and_back(seed: u64, mat: &Material) -> [Vec<u8>; 3] {
    let mut rng = Rng::new(seed ^ 0xBAC4);
    let aspect = if rng.chance(0.75) { ID1_ASPECT } else { PASSPORT_ASPECT };
    let card_seed = rng.next_u64();
    let front = card::draw(800, Design { aspect, pale: false }, &mat.portraits, &mut Rng::new(card_seed));
    let mut back = card::draw(800, Design { aspect, pale: false }, &mat.portraits, &mut Rng::new(card_seed));
    let p = front.portrait;
    let (w, h) = (back.img.w as f32, back.img.h as f32);
    let paper = back.img.get((w * 0.02) as usize, (h * 0.5) as usize);
    card::fill_rect(&mut back.img, p[0] * w, p[1] * h, p[2] * w, p[3] * h, paper, 1.0);
    let mirrored = mirror(&back.img);
    let shot = |doc: &Img, rng: &mut Rng| {
        let (fw, fh) = [(1600, 1200), (1280, 960), (1920, 1080)][rng.below(3)];
        let card_px = fw as f32 * rng.range(0.5, 0.8);
        let mut frame = desk(fw, fh, mat, rng);
        let quad = placed(fw as f32, fh as f32, card_px, aspect, rng);
        let (cw, ch) = (doc.w as f32, doc.h as f32);
        draw_through(&mut frame, &quad, cw, ch, 2, |u, v| doc.sample(u - 0.5, v - 0.5));
        scale_light(&mut frame, rng.range(0.75, 1.1), 0.0);
        let mut frame = defects::gaussian(&frame, rng.range(0.4, 0.8));
        add_noise(&mut frame, rng.range(1.5, 3.0), rng);
        jpeg(&frame, rng.range(80.0, 95.0) as u8)
    };
    [shot(&front.img, &mut rng), shot(&front.img, &mut rng), shot(&mirrored, &mut rng)]
}

/// The same file as a different encoding of the same picture: re-saved at another quality,
/// halved, or turned a quarter (as an app that applies the EXIF orientation does).
pub fn same_picture(file: &[u8], how: usize, rng: &mut Rng) -> Vec<u8> {
    let img = decode(file);
    match how % 3 {
        0 => jpeg(&img, rng.range(40.0, 95.0) as u8),
        1 => jpeg(&img.resized((img.w / 2).max(8), (img.h / 2).max(8)), 90),
        _ => {
            let mut t = Img::new(img.h, img.w, [0.0; 3]);
            for y in 0..img.h {
                for x in 0..img.w {
                    t.set(img.h - 1 - y, x, img.get(x, y));
                }
            }
            jpeg(&t, 90)
        }
    }
}

fn mirror(img: &Img) -> Img {
    let mut out = img.clone();
    for y in 0..img.h {
        for x in 0..img.w {
            out.set(img.w - 1 - x, y, img.get(x, y));
        }
    }
    out
}
