//! Front and back: fails two photos of one document that are the same picture or the same side, or a missing back.

use crate::finding::{Finding, Report, Verdict};
use crate::frame::{Frame, Plane, Small};
use crate::geometry::Quad;
use crate::policy::DocumentType;
use crate::{decode, Error, Input, Options};
use serde::{Deserialize, Serialize};

/// Thresholds of the front-and-back comparison, in bits of a 63-bit perceptual hash (the signs
/// of the 8×8 lowest DCT frequencies of a 32×32 grey image, DC left out, against their median).
/// Two unrelated images differ in about half the bits (31.5).
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct PairOptions {
    /// The two photos are one picture when the hashes of the whole frames differ in at most this
    /// many bits. Default: 4. Measured with `kyc-eval --n 10` (docs/ACCURACY.md, "Front and
    /// back"): a photo re-saved at quality 40–95, halved or turned a quarter differs from itself
    /// in 0 to 2 bits; two photos of the same side on different desks differ in 14 to 30.
    pub same_image_bits: u32,
    /// The two photos show the same side when the hashes of the rectified documents differ in
    /// at most this many bits. Default: 12. Measured on the same corpus triples: two photos of
    /// one side in different scenes differ in 0 to 8 bits, a front and its back (same colours
    /// and background print, other layout) in 24 to 32.
    pub same_side_bits: u32,
}

impl Default for PairOptions {
    fn default() -> Self {
        PairOptions { same_image_bits: 4, same_side_bits: 12 }
    }
}

/// What is compared of one photo: perceptual hashes of the whole frame and of the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Fingerprint {
    /// The 63-bit hash of the whole frame, in each of the four quarter turns.
    pub frame: [u64; 4],
    /// The 63-bit hash of the document, rectified from its outline (or of the central 60 % of
    /// the frame when none was located), in each of the four quarter turns.
    pub document: [u64; 4],
    /// Whether a document outline was located.
    pub located: bool,
}

/// Side of the grey image hashed, in pixels.
const GRID: usize = 32;
/// Low frequencies kept along each axis.
const LOW: usize = 8;
/// Samples per grid cell along each axis when the document is rectified.
const SUBSAMPLES: usize = 4;
/// With no document located, the central share of the frame stands for it.
const CENTRAL: f32 = 0.6;

/// The photo's fingerprint: hashes of the frame and of its document (`doc`, if located).
pub fn fingerprint(frame: &Frame, doc: Option<&Quad>) -> Fingerprint {
    let small = &frame.small;
    let whole = Quad::central(small.width() as u32, small.height() as u32, 1.0);
    let region = match doc {
        Some(q) => q.scaled(1.0 / small.scale as f32),
        None => Quad::central(small.width() as u32, small.height() as u32, CENTRAL),
    };
    Fingerprint { frame: turned_hashes(&grid(small, &whole)), document: turned_hashes(&grid(small, &region)), located: doc.is_some() }
}

/// The smallest number of differing bits between `a` and `b` in any quarter turn of `b`.
pub fn distance(a: &[u64; 4], b: &[u64; 4]) -> u32 {
    b.iter().map(|h| (a[0] ^ h).count_ones()).min().unwrap_or(64)
}

/// Judges a front and an optional back.
///
/// 1. No back: fails when the document type needs one (ID cards, driving licences and
///    residence permits carry data on the back; a passport's data page is one side). With no
///    type given there is nothing to hold the single photo to: it passes as `pair.single`.
/// 2. The frames' hashes within `same_image_bits`: the same picture twice.
/// 3. The documents' hashes within `same_side_bits`: the same side twice. When either photo had
///    no located document, the centres of the frames were compared instead, and that only warns.
///
/// Score: the bits by which the documents differ (the frames' for `pair.same-image`).
pub fn check(front: &Fingerprint, back: Option<&Fingerprint>, document_type: Option<DocumentType>, opts: &PairOptions) -> Finding {
    let Some(back) = back else {
        return match document_type {
            Some(t) if needs_back(t) => Finding::new("pair", Verdict::Fail, 0.0, 0.0, "pair.back-missing"),
            Some(_) => Finding::new("pair", Verdict::Pass, 0.0, 0.0, "pair.one-side"),
            None => Finding::new("pair", Verdict::Pass, 0.0, 0.0, "pair.single"),
        };
    };
    let frames = distance(&front.frame, &back.frame);
    if frames <= opts.same_image_bits {
        return Finding::new("pair", Verdict::Fail, frames as f32, opts.same_image_bits as f32, "pair.same-image");
    }
    let docs = distance(&front.document, &back.document);
    let threshold = opts.same_side_bits as f32;
    if docs <= opts.same_side_bits {
        let verdict = if front.located && back.located { Verdict::Fail } else { Verdict::Warn };
        return Finding::new("pair", verdict, docs as f32, threshold, "pair.same-side");
    }
    Finding::new("pair", Verdict::Pass, docs as f32, threshold, "pair.pass")
}

