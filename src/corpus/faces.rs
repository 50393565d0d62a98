//! Selfies with 0, 1 or 2+ faces, too small or cut off, and cards with and without a portrait,
//! for the `face` check: real portraits (astronaut.png, grace_hopper.jpg) composited on real
//! backgrounds with scale, position, tilt, mirror, light, noise and JPEG drawn at random.

use super::scene;
use super::{card, Class, Img, Material, Rng};
use crate::options::Kind;
use std::path::Path;

/// What a face sample shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FaceClass {
    /// A selfie of one person, face large and whole (clean; hard negatives included).
    One,
    /// No face: a background, or a body below the chin.
    NoFace,
    /// Two or three people.
    Many,
    /// One face, under 11% of the short side (the check asks for 15%).
    Small,
    /// One face with a third or more of its box outside the frame.
    Cut,
    /// A document photo whose card carries a real portrait (clean).
    CardPortrait,
    /// A document photo whose card has a skin-toned oval where the portrait would be.
    CardNoPortrait,
    /// One person holding a card (with its own portrait) below the face (clean).
    WithDocument,
    /// One person, checked as `selfie-with-document`, with no document in the frame.
    WithoutDocument,
}

impl FaceClass {
    pub const ALL: [FaceClass; 9] = [
        FaceClass::One,
        FaceClass::NoFace,
        FaceClass::Many,
        FaceClass::Small,
        FaceClass::Cut,
        FaceClass::CardPortrait,
        FaceClass::CardNoPortrait,
        FaceClass::WithDocument,
        FaceClass::WithoutDocument,
    ];

    pub fn name(self) -> &'static str {
        match self {
            FaceClass::One => "selfie, one face",
            FaceClass::NoFace => "selfie, no face",
            FaceClass::Many => "selfie, 2+ faces",
            FaceClass::Small => "selfie, face too small",
            FaceClass::Cut => "selfie, face cut off",
            FaceClass::CardPortrait => "card with portrait",
            FaceClass::CardNoPortrait => "card without portrait",
            FaceClass::WithDocument => "selfie with document",
            FaceClass::WithoutDocument => "selfie, document missing",
        }
    }

    /// The kind the sample is checked as.
    pub fn kind(self) -> Kind {
        match self {
            FaceClass::CardPortrait | FaceClass::CardNoPortrait => Kind::Document,
            FaceClass::WithDocument | FaceClass::WithoutDocument => Kind::SelfieWithDocument,
            _ => Kind::Selfie,
        }
    }

    /// Whether the photo is acceptable (a clean class).
    pub fn clean(self) -> bool {
        matches!(self, FaceClass::One | FaceClass::CardPortrait | FaceClass::WithDocument)
    }

    /// The message keys that name this defect (empty for clean classes).
    pub fn keys(self) -> &'static [&'static str] {
        match self {
            FaceClass::One | FaceClass::CardPortrait | FaceClass::WithDocument => &[],
            FaceClass::NoFace => &["face.none"],
            FaceClass::Many => &["face.many"],
            FaceClass::Small => &["face.small", "face.none"],
            FaceClass::Cut => &["face.cut", "face.none"],
            FaceClass::CardNoPortrait => &["face.no-portrait"],
            FaceClass::WithoutDocument => &["face.no-document"],
        }
    }
}

/// A photo with one face and where that face is: the box from the brows to the chin, as
/// fractions [x0, y0, x1, y1] of the photo (marked by eye; it matches the box SeetaFace gives).
pub struct Portrait {
    pub img: Img,
    pub face: [f32; 4],
}

/// The portraits: (file, face box).
pub const PORTRAIT_SOURCES: [(&str, [f32; 4]); 2] =
    [("astronaut.png", [0.344, 0.137, 0.525, 0.318]), ("grace_hopper.jpg", [0.331, 0.205, 0.734, 0.549])];

/// Loads the portraits from `dir`; missing files are left out.
pub fn load_portraits(dir: &Path) -> Vec<Portrait> {
    PORTRAIT_SOURCES
        .iter()
        .filter_map(|(name, face)| {
            let rgb = image::open(dir.join(name)).ok()?.to_rgb8();
            let img = Img::from_rgb8(rgb.width() as usize, rgb.height() as usize, rgb.as_raw());
            Some(Portrait { img, face: *face })
        })
        .collect()
}

