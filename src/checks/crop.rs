//! `crop`: fails a photo in which a corner of the document is cut off or too near the edge; warns when no document is found.

use crate::finding::{Corner, Finding, Region, Verdict};
use crate::geometry::{Point, Quad};
use serde::Deserialize;

/// Thresholds of the crop check.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct CropOptions {
    /// A corner closer to the frame's edge than this counts as cut. Unit: fraction of the
    /// photo's short side. Default: 0.005 (about 15 px on a 4032×3024 photo). On the corpus
    /// (`kyc-eval --n 40 --classes clean,crop`) the clearly cut cards (a corner at least 1 % of
    /// the card's width outside) all scored −0.004 or less, while the locator put the corners of
    /// two clean cards 0.009 from the edge (a card's shadow taken for its edge, a card filling
    /// 90 % of the frame); 0.01 failed both.
    pub min_margin: f32,
    /// Whether a photo in which no document is found fails (`true`) or only warns (`false`).
    /// Default: `false`. Finding nothing is no evidence that the document is cut: on the corpus
    /// (`kyc-eval --n 40`, docs/ACCURACY.md) the locator found no outline on 3 of 40 clean photos
    /// (white cards on pale desks, a 12 MP frame) and on none of the cropped cards it caught, so
    /// failing would block real users for almost no catch. A page that must see a document can
    /// set it.
    pub fail_missing: bool,
}

impl Default for CropOptions {
    fn default() -> Self {
        CropOptions { min_margin: 0.005, fail_missing: false }
    }
}

/// The score given when no document is found: as if a corner were a whole short side outside.
pub const MISSING_SCORE: f32 = -1.0;

/// Checks that all four corners of the document lie inside the `width`×`height` frame with a margin.
///
/// Score: the smallest distance of a corner to the frame's edge, as a fraction of the frame's
/// short side; negative when that corner lies outside the frame, [`MISSING_SCORE`] when no
/// document was found. It fails below [`CropOptions::min_margin`]; a missing document warns
/// unless [`CropOptions::fail_missing`].
pub fn check(width: u32, height: u32, doc: Option<&Quad>, opts: &CropOptions) -> Finding {
    let threshold = opts.min_margin;
    let Some(doc) = doc else {
        let verdict = if opts.fail_missing { Verdict::Fail } else { Verdict::Warn };
        return Finding::new("crop", verdict, MISSING_SCORE, threshold, "crop.missing");
    };
    let short = width.min(height).max(1) as f32;
    let margins = doc.corners.map(|p| edge_distance(p, width as f32, height as f32) / short);
    let score = margins.iter().cloned().fold(f32::INFINITY, f32::min);
    let names = [Corner::TopLeft, Corner::TopRight, Corner::BottomRight, Corner::BottomLeft];
    let cut: Vec<Corner> = names.into_iter().zip(margins).filter(|&(_, m)| m < threshold).map(|(c, _)| c).collect();
    let (verdict, key) = if cut.is_empty() { (Verdict::Pass, "crop.pass") } else { (Verdict::Fail, "crop.fail") };
    let mut f = Finding::new("crop", verdict, score, threshold, key).with_region(Region::Quad(*doc));
    f.corners_cut = cut;
    f
}