/// Whether a document of this type must be photographed on both sides.
pub fn needs_back(t: DocumentType) -> bool {
    t != DocumentType::Passport
}

/// Both photos' reports and the finding on the pair.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PairReport {
    /// The worst verdict of the two reports and the pair finding.
    pub verdict: Verdict,
    pub front: Report,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub back: Option<Report>,
    pub pair: Finding,
}

/// One photo of the pair: its pixels and, when known, its encoded file (for the file checks).
#[derive(Debug, Clone, Copy)]
pub struct Photo<'a> {
    pub pixels: Input<'a>,
    pub file: Option<&'a [u8]>,
}

impl<'a> Photo<'a> {
    /// An encoded photo (JPEG, PNG or WebP bytes).
    pub fn encoded(bytes: &'a [u8]) -> Photo<'a> {
        Photo { pixels: Input::Encoded(bytes), file: Some(bytes) }
    }
}

/// Checks both photos as [`crate::validate`] does, and the pair as [`check`] does.
pub fn validate_pair(front: Photo, back: Option<Photo>, document_type: Option<DocumentType>, opts: &Options) -> Result<PairReport, Error> {
    let (front_report, front_print) = one(front, opts)?;
    let back = back.map(|b| one(b, opts)).transpose()?;
    let mut pair = check(&front_print, back.as_ref().map(|b| &b.1), document_type, &opts.pair);
    pair.message = crate::messages::render(pair.key, opts.lang, &pair.params);
    let back_report = back.map(|b| b.0);
    let worst = [Some(front_report.verdict), back_report.as_ref().map(|r| r.verdict), Some(pair.verdict)];
    let verdict = worst.into_iter().flatten().max().unwrap_or(Verdict::Pass);
    Ok(PairReport { verdict, front: front_report, back: back_report, pair })
}

fn one(photo: Photo, opts: &Options) -> Result<(Report, Fingerprint), Error> {
    let pixels = decode::load(photo.pixels, &opts.limits())?;
    let frame = Frame::new(&pixels);
    let encoded = match (photo.file, photo.pixels) {
        (Some(f), _) if !f.is_empty() => Some(f),
        (_, Input::Encoded(bytes)) => Some(bytes),
        _ => None,
    };
    let mut report = crate::checks::run(&frame, encoded, opts);
    crate::localize(&mut report, opts.lang);
    let print = fingerprint(&frame, report.document.as_ref());
    Ok((report, print))
}

/// The quadrilateral `q` (analysis pixels) resampled to GRID×GRID luma, each cell the mean of
/// SUBSAMPLES² bilinear samples spread over it.
fn grid(small: &Small, q: &Quad) -> Plane {
    let mut out = Plane::new(GRID, GRID);
    let n = GRID * SUBSAMPLES;
    let inv = 1.0 / (SUBSAMPLES * SUBSAMPLES) as f32;
    for j in 0..n {
        let v = (j as f32 + 0.5) / n as f32;
        for i in 0..n {
            let u = (i as f32 + 0.5) / n as f32;
            let p = q.lerp(u, v);
            out.data[(j / SUBSAMPLES) * GRID + i / SUBSAMPLES] += small.luma.bilinear(p) * inv;
        }
    }
    out
}

/// The hash of the grid turned by 0, 90, 180 and 270 degrees.
fn turned_hashes(g: &Plane) -> [u64; 4] {
    let mut turned = g.clone();
    let mut out = [0u64; 4];
    for h in out.iter_mut() {
        *h = phash(&turned);
        turned = quarter_turn(&turned);
    }
    out
}

/// The square plane turned a quarter clockwise.
fn quarter_turn(p: &Plane) -> Plane {
    let n = p.width;
    let mut out = Plane::new(n, n);
    for y in 0..n {
        for x in 0..n {
            out.data[x * n + (n - 1 - y)] = p.at(x, y);
        }
    }
    out
}

/// The perceptual hash of a GRID×GRID plane.
///
/// 1. The 2-D DCT-II, keeping only the LOW×LOW lowest frequencies (rows, then columns).
/// 2. Leave out the DC term (the mean brightness) and take the median of the other 63.
/// 3. Bit k is set when coefficient k is above the median: a hash that ignores brightness and
///    contrast and changes little under blur, noise, JPEG and small shifts.
pub fn phash(g: &Plane) -> u64 {
    let basis = dct_basis();
    // Rows: LOW coefficients of each of the GRID rows.
    let mut rows = [[0f32; LOW]; GRID];
    for (y, r) in rows.iter_mut().enumerate() {
        let line = g.row(y);
        for (u, c) in r.iter_mut().enumerate() {
            *c = basis[u].iter().zip(line).map(|(b, v)| b * v).sum();
        }
    }
    // Columns of those.
    let mut coeffs = Vec::with_capacity(LOW * LOW - 1);
    for v in 0..LOW {
        for u in 0..LOW {
            if u + v > 0 {
                coeffs.push((0..GRID).map(|y| basis[v][y] * rows[y][u]).sum::<f32>());
            }
        }
    }
    let mut sorted = coeffs.clone();
    let mid = sorted.len() / 2;
    let median = *sorted.select_nth_unstable_by(mid, f32::total_cmp).1;
    coeffs.iter().enumerate().fold(0u64, |h, (k, &c)| if c > median { h | 1 << k } else { h })
}

/// cos(π (2x + 1) u / 2N) for the LOW lowest frequencies u and the GRID positions x.
fn dct_basis() -> [[f32; GRID]; LOW] {
    let mut b = [[0f32; GRID]; LOW];
    for (u, row) in b.iter_mut().enumerate() {
        for (x, c) in row.iter_mut().enumerate() {
            *c = (std::f32::consts::PI * (2 * x + 1) as f32 * u as f32 / (2 * GRID) as f32).cos();
        }
    }
    b
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::Pixels;
    use crate::testutil::{card_quad, grey_pixels, paint_card, plane, Rng};

    /// A 640×480 photo with a generated card (seed) at (120, 100), 400 px wide.
    fn photo(seed: u64, desk: f32) -> (Pixels<'static>, Quad) {
        let mut p = plane(640, 480, desk);
        paint_card(&mut p, 120.0, 100.0, 400.0, seed);
        (grey_pixels(&p), card_quad(120.0, 100.0, 400.0))
    }

    fn print(p: &Pixels, q: Option<&Quad>) -> Fingerprint {
        fingerprint(&Frame::new(p), q)
    }

    #[test]
    fn the_same_picture_twice_fails_as_the_same_image() {
        let (p, q) = photo(3, 90.0);
        let a = print(&p, Some(&q));
        let f = check(&a, Some(&a), Some(DocumentType::IdCard), &PairOptions::default());
        assert_eq!((f.verdict, f.key, f.score), (Verdict::Fail, "pair.same-image", 0.0));
    }

    #[test]
    fn the_same_card_on_another_desk_fails_as_the_same_side() {
        let (p, q) = photo(3, 90.0);
        let mut other = plane(640, 480, 40.0);
        // The same card, drawn smaller and elsewhere, with noise.
        paint_card(&mut other, 60.0, 60.0, 480.0, 3);
        let mut rng = Rng::new(5);
        other.data.iter_mut().for_each(|v| *v = (*v + 6.0 * (rng.next() - 0.5)).clamp(0.0, 255.0));
        let (a, b) = (print(&p, Some(&q)), print(&grey_pixels(&other), Some(&card_quad(60.0, 60.0, 480.0))));
        assert!(distance(&a.frame, &b.frame) > PairOptions::default().same_image_bits);
        let f = check(&a, Some(&b), Some(DocumentType::IdCard), &PairOptions::default());
        assert_eq!((f.verdict, f.key), (Verdict::Fail, "pair.same-side"), "{} bits", f.score);
    }

    #[test]
    fn two_different_cards_pass() {
        let (p, q) = photo(3, 90.0);
        let (r, s) = photo(11, 90.0);
        let f = check(&print(&p, Some(&q)), Some(&print(&r, Some(&s))), Some(DocumentType::IdCard), &PairOptions::default());
        assert_eq!((f.verdict, f.key), (Verdict::Pass, "pair.pass"), "{} bits", f.score);
        assert!(f.score > 12.0);
    }

    #[test]
    fn a_card_turned_upside_down_is_still_the_same_side() {
        let (p, q) = photo(3, 90.0);
        let mut turned = plane(640, 480, 90.0);
        paint_card(&mut turned, 120.0, 100.0, 400.0, 3);
        let n = turned.data.len();
        for i in 0..n / 2 {
            turned.data.swap(i, n - 1 - i);
        }
        // The same region after a half turn about the frame's centre.
        let b = print(&grey_pixels(&turned), Some(&card_quad(120.0, 480.0 - 100.0 - 400.0 / 1.586, 400.0)));
        assert!(distance(&print(&p, Some(&q)).document, &b.document) <= 4);
    }

    #[test]
    fn the_back_is_needed_for_cards_but_not_passports() {
        let (p, q) = photo(3, 90.0);
        let a = print(&p, Some(&q));
        let o = PairOptions::default();
        assert_eq!(check(&a, None, Some(DocumentType::IdCard), &o).key, "pair.back-missing");
        assert_eq!(check(&a, None, Some(DocumentType::IdCard), &o).verdict, Verdict::Fail);
        assert_eq!(check(&a, None, Some(DocumentType::DrivingLicence), &o).verdict, Verdict::Fail);
        assert_eq!(check(&a, None, Some(DocumentType::Passport), &o).verdict, Verdict::Pass);
        assert_eq!(check(&a, None, None, &o).key, "pair.single");
    }

    #[test]
    fn without_a_located_document_the_same_side_only_warns() {
        let (p, _) = photo(3, 90.0);
        let mut other = plane(640, 480, 90.0);
        paint_card(&mut other, 124.0, 102.0, 400.0, 3);
        let (a, b) = (print(&p, None), print(&grey_pixels(&other), None));
        let f = check(&a, Some(&b), None, &PairOptions { same_image_bits: 0, same_side_bits: 12 });
        assert_eq!((f.verdict, f.key), (Verdict::Warn, "pair.same-side"), "{} bits", f.score);
    }

    #[test]
    fn phash_ignores_brightness_and_contrast() {
        let mut g = Plane::new(GRID, GRID);
        let mut rng = Rng::new(9);
        g.data.iter_mut().for_each(|v| *v = 255.0 * rng.next());
        let mut dim = g.clone();
        dim.data.iter_mut().for_each(|v| *v = *v * 0.4 + 20.0);
        assert_eq!(phash(&g), phash(&dim));
        assert_ne!(phash(&g), 0);
    }

    #[test]
    fn validate_pair_checks_both_photos_and_localises_the_pair() {
        let (p, _) = photo(3, 90.0);
        let data = p.data.to_vec();
        let input = Input::Rgba { data: &data, width: 640, height: 480 };
        let opts = Options { lang: crate::Lang::ZhHans, ..Options::default() };
        let photo = Photo { pixels: input, file: None };
        let r = validate_pair(photo, Some(photo), Some(DocumentType::IdCard), &opts).unwrap();
        assert_eq!(r.pair.key, "pair.same-image");
        assert_eq!(r.verdict, Verdict::Fail);
        assert_eq!(r.pair.message, crate::messages::text("pair.same-image", crate::Lang::ZhHans));
        assert!(r.back.is_some());
        let empty = Photo { pixels: Input::Encoded(&[]), file: None };
        assert_eq!(validate_pair(empty, None, None, &opts).unwrap_err(), Error::Empty);
    }
}