/// One generated photo for the face check.
pub struct FaceSample {
    pub class: FaceClass,
    pub variant: &'static str,
    pub seed: u64,
    pub width: u32,
    pub height: u32,
    pub jpeg: Vec<u8>,
    /// For selfies: the people's face sides as fractions of the short side.
    pub shares: Vec<f32>,
}

/// Selfie frame sizes: mostly portrait, as front cameras shoot.
const SIZES: [(usize, usize); 6] = [(480, 640), (720, 960), (720, 1280), (960, 1280), (1080, 1440), (1280, 960)];

/// Generates sample `seed` of `class`. Cards are drawn by the document generator
/// ([`scene::render`]) with ID-style crops of the portraits, or with none, when it draws a
/// skin-toned oval in the photo box.
pub fn generate(seed: u64, class: FaceClass, mat: &Material, people: &[Portrait]) -> FaceSample {
    match class {
        FaceClass::CardPortrait | FaceClass::CardNoPortrait => card(seed, class, mat, people),
        FaceClass::WithDocument => held(seed, mat, people),
        _ => selfie(seed, class, mat, people),
    }
}

/// ID-style crops of the portraits (x, y, w, h as fractions): head and shoulders, the face box
/// about half the photo's height, as on an ID card (ISO/IEC 19794-5 asks for a face of 70–80%
/// of the photo's height from chin to crown).
const ID_CROPS: [[f32; 4]; 2] = [[0.26, 0.03, 0.35, 0.37], [0.25, 0.1, 0.55, 0.58]];

/// The portraits cut as an ID card's photo ([`ID_CROPS`]).
fn id_photos(people: &[Portrait]) -> Vec<Img> {
    people
        .iter()
        .zip(ID_CROPS)
        .map(|(p, [x, y, w, h])| {
            let (fw, fh) = (p.img.w as f32, p.img.h as f32);
            p.img.crop((x * fw) as usize, (y * fh) as usize, (w * fw) as usize, (h * fh) as usize)
        })
        .collect()
}

fn card(seed: u64, class: FaceClass, mat: &Material, people: &[Portrait]) -> FaceSample {
    let portraits = if class == FaceClass::CardPortrait { id_photos(people) } else { Vec::new() };
    let with = Material { backgrounds: mat.backgrounds.clone(), portraits, fonts: super::text::Fonts::default() };
    let s = scene::render(seed, Class::Clean, 1.0, &with);
    FaceSample { class, variant: s.label.variant, seed, width: s.width, height: s.height, jpeg: s.jpeg, shares: Vec::new() }
}

/// A person holding an ID-1 card below the chin, tilted by up to 12°, the card's width 30–55% of
/// the frame's: the selfie-with-document photo that KYC flows ask for. The card carries a portrait
/// of its own (the check must not count it as a second person) and is drawn over the shoulders.
fn held(seed: u64, mat: &Material, people: &[Portrait]) -> FaceSample {
    let mut rng = Rng::new(seed);
    let (w, h) = SIZES[rng.below(SIZES.len())];
    let (fw, fh) = (w as f32, h as f32);
    let short = fw.min(fh);
    let mut frame = background(w, h, mat, &mut rng);
    let share = rng.range(0.18, 0.3);
    let person = Person {
        share,
        centre: (rng.range(0.4, 0.6), rng.range(0.2, 0.3)),
        tilt: rng.range(-0.12, 0.12),
        mirror: rng.chance(0.5),
        source: rng.below(people.len().max(1)),
    };
    let face_bottom = person.centre.1 * fh + share * short * 0.5;
    let design = card::Design { aspect: card::ID1_ASPECT, pale: rng.chance(0.2) };
    let angle = rng.range(-0.21, 0.21);
    let (sin, cos) = angle.sin_cos();
    // The widest card, up to the drawn share, that fits between the chin and the frame's bottom.
    let mut width = fw * rng.range(0.3, 0.55);
    let (mut hw, mut hh) = (width / 2.0, width / 2.0 / design.aspect);
    let bound = |hw: f32, hh: f32| (hw * cos.abs() + hh * sin.abs(), hw * sin.abs() + hh * cos.abs());
    let margin = 0.03 * short;
    while bound(hw, hh).1 * 2.0 > fh - face_bottom - 2.0 * margin && width > 0.15 * fw {
        width *= 0.9;
        (hw, hh) = (width / 2.0, width / 2.0 / design.aspect);
    }
    let (bx, by) = bound(hw, hh);
    let cx = (person.centre.0 * fw + rng.range(-0.15, 0.15) * fw).clamp(bx + margin, fw - bx - margin);
    let cy = (face_bottom + margin + by).min(fh - by - margin);
    let corner = |u: f32, v: f32| (cx + u * cos - v * sin, cy + u * sin + v * cos);
    let quad: [scene::P; 4] = [corner(-hw, -hh), corner(hw, -hh), corner(hw, hh), corner(-hw, hh)];
    let photos = id_photos(people);
    let c = card::draw((width * 1.5).max(200.0) as usize, design, &photos, &mut rng);
    if let Some(src) = people.get(person.source) {
        paste(&mut frame, src, &person, short);
    }
    scene::composite(&mut frame, &c.img, quad, (0.0, 0.0, 1.0), &[], design.aspect);
    let exposure = rng.range(0.8, 1.1);
    frame.data.iter_mut().for_each(|v| *v = (*v * exposure + rng.normal() * 2.5).clamp(0.0, 255.0));
    let quality = rng.range(75.0, 95.0) as u8;
    let jpeg = encode(&frame, quality);
    FaceSample { class: FaceClass::WithDocument, variant: "card-below-chin", seed, width: w as u32, height: h as u32, jpeg, shares: vec![share] }
}