/// Distance from `p` to the nearest edge of the `w`×`h` frame; negative outside it.
fn edge_distance(p: Point, w: f32, h: f32) -> f32 {
    let inside = p.x.min(p.y).min(w - p.x).min(h - p.y);
    if inside >= 0.0 {
        return inside;
    }
    // Outside: minus the distance to the frame.
    let dx = (-p.x).max(p.x - w).max(0.0);
    let dy = (-p.y).max(p.y - h).max(0.0);
    -(dx * dx + dy * dy).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quad(c: [(f32, f32); 4]) -> Quad {
        Quad { corners: c.map(|(x, y)| Point { x, y }) }
    }

    #[test]
    fn corners_inside_with_margin_pass() {
        let q = quad([(100.0, 80.0), (500.0, 90.0), (490.0, 340.0), (110.0, 330.0)]);
        let f = check(640, 480, Some(&q), &CropOptions::default());
        assert_eq!(f.verdict, Verdict::Pass);
        assert!(f.corners_cut.is_empty());
        // Nearest edge: the top-left corner is 80 px from the top, of a 480 px short side.
        assert!((f.score - 80.0 / 480.0).abs() < 1e-6, "score {}", f.score);
        assert_eq!(f.region, Some(Region::Quad(q)));
    }

    #[test]
    fn corner_outside_or_too_near_fails_and_is_named() {
        let q = quad([(100.0, 80.0), (660.0, 90.0), (630.0, 478.0), (110.0, 330.0)]);
        let f = check(640, 480, Some(&q), &CropOptions::default());
        assert_eq!(f.verdict, Verdict::Fail);
        assert_eq!(f.key, "crop.fail");
        assert_eq!(f.corners_cut, vec![Corner::TopRight, Corner::BottomRight]);
        assert!((f.score + 20.0 / 480.0).abs() < 1e-6, "score {}", f.score);
    }

    #[test]
    fn no_document_warns_as_missing_unless_asked_to_fail() {
        let f = check(640, 480, None, &CropOptions::default());
        assert_eq!((f.verdict, f.key, f.score), (Verdict::Warn, "crop.missing", MISSING_SCORE));
        assert_eq!(f.region, None);
        let strict = CropOptions { fail_missing: true, ..CropOptions::default() };
        assert_eq!(check(640, 480, None, &strict).verdict, Verdict::Fail);
    }

    #[test]
    fn margin_is_an_option() {
        let q = quad([(10.0, 10.0), (630.0, 10.0), (630.0, 470.0), (10.0, 470.0)]);
        assert_eq!(check(640, 480, Some(&q), &CropOptions::default()).verdict, Verdict::Pass);
        let strict = CropOptions { min_margin: 0.05, ..CropOptions::default() };
        let f = check(640, 480, Some(&q), &strict);
        assert_eq!(f.verdict, Verdict::Fail);
        assert_eq!(f.corners_cut.len(), 4);
    }

    #[test]
    fn outside_distance_is_negative() {
        assert_eq!(edge_distance(Point { x: -3.0, y: 50.0 }, 100.0, 100.0), -3.0);
        assert_eq!(edge_distance(Point { x: 103.0, y: 104.0 }, 100.0, 100.0), -5.0);
        assert_eq!(edge_distance(Point { x: 20.0, y: 30.0 }, 100.0, 100.0), 20.0);
    }

    mod scenes {
        use super::super::*;
        use crate::frame::Frame;
        use crate::locate::{find_document, order_corners, LocateOptions};
        use crate::testutil::{card_corners, render, CardScene, Desk};

        /// Locates the document in the rendered scene and checks its crop.
        fn crop_of(s: &CardScene) -> Finding {
            let pixels = render(s);
            let frame = Frame::new(&pixels);
            let doc = find_document(&frame, &LocateOptions::default());
            check(frame.width, frame.height, doc.as_ref(), &CropOptions::default())
        }

        fn turned(mut s: CardScene, cx: f32, cy: f32, w: f32, angle: f32, tilt: f32) -> CardScene {
            s.corners = order_corners(card_corners(cx, cy, w, w / 1.586, angle, tilt)).corners;
            s
        }

        #[test]
        fn card_inside_the_frame_passes() {
            let f = crop_of(&CardScene::new(640, 480, 0.6));
            assert_eq!((f.verdict, f.key), (Verdict::Pass, "crop.pass"), "score {}", f.score);
            // The card's top edge is 119 px from the top of a 480 px frame.
            assert!((f.score - 119.0 / 480.0).abs() < 0.005, "score {}", f.score);
        }

        #[test]
        fn one_corner_out_fails_and_names_it() {
            let s = turned(CardScene::new(640, 480, 0.6), 400.0, 150.0, 384.0, -12.0, 0.0);
            let f = crop_of(&s);
            assert_eq!((f.verdict, f.key), (Verdict::Fail, "crop.fail"));
            assert_eq!(f.corners_cut, vec![Corner::TopRight]);
            assert!(f.score < 0.0, "score {}", f.score);
        }

        #[test]
        fn two_corners_out_fail_and_are_named() {
            let f = crop_of(&CardScene::new(640, 480, 0.6).shifted(250.0, 0.0));
            assert_eq!(f.verdict, Verdict::Fail);
            assert_eq!(f.corners_cut, vec![Corner::TopRight, Corner::BottomRight]);
            let f = crop_of(&CardScene::new(640, 480, 0.6).shifted(0.0, 170.0));
            assert_eq!(f.corners_cut, vec![Corner::BottomRight, Corner::BottomLeft], "{} {:?}", f.key, f.region);
        }

        #[test]
        fn no_document_warns_as_missing() {
            let mut s = CardScene::new(640, 480, 0.6).shifted(5000.0, 0.0);
            s.desk = Desk::Wood;
            let f = crop_of(&s);
            assert_eq!((f.verdict, f.key), (Verdict::Warn, "crop.missing"));
        }

        #[test]
        fn card_filling_ninety_percent_of_the_frame_passes() {
            let f = crop_of(&CardScene::new(640, 480, 0.9));
            assert_eq!(f.verdict, Verdict::Pass, "score {} cut {:?}", f.score, f.corners_cut);
        }

        #[test]
        fn small_sharp_card_passes() {
            let f = crop_of(&CardScene::new(800, 600, 0.22).shifted(120.0, -90.0));
            assert_eq!(f.verdict, Verdict::Pass, "score {}", f.score);
        }

        #[test]
        fn card_on_busy_desk_and_turned_in_perspective_passes() {
            let mut s = turned(CardScene::new(800, 600, 0.5), 380.0, 310.0, 420.0, 14.0, 0.15);
            s.desk = Desk::Busy;
            s.seed = 9;
            let f = crop_of(&s);
            assert_eq!(f.verdict, Verdict::Pass, "score {}", f.score);
            let Some(Region::Quad(q)) = f.region else { panic!("no quadrilateral") };
            let err = (0..4).map(|i| (q.corners[i].x - s.corners[i].x).hypot(q.corners[i].y - s.corners[i].y)).fold(0.0, f32::max);
            assert!(err < 2.0, "corner error {err}");
        }
    }
}
