//! `resolution`: fails a document photographed too small (or a photo too small) for its print to be read.

use crate::finding::{Finding, Region, Verdict};
use crate::geometry::Quad;
use crate::locate::{ID1_ASPECT, PASSPORT_ASPECT};
use serde::Deserialize;

/// Thresholds of the resolution check.
///
/// The score is the document's sampling density: pixels per millimetre along its long side,
/// taking the located outline as an ID-1 card (85.6 mm, ISO/IEC 7810) or, when its aspect is
/// nearer a passport page's, an ID-3 page (125 mm). The smallest print that must stay legible is
/// the machine-readable zone: OCR-B at ICAO 9303's pitch of 2.54 mm per character, whose capitals
/// are 2.58 mm high when the font is set to that pitch (measured from Debian's `fonts-ocr-b`).
///
/// The thresholds come from `python3 scripts/measure-resolution.py --n 8` (table and
/// reasoning in `docs/RESOLUTION.md`): eight three-line TD1 MRZs rendered in OCR-B on an
/// 85.6 mm card, reduced by area averaging to a given card width, with sensor noise and JPEG 90,
/// and read by Tesseract 5.3 (whitelist A–Z 0–9 <) after enlargement, scored on the data
/// characters (the `<` fillers left out).
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct ResolutionOptions {
    /// Fail when the document has fewer pixels per mm than this. Default: 3.5 (300 px across
    /// an ID-1 card, 438 px across a passport page; MRZ capitals 9 px high). In the measurement,
    /// Tesseract reads 71–83 % of the MRZ's data characters at every width from 300 to 900 px
    /// (its English model misreads some OCR-B glyphs however sharp they are); below 300 px it
    /// falls off that plateau: 73 % at 270 px, 65 % at 240, 53 % at 210, 23 % at 150.
    pub min_px_per_mm: f32,
    /// Warn when the document has fewer pixels per mm than this. Default: 4.0 (340 px across an
    /// ID-1 card), the first width of the measurement fully on the plateau (79 %), a margin for
    /// the blur and JPEG loss that add to small print in a real photo.
    pub warn_px_per_mm: f32,
    /// Fail a photo whose long side is shorter than this, in pixels, whatever was located.
    /// Default: 640 (VGA, the smallest camera mode). In a 640-px frame a card must already fill
    /// 47 % of the width to reach the 300 px fail line (53 % for the 340 px warn line); a smaller
    /// file is a thumbnail or a reduced copy, not a photo to check.
    pub min_long_side: u32,
    /// Fail a photo whose short side is shorter than this, in pixels. Default: 360 (640×360 is
    /// the smallest 16:9 frame; an ID-1 card fits its short side only 227 px tall at 90 %).
    pub min_short_side: u32,
    /// Fail (rather than warn) a document-shaped outline below `min_px_per_mm`. Default: `false`.
    /// On the corpus (`kyc-eval --n 10`, docs/ACCURACY.md "Capture checks") the locator does not
    /// find cards under about 300 px in a large frame at all (the crop check rejects those as
    /// "no document found"), while 2 of 38 clean photos had a smaller card-shaped outline
    /// located inside the card: 5 % of clean photos would fail, far above the 1 % goal.
    pub fail_small_document: bool,
}

impl Default for ResolutionOptions {
    fn default() -> Self {
        ResolutionOptions { min_px_per_mm: 3.5, warn_px_per_mm: 4.0, min_long_side: 640, min_short_side: 360, fail_small_document: false }
    }
}

/// Long sides of the documents, in mm (ISO/IEC 7810 ID-1 and ID-3).
const ID1_MM: f32 = 85.6;
const PASSPORT_MM: f32 = 125.0;
/// With no document located, it is taken to span this share of the photo's long side, as the
/// blur check assumes: people fill the frame with it when asked to.
const ASSUMED_DOCUMENT: f32 = 0.8;
/// How far (as a share) an outline's aspect may differ from a document's for its size to fail.
const SHAPE_TOLERANCE: f32 = 0.1;