/// How one person is placed: face side as a share of the short side, face centre (fractions of
/// the frame), tilt (radians), mirrored or not.
struct Person {
    share: f32,
    centre: (f32, f32),
    tilt: f32,
    mirror: bool,
    source: usize,
}

fn selfie(seed: u64, class: FaceClass, mat: &Material, people: &[Portrait]) -> FaceSample {
    let mut rng = Rng::new(seed);
    let (w, h) = SIZES[rng.below(SIZES.len())];
    let short = w.min(h) as f32;
    let mut frame = background(w, h, mat, &mut rng);
    let mut variant = "plain";
    let mut persons = Vec::new();
    let n_src = people.len().max(1);
    let person = |share: f32, cx: f32, cy: f32, rng: &mut Rng| Person {
        share,
        centre: (cx, cy),
        tilt: rng.range(-0.15, 0.15),
        mirror: rng.chance(0.5),
        source: rng.below(n_src),
    };
    // Room (fraction of the frame) that a face of `share` needs on each side to stay whole,
    // with the check's head margin (15% of the box) and a little more.
    let room = |share: f32, side: f32| share * short / side * 0.75;
    match class {
        FaceClass::One | FaceClass::WithoutDocument => {
            const V: [&str; 6] = ["plain", "plain", "dim", "near-edge", "large", "low-quality"];
            variant = V[rng.below(V.len())];
            let share = if variant == "large" { rng.range(0.45, 0.6) } else { rng.range(0.2, 0.45) };
            let (rx, ry) = (room(share, w as f32), room(share, h as f32));
            let (cx, cy) = if variant == "near-edge" {
                let left = rng.chance(0.5);
                (if left { rx + 0.01 } else { 1.0 - rx - 0.01 }, rng.range(ry, (1.0 - ry).max(ry)))
            } else {
                (rng.range(rx, (1.0 - rx).max(rx)), rng.range(ry, (0.7f32).max(ry)))
            };
            persons.push(person(share, cx, cy.min(1.0 - ry), &mut rng));
        }
        FaceClass::NoFace => {
            variant = if people.is_empty() || rng.chance(0.5) { "background" } else { "body-only" };
        }
        FaceClass::Many => {
            let n = if rng.chance(0.75) { 2 } else { 3 };
            variant = if n == 2 { "two" } else { "three" };
            // Layouts where someone's head or shoulders would cover another face are drawn
            // again (up to 20 times), the faces a little smaller each time.
            for attempt in 0..20 {
                persons.clear();
                let shrink = 1.0 - 0.03 * attempt as f32;
                for i in 0..n {
                    let share = (rng.range(0.16, 0.32) * shrink).min(0.9 / n as f32 * w as f32 / short);
                    let slot = (i as f32 + 0.5) / n as f32;
                    let cx = slot + rng.range(-0.03, 0.03);
                    let ry = room(share, h as f32);
                    persons.push(person(share, cx, rng.range(ry, (0.6f32).max(ry)), &mut rng));
                }
                if all_faces_visible(&persons, people, short, w, h) {
                    break;
                }
            }
        }
        FaceClass::Small => {
            variant = "small";
            let share = rng.range(0.05, 0.11);
            persons.push(person(share, rng.range(0.2, 0.8), rng.range(0.2, 0.6), &mut rng));
        }
        FaceClass::Cut => {
            let share = rng.range(0.25, 0.45);
            let out = rng.range(0.35, 0.6); // the part of the face box outside the frame
            let (half_x, half_y) = (share * short / w as f32 / 2.0, share * short / h as f32 / 2.0);
            let (cx, cy) = match rng.below(3) {
                0 => {
                    variant = "left";
                    (half_x * (1.0 - 2.0 * out), rng.range(0.3, 0.6))
                }
                1 => {
                    variant = "right";
                    (1.0 - half_x * (1.0 - 2.0 * out), rng.range(0.3, 0.6))
                }
                _ => {
                    variant = "top";
                    (rng.range(0.3, 0.7), half_y * (1.0 - 2.0 * out))
                }
            };
            persons.push(person(share, cx, cy, &mut rng));
        }
        FaceClass::CardPortrait | FaceClass::CardNoPortrait | FaceClass::WithDocument => {}
    }
    if let Some(src) = people.get(rng.below(n_src)) {
        if variant == "body-only" {
            // The body below the chin of a portrait, filling the lower part of the frame.
            let chin = src.face[3] + 0.02;
            let body = src.img.crop(0, (chin * src.img.h as f32) as usize, src.img.w, src.img.h - (chin * src.img.h as f32) as usize);
            let bh = (h as f32 * rng.range(0.4, 0.7)) as usize;
            let bw = ((body.w as f32 * bh as f32 / body.h.max(1) as f32) as usize).max(1);
            let body = body.resized(bw, bh);
            let x0 = rng.range(-(bw as f32) * 0.2, (w as f32 - bw as f32 * 0.8).max(0.0)) as i64;
            for y in 0..bh {
                for x in 0..bw {
                    frame.blend(x0 + x as i64, (h - bh + y) as i64, body.get(x, y), 1.0);
                }
            }
        }
    }
    let mut shares = Vec::new();
    for p in &persons {
        if let Some(src) = people.get(p.source) {
            paste(&mut frame, src, p, short);
            shares.push(p.share);
        }
    }
    let exposure = if variant == "dim" { rng.range(0.4, 0.6) } else { rng.range(0.8, 1.1) };
    frame.data.iter_mut().for_each(|v| *v = (*v * exposure + rng.normal() * 2.5).clamp(0.0, 255.0));
    let quality = if variant == "low-quality" { rng.range(45.0, 60.0) } else { rng.range(75.0, 95.0) } as u8;
    FaceSample { class, variant, seed, width: w as u32, height: h as u32, jpeg: encode(&frame, quality), shares }
}

/// A crop of a background photo (or a flat wall when there is none) filling the frame.
fn background(w: usize, h: usize, mat: &Material, rng: &mut Rng) -> Img {
    if mat.backgrounds.is_empty() || rng.chance(0.2) {
        let c = [rng.range(60.0, 220.0), rng.range(60.0, 220.0), rng.range(60.0, 220.0)];
        return Img::new(w, h, c);
    }
    super::scene::photo_backdrop(w, h, mat, rng).unwrap_or_else(|| Img::new(w, h, [128.0; 3]))
}

/// Draws the head and shoulders of `src` so that its face box has side `p.share × short` and
/// centre `p.centre`, turned by `p.tilt`, mirrored if asked, faded out at the edges of an
/// ellipse around the head so that no hard rectangle shows.
fn paste(frame: &mut Img, src: &Portrait, p: &Person, short: f32) {
    let place = Placement::new(src, p, short, frame.w, frame.h);
    let (fcx, fcy) = place.centre;
    let reach = place.reach;
    let (x0, x1) = ((fcx as i64 - reach).max(0), (fcx as i64 + reach).min(frame.w as i64));
    let (y0, y1) = ((fcy as i64 - reach).max(0), (fcy as i64 + reach).min(frame.h as i64));
    for y in y0..y1 {
        for x in x0..x1 {
            if let Some((sx, sy, a)) = place.at(x as f32 + 0.5, y as f32 + 0.5) {
                frame.blend(x, y, src.img.sample(sx, sy), a);
            }
        }
    }
}