/// Checks the photo's size and the document's sampling density.
///
/// 1. A photo smaller than `min_long_side` × `min_short_side` fails as too small
///    (`resolution.photo`, score: its long side, threshold `min_long_side`).
/// 2. Without a located document nothing can be measured: `resolution.unmeasured` passes (the
///    crop check already says that no document was found and to fill the frame with it).
/// 3. Otherwise the document's long side in pixels (the mean of the located outline's two long
///    edges, so a tilted card is measured along itself) is divided by the document's length in
///    mm, by its aspect ID-1 or passport.
/// 4. Below `min_px_per_mm` is `resolution.fail`, below `warn_px_per_mm` `resolution.warn`. Both
///    only warn unless `fail_small_document` is set (see there why); even then an outline more
///    than 10 % off both documents' aspects may be a part of the card, and only warns.
pub fn check(width: u32, height: u32, doc: Option<&Quad>, opts: &ResolutionOptions) -> Finding {
    let (long, short) = (width.max(height), width.min(height));
    if long < opts.min_long_side || short < opts.min_short_side {
        let f = Finding::new("resolution", Verdict::Fail, long as f32, opts.min_long_side as f32, "resolution.photo");
        return f.with_param("size", format!("{width}×{height}")).with_param("min", format!("{}×{}", opts.min_long_side, opts.min_short_side));
    }
    let Some(q) = doc else {
        return Finding::new("resolution", Verdict::Pass, 0.0, opts.min_px_per_mm, "resolution.unmeasured");
    };
    let density = px_per_mm(width, height, Some(q));
    let (mut verdict, key) = if density < opts.min_px_per_mm {
        (Verdict::Fail, "resolution.fail")
    } else if density < opts.warn_px_per_mm {
        (Verdict::Warn, "resolution.warn")
    } else {
        (Verdict::Pass, "resolution.pass")
    };
    // An outline that is no document's shape may be a part of the card (the portrait, a band):
    // its size says little about the card's, so it only warns.
    if verdict == Verdict::Fail && (!opts.fail_small_document || !document_shaped(q)) {
        verdict = Verdict::Warn;
    }
    let f = Finding::new("resolution", verdict, density, opts.min_px_per_mm, key);
    if verdict == Verdict::Pass { f } else { f.with_region(Region::Quad(*q)) }
}

/// Whether the outline's aspect is within [`SHAPE_TOLERANCE`] of an ID-1 card's or a passport page's.
fn document_shaped(q: &Quad) -> bool {
    let (a, b) = q.side_lengths();
    let aspect = a.max(b) / a.min(b).max(1.0);
    [ID1_ASPECT, PASSPORT_ASPECT].iter().any(|&d| (aspect / d - 1.0).abs() <= SHAPE_TOLERANCE)
}

/// The document's pixels per millimetre along its long side (step 2 of [`check`]).
pub fn px_per_mm(width: u32, height: u32, doc: Option<&Quad>) -> f32 {
    let Some(q) = doc else {
        return width.max(height) as f32 * ASSUMED_DOCUMENT / ID1_MM;
    };
    let (a, b) = q.side_lengths();
    let (long, short) = (a.max(b), a.min(b).max(1.0));
    let aspect = long / short;
    let mm = if (aspect - PASSPORT_ASPECT).abs() < (aspect - ID1_ASPECT).abs() { PASSPORT_MM } else { ID1_MM };
    long / mm
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geometry::Point;
    use crate::testutil::card_corners;

    fn card(w: f32, aspect: f32, angle: f32) -> Quad {
        Quad { corners: card_corners(1000.0, 700.0, w, w / aspect, angle, 0.0) }
    }

    fn run(w: u32, h: u32, doc: Option<&Quad>) -> Finding {
        check(w, h, doc, &ResolutionOptions { fail_small_document: true, ..Default::default() })
    }

    #[test]
    fn a_card_filling_the_frame_passes_and_a_distant_one_fails() {
        let near = run(2000, 1400, Some(&card(1200.0, ID1_ASPECT, 0.0)));
        assert_eq!((near.verdict, near.key), (Verdict::Pass, "resolution.pass"));
        assert!((near.score - 1200.0 / 85.6).abs() < 0.05, "{}", near.score);
        let far = run(2000, 1400, Some(&card(250.0, ID1_ASPECT, 0.0)));
        assert_eq!((far.verdict, far.key), (Verdict::Fail, "resolution.fail"));
        assert!(matches!(far.region, Some(Region::Quad(_))));
        let between = run(2000, 1400, Some(&card(320.0, ID1_ASPECT, 0.0)));
        assert_eq!((between.verdict, between.key), (Verdict::Warn, "resolution.warn"));
    }

    #[test]
    fn a_tilted_card_is_measured_along_itself() {
        let straight = px_per_mm(2000, 1400, Some(&card(600.0, ID1_ASPECT, 0.0)));
        let tilted = px_per_mm(2000, 1400, Some(&card(600.0, ID1_ASPECT, 30.0)));
        assert!((straight - tilted).abs() < 0.05, "{straight} {tilted}");
    }

    #[test]
    fn a_passport_page_is_taken_as_125_mm_long() {
        let page = px_per_mm(2000, 1400, Some(&card(500.0, PASSPORT_ASPECT, 0.0)));
        assert!((page - 4.0).abs() < 0.05, "{page}");
        // The same 500 px as an ID-1 card is much denser.
        assert!(px_per_mm(2000, 1400, Some(&card(500.0, ID1_ASPECT, 0.0))) > 5.8);
    }

    #[test]
    fn a_tiny_photo_fails_whatever_is_in_it() {
        let q = Quad { corners: [Point { x: 0.0, y: 0.0 }, Point { x: 600.0, y: 0.0 }, Point { x: 600.0, y: 300.0 }, Point { x: 0.0, y: 300.0 }] };
        let f = run(620, 340, Some(&q));
        assert_eq!((f.verdict, f.key), (Verdict::Fail, "resolution.photo"));
        assert_eq!(f.param("size"), Some("620×340"));
        assert!(!f.message.contains('{'), "{}", f.message);
        assert_eq!(run(340, 620, Some(&q)).key, "resolution.photo");
    }

    #[test]
    fn by_default_a_small_document_only_warns() {
        let f = check(2000, 1400, Some(&card(250.0, ID1_ASPECT, 0.0)), &ResolutionOptions::default());
        assert_eq!((f.verdict, f.key), (Verdict::Warn, "resolution.fail"));
        assert_eq!(check(620, 340, None, &ResolutionOptions::default()).verdict, Verdict::Fail);
    }

    #[test]
    fn a_small_outline_of_no_document_shape_only_warns() {
        // 200 px wide and square: perhaps the portrait, not the card.
        let square = Quad { corners: card_corners(1000.0, 700.0, 200.0, 200.0, 0.0, 0.0) };
        let f = run(2000, 1400, Some(&square));
        assert_eq!((f.verdict, f.key), (Verdict::Warn, "resolution.fail"));
        assert_eq!(run(2000, 1400, Some(&card(200.0, ID1_ASPECT, 0.0))).verdict, Verdict::Fail);
    }

    #[test]
    fn without_a_document_the_photo_size_decides() {
        assert_eq!(run(640, 480, None).key, "resolution.unmeasured");
        assert_eq!(run(640, 480, None).verdict, Verdict::Pass);
        assert_eq!(run(639, 480, None).key, "resolution.photo");
        assert_eq!(run(640, 359, None).key, "resolution.photo");
    }

    #[test]
    fn options_are_read_from_json() {
        let o: ResolutionOptions = serde_json::from_str(r#"{"minPxPerMm": 2.0}"#).unwrap();
        assert_eq!(o.min_px_per_mm, 2.0);
        assert_eq!(o.min_long_side, 640);
        assert!(serde_json::from_str::<ResolutionOptions>(r#"{"minPx": 2.0}"#).is_err());
    }
}