/// Where a person's portrait lands in the frame: for a frame pixel, the source pixel and the
/// paste's opacity. The pasted region is an ellipse 1.6 face sides wide and 2.2 high around the
/// face, and the shoulders below it (a wider ellipse), with soft edges.
struct Placement {
    /// Frame pixels per source pixel.
    k: f32,
    /// The face's centre in the source and in the frame.
    source: (f32, f32),
    centre: (f32, f32),
    /// The source's size, the face side in source pixels, the ellipse's radii.
    size: (f32, f32),
    face_side: f32,
    radii: (f32, f32),
    sin_cos: (f32, f32),
    mirror: bool,
    /// Half the side of the square (frame pixels) outside which the paste leaves the frame alone.
    reach: i64,
}

impl Placement {
    fn new(src: &Portrait, p: &Person, short: f32, w: usize, h: usize) -> Placement {
        let (sw, sh) = (src.img.w as f32, src.img.h as f32);
        let f = src.face;
        let face_side = (f[2] - f[0]) * sw;
        let k = p.share * short / face_side;
        let radii = (1.6 * face_side, 2.2 * face_side);
        Placement {
            k,
            source: ((f[0] + f[2]) / 2.0 * sw, (f[1] + f[3]) / 2.0 * sh),
            centre: (p.centre.0 * w as f32, p.centre.1 * h as f32),
            size: (sw, sh),
            face_side,
            radii,
            sin_cos: p.tilt.sin_cos(),
            mirror: p.mirror,
            reach: (radii.0.max(radii.1) * 2.2 * k) as i64,
        }
    }

    /// The source point and opacity at frame point (x, y); None where the paste does not reach.
    fn at(&self, x: f32, y: f32) -> Option<(f32, f32, f32)> {
        let (sin, cos) = self.sin_cos;
        let (dx, dy) = ((x - self.centre.0) / self.k, (y - self.centre.1) / self.k);
        let (mut u, v) = (dx * cos + dy * sin, -dx * sin + dy * cos);
        if self.mirror {
            u = -u;
        }
        let (sx, sy) = (self.source.0 + u, self.source.1 + v);
        if sx < 0.0 || sy < 0.0 || sx >= self.size.0 - 1.0 || sy >= self.size.1 - 1.0 {
            return None;
        }
        let (rx, ry) = self.radii;
        let head = (u / rx).powi(2) + (v / ry).powi(2);
        let shoulders =
            if v > 0.8 * self.face_side { (u / (2.0 * rx)).powi(2) + ((v - 2.2 * self.face_side) / ry).powi(2) } else { 9.0 };
        let a = ((1.0 - head.min(shoulders)) / 0.3).clamp(0.0, 1.0);
        Some((sx, sy, a))
    }

    /// The share (0..1) of this face's box, sampled on a 9×9 grid, that `over` paints at half
    /// opacity or more: the part of the face hidden by a person pasted after it.
    fn hidden_by(&self, over: &Placement) -> f32 {
        let half = self.face_side * self.k / 2.0;
        let mut hidden = 0;
        for j in 0..9 {
            for i in 0..9 {
                let x = self.centre.0 + half * (i as f32 / 4.0 - 1.0);
                let y = self.centre.1 + half * (j as f32 / 4.0 - 1.0);
                hidden += over.at(x, y).is_some_and(|(_, _, a)| a >= 0.5) as u32;
            }
        }
        hidden as f32 / 81.0
    }
}

/// Whether every face of `persons`, pasted in order, stays at least 90% visible: a face mostly
/// behind someone pasted later is not a face the photo shows, and a sample of "two people" that
/// shows one would be labelled wrong.
fn all_faces_visible(persons: &[Person], people: &[Portrait], short: f32, w: usize, h: usize) -> bool {
    let place = |p: &Person| people.get(p.source).map(|src| Placement::new(src, p, short, w, h));
    let placed: Vec<Option<Placement>> = persons.iter().map(place).collect();
    placed.iter().enumerate().all(|(i, a)| {
        let Some(a) = a else { return true };
        placed[i + 1..].iter().flatten().all(|b| a.hidden_by(b) <= 0.1)
    })
}

fn encode(img: &Img, quality: u8) -> Vec<u8> {
    let mut out = Vec::new();
    let enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality);
    // Encoding an in-memory RGB buffer of matching size cannot fail short of running out of memory.
    let _ = image::ImageEncoder::write_image(enc, &img.to_rgb8(), img.w as u32, img.h as u32, image::ExtendedColorType::Rgb8);
    out
}
