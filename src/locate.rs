//! Finds the document's quadrilateral in the photo.
//!
//! The search runs on a copy of the analysis image reduced to about [`LocateOptions::work_long_side`]
//! pixels, where it finds straight edges and picks the four (or three) lines that best outline a
//! card-shaped quadrilateral. The chosen lines are then re-measured on the analysis image to
//! sub-pixel precision. A corner outside the photo is extrapolated from the lines that are seen,
//! so that the crop check can tell which corners are cut.

use crate::frame::{Frame, Plane, Small};
use crate::geometry::{Point, Quad};
use serde::Deserialize;

/// Tunables of the document search.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct LocateOptions {
    /// Long side of the working image the lines are searched on, in pixels. Default: 256. A card
    /// at 20% of the frame width is then about 51 px wide. On the 40 seeded scenes of
    /// `accuracy_on_random_scenes`, 256 and 320 found the same cards (38 of 40 within 0.5 px),
    /// and 256 costs about a third less time (`stage_times`).
    pub work_long_side: u32,
    /// Weakest edge used, as the colour step across it in 0..255 levels per working pixel
    /// (central difference of the strongest channel). Default: 4.0, set so that a white card on
    /// a light-grey desk (a step of about 15 levels in the unit-test scenes) is still seen.
    pub min_edge_strength: f32,
    /// Smallest document accepted: its area as a fraction of the photo's. Default: 0.02. A card
    /// 20% of the width of a 4:3 photo covers about 3.4%; smaller outlines are mostly windows,
    /// tiles and labels.
    pub min_area: f32,
    /// Smallest share of the outline's visible length that must lie on detected edges.
    /// Default: 0.6. Clean synthetic cards score above 0.85, with busy desks above 0.7; chance
    /// quadrilaterals in the fetched photos without a document score mostly below 0.6.
    pub min_support: f32,
    /// Not an option: set by the checks for a selfie with the document, which is held up small
    /// in front of a scene. The search then keeps the outline it chose rather than giving it up
    /// for a card-like outline around it where the chosen one would be that card's portrait.
    #[serde(skip)]
    pub held_up: bool,
}

impl Default for LocateOptions {
    fn default() -> Self {
        LocateOptions { work_long_side: 256, min_edge_strength: 4.0, min_area: 0.02, min_support: 0.6, held_up: false }
    }
}

/// Aspect ratios (long side / short side) of the documents looked for: ID-1 cards and passport
/// data pages (ISO/IEC 7810 ID-1 85.60 × 53.98 mm, ID-3 125 × 88 mm).
pub const ID1_ASPECT: f32 = 1.586;
pub const PASSPORT_ASPECT: f32 = 1.42;

/// Most lines kept from the line search.
const MAX_LINES: usize = 64;
/// Most lines kept within [`SAME_DIRECTION`] degrees of one another, so that a desk's grain or a
/// page of text cannot crowd out the document's sides in the other direction. 5 degrees rather
/// than 10: on a striped desk the stripes filled the 32 places and crowded out the sides of a
/// small card turned 6 degrees from them (corpus sample clean:0e75f4705e796c1a of seed 1).
const MAX_PARALLEL: usize = 32;
const SAME_DIRECTION: f32 = 5.0;
/// Angular bins of the line search: one per degree of the line's normal in [0, 180).
const ANGLES: usize = 180;
/// An edge pixel votes for line angles within this many degrees of its gradient direction.
const VOTE_SPREAD: i32 = 3;
/// Votes per edge pixel.
const VOTES: usize = 2 * VOTE_SPREAD as usize + 1;
/// An edge pixel supports a line when its gradient is within this many degrees of the normal.
const SUPPORT_TOLERANCE: f32 = 10.0;
/// Opposite sides of a document in perspective differ in angle by at most this, in degrees.
const MAX_OPPOSITE_ANGLE: f32 = 30.0;
/// Adjacent sides meet at no less than this angle, in degrees.
const MIN_CORNER_ANGLE: f32 = 45.0;
/// Penalty per unsupported pixel of outline, relative to the reward per supported pixel.
/// 0.75 rather than 0.5: on the corpus a large outline made of building or circuit-board lines
/// (70 % seen) outscored the card's own (86 % seen) at 0.5; 1.0 lets a card's header band
/// beat its weaker top edge on a busy desk (unit test `wood_and_busy_desks`).
const GAP_PENALTY: f32 = 0.75;
/// Penalty per supporting pixel on a side's line just beyond the corner it should end at.
const OVERSHOOT_PENALTY: f32 = 0.5;
/// Near each corner, the stretch of a side checked for support (inside the outline) and for its
/// absence (beyond the corner), as fractions of the side's length from the corner. It starts
/// past the rounding of an ID-1 card's corner (3.7% of its width, 5.9% of its height).
const CORNER_STRETCH: (f32, f32) = (0.07, 0.3);
/// Near a corner inside the frame, a side seen on less of [`CORNER_STRETCH`] than this is no
/// document's side; below [`FULL_CORNER_SUPPORT`] the outline's score drops in proportion. On the
/// corpus, card edges against a circuit board or gravel are seen on 40–50 % of the stretch.
const MIN_CORNER_SUPPORT: f32 = 0.3;
const FULL_CORNER_SUPPORT: f32 = 0.6;
/// When no outline passes [`MIN_CORNER_SUPPORT`] and [`MIN_COHERENCE`], the search runs again
/// with these in their place: with no outline at all `crop` can only warn. On seed 4 of the corpus
/// (`KYC_EVAL_LOCATE=1 kyc-eval --n 200 --res 0 --documents-only --seed 4`) 24 of 1000 photos had
/// no outline; the second search outlined 12 of them, 7 within 0.04 of the card's side. Two cut
/// cards now fail `crop` (crop:4018928f877d14aa, its left edge on gravel with a coherence of
/// 0.28, and crop:0b30b23fc843d42a, 0.35 off but on the card), a clean small card no longer fails
/// `blur` (clean:080a6a5b209f2c4d) and a glare sample fails `glare`; two black-and-white cards,
/// outlined 0.26 and 0.30 off, fail `crop` besides `color`. No clean verdict got worse there or
/// on seeds 1, 2 and 3 (`--n 40 --res 6`).
const LOOSE_CORNER_SUPPORT: f32 = 0.1;
const LOOSE_COHERENCE: f32 = 0.25;
/// No side of an outline is shorter than this share of its longest. The second search above
/// found a sliver on a black-and-white sample of seed 4 (1dd7feca11863cbb: two corners 0.7 working
/// pixels apart), and `exposure` panicked on it. No outline chosen on seed 4 had a side under
/// 0.39 of its longest.
const MIN_SIDE_SHARE: f32 = 0.25;
/// Smallest share of an outline's area that must lie inside the frame. 0.4 was tried: on the
/// corpus (`KYC_EVAL_LOCATE=1 kyc-eval --res 0 --documents-only --classes clean,crop`, seeds 4
/// and 5 with `--n 100`, 1, 2 and 6 with `--n 40`) it found 3 more cards more than 40 % out of
/// the frame, whose `crop` then failed rather than warned (crop:83b5ccc879975b12 of seed 4),
/// and changed no clean verdict; but on the real photos it took an outline half below the
/// frame's edge in astronaut.png, a portrait with no document, whose `blur` then failed (15.0).
const MIN_VISIBLE: f32 = 0.6;
/// An outline with between [`MIN_CUT_VISIBLE`] and [`MIN_VISIBLE`] of its area in view counts
/// only when it earns at least [`CUT_FIT`] score per pixel of its seen sides ([`Outline::fit`],
/// at most 1). On the corpus (`KYC_EVAL_LOCATE=1 kyc-eval --n 200 --res 0 --documents-only
/// --seed 4`, and seed 3 with `--n 40`) three cards more than 40 % out of the frame were outlined
/// at 0.70, 0.76 and 0.79 (crop:83b5ccc879975b12, crop:1d011d07d363b477, crop:1219a1239af8e2db),
/// while outlines mostly out of the frame made of background lines, which 0.5 let win over
/// cards wholly in view, earned 0.52, 0.54 and 0.60 (black-and-white:9ef50c35c40abf37,
/// glare:e255504080c3a33d, blur:c7b6cb20a68b1103), and the outline half below astronaut.png's
/// edge that [`MIN_VISIBLE`] 0.4 let in earned 0.046.
const MIN_CUT_VISIBLE: f32 = 0.4;
const CUT_FIT: f32 = 0.65;
/// How many of the outlines that fit best per pixel are kept for [`better_fit_inside`].
const TOP_FITS: usize = 12;
/// An outline lying inside the chosen one, with at most [`INNER_AREA`] of its area and turned
/// away from it (see [`turned_within`]), is chosen instead when it scores at least
/// [`INNER_SCORE`] of the best and earns at least [`INNER_FIT`] times as much score per pixel of
/// its visible outline (see [`better_fit_inside`]). On seed 2 of the corpus (`KYC_EVAL_LOCATE=1
/// kyc-eval --n 40 --res 0 --documents-only --seed 2`) the small card on a building
/// clean:b18a132d6b02a2ac scored 0.58 of the facade around it (its score per pixel 0.64 against
/// 0.32, area 0.08 of it); 0.35 and 1.4 leave margin on both.
const INNER_SCORE: f32 = 0.35;
const INNER_AREA: f32 = 0.5;
const INNER_FIT: f32 = 1.4;
/// A chosen outline lying where a document's portrait would inside a larger outline the search
/// met (see [`portrait_inside`]), aligned with it, gives way to that outline when it scores at
/// least [`CARD_SCORE`] of the chosen one (see [`Scene::card_around`]). The portrait of an
/// ID-1 card covers 0.13 of it (0.14 on a passport page), its centre a third of the card's
/// length from the middle. On seed 4 of the corpus (`KYC_EVAL_LOCATE=1 kyc-eval --n 200 --res 0
/// --documents-only --seed 4`, the scored outlines printed by a temporary build) two cut cards on
/// gravel and grass had their portrait's box chosen (crop:bf4311bd688fbb28,
/// crop:244f08ecf9394943: 0.14 and 0.18 of the card's area, the centre 0.37 and 0.38 of its
/// length from the middle and 0.03 and 0.15 of its height off the axis); their cards scored 0.66
/// and 0.84 of it. The one other outline in such a place that would have won at 0.5 was a card
/// wholly in view inside a larger outline of the background (glare:4ace2f50, 0.58).
const CARD_SCORE: f32 = 0.6;
const PORTRAIT_AREA: (f32, f32) = (0.08, 0.22);
const PORTRAIT_ALONG: (f32, f32) = (0.2, 0.45);
const PORTRAIT_ACROSS: f32 = 0.2;
/// How far [`portrait_inside`] grows the outer outline (as a share of each corner's distance
/// from its centre) before asking whether the inner one lies inside it: on bf4311bd the
/// portrait's coarse corner lay 0.6 working pixels outside the card's.
const PORTRAIT_SLACK: f32 = 0.05;
/// Tolerance of [`turned_within`], in degrees. 7 rather than 3 or 5: the sides of a card's
/// portrait, 30 working pixels wide, were found up to 4 degrees off the card's
/// (clean:d7e46b8f6e2687e1 of seed 2, whose portrait was chosen at 3), and between 5.5 and 6
/// degrees off on clean:e2968d218210546b of seed 4 (its portrait was chosen at 5 and failed
/// `blur`; chosen at 5.5, not at 6); the card on the building b18a132d of seed 2 is turned 8
/// degrees beyond the facade's sides. With 7, no other verdict changed on seed 4 (`KYC_EVAL_LOCATE=1
/// kyc-eval --n 200 --res 0 --documents-only --seed 4`) or seeds 1, 2, 3 and 5 (`--n 40`), nor
/// any report on the 25 real photos.
const ALIGNED: f32 = 7.0;
/// A seen side of the chosen outline moves inward to a detected line within [`SNAP_ANGLE`]
/// degrees of it and [`SNAP_REACH`] of the outline's extent (see [`outline`]'s `snap_inward`)
/// when the colour steps across that line at least [`SNAP_STEP`] times as much as across the
/// side, sampled [`SNAP_OFFSET`] working pixels to each side, the line is seen on at least
/// [`SNAP_SUPPORT`] of the share of its length that the side is, and the strip between them
/// looks like the surroundings rather than the document. On a striped desk a card filling 90 %
/// of the frame had its right side put on a stripe 3 working pixels outside its edge and failed
/// `crop` (clean:0a590717f1982eb5 of seed 4: the stripe's outline scored 254.7, the card's 250.2,
/// its edge's line losing 16.5 to the stripes it runs along past the corners). With these values
/// it is outlined exactly; on seed 4 (`KYC_EVAL_LOCATE=1 kyc-eval --n 200 --res 0
/// --documents-only --seed 4`) no other verdict changed and the 11 other outlines that moved all
/// came closer (8 of them from 0.03–0.07 of the card's side to within 0.001), as did the 8 that
/// moved on seeds 1, 2, 3 and 5 (`--n 40`). Without the support and strip tests, 45 outlines of seed 4 moved onto the
/// print inside low-contrast cards (0.000 to about 0.05 off).
const SNAP_ANGLE: f32 = 4.0;
const SNAP_REACH: f32 = 0.05;
const SNAP_STEP: f32 = 1.5;
const SNAP_OFFSET: f32 = 1.5;
const SNAP_SUPPORT: f32 = 0.9;
/// Thresholds of [`outline`]'s `card_in_view`. On seed 7 of the corpus (`KYC_EVAL_LOCATE=1
/// kyc-eval --n 200 --res 0 --documents-only --seed 7`, the scored outlines printed by a
/// temporary build) outlines of a building's facade chosen around or beside small cards
/// (clean:1d1c34da0ce6f4a3, clean:32640cb79362b632) earned 0.31 and 0.37 per pixel, the cards
/// 0.46 and 0.59 (1.46 and 1.59 times as much) at 0.69 and 0.66 of their score. A cut card on a
/// grey desk (crop:5038144af0530a5d) earned 0.265, and a rectangle of the desk beside it 0.407
/// (1.54 times): [`VIEW_LEAST_FIT`] keeps it out, as the cards seen whole on the corpus mostly
/// earn 0.6 to 0.9. Outlines inside the cut one and aligned with it are left out: on the real
/// photo sudoku.png a 3×3 box of the grid replaced the page cut by the frame, and `blur` failed
/// on it (30.5); this costs clean:1d1c34da, a card aligned with the facade around it.
const VIEW_SCORE: f32 = 0.5;
const VIEW_FIT: f32 = 1.3;
const VIEW_LEAST_FIT: f32 = 0.45;
/// Score factor of an outline whose fourth side is extrapolated rather than seen.
const EXTRAPOLATED_FACTOR: f32 = 0.85;
/// A side is extrapolated beyond the frame only when no detected line closes the outline inside
/// the frame within this share of the outline's extent from where the side is put (see
/// [`Scene::far_side_seen`]). On the corpus a card filling 90 % of the frame, its top edge seen
/// 5 working pixels below the frame's edge, was outlined with that edge extrapolated 5 pixels
/// above it and failed `crop` (clean:4a011cbde78a0a66 of seed 4, the extrapolated side about 9 % of
/// the card's height from the seen one). With 0.1, no verdict changed on seeds 1, 2 and 6
/// (`KYC_EVAL_LOCATE=1 kyc-eval --n 40 --res 0 --documents-only --classes clean,crop`) or seed 5
/// (`--n 100`), and one outline moved: the cut card crop:6d7ab5e152d68a9b of seed 5 came closer
/// (0.18 → 0.04 of its side).
const SEEN_FAR_SIDE: f32 = 0.1;
const NO_EDGE: u8 = u8::MAX;
/// How far from a side its two colours are sampled (see [`Strip`]): [`STRIP_SHARE`] of the
/// outline's extent across the side, within [`MIN_STRIP_OFFSET`]..[`STRIP_OFFSET`] working
/// pixels. An ID-1 card's portrait starts about 4 % of its width from its edge, so that on a small
/// card a fixed 3 px reached into the portrait and the side was refused as incoherent (corpus
/// sample clean:ac24f85620575304 of seed 2, a card 80 working pixels wide).
const STRIP_OFFSET: f32 = 3.0;
const MIN_STRIP_OFFSET: f32 = 1.5;
const STRIP_SHARE: f32 = 0.025;
/// A seen side whose colour change across it is less consistent than this is not a document's
/// edge (see [`Strip::coherence`]).
const MIN_COHERENCE: f32 = 0.4;
/// A document carries print (text rows, a portrait, a pattern): the share of edge pixels inside
/// an outline below which its score falls in proportion (see [`Scene::print`]). On the corpus
/// the cards' insides held 0.2–0.3 edge pixels per working pixel, a patch of brick wall beside a
/// card 0.05 (`kyc-eval --show clean:7f7ff707af5456d0` with the outlines listed).
const MIN_PRINT: f32 = 0.15;
/// The mean level (0..255, the mean of red, green and blue) of an outline's inside from which its
/// score is not lowered for darkness (see [`lightness`]). On seed 4 of the corpus
/// (`KYC_EVAL_LOCATE=1 kyc-eval --n 200 --res 0 --documents-only --seed 4`, the scored outlines
/// printed by a temporary build) the darkest inside of an outline within 0.1 of its card's side
/// that won was at 90 levels; the 15 chosen outlines darker than that were all on something else:
/// chips on a circuit board (crop:e6b40dbd22310cf6 at 39 levels, crop:13d341e64cd5a8a4 at 42), card
/// portraits (45–61), a dark wall (clean:bb25aa8a2bd06f93, 30).
const LIGHT_GROUND: f32 = 75.0;
/// A photo is of a textured surface when more than this share of its working pixels are edges
/// weaker than [`TEXTURE_STEP`] times [`LocateOptions::min_edge_strength`] (see
/// [`on_strong_edges`]). On seed 7 of the corpus (`kyc-eval --show clean:SEED` with the share
/// printed by a temporary build) the small cards on wood and fabric that were outlined with the
/// grain had 0.06 to 0.11; cards on plain desks and buildings 0.004 to 0.03, but white cards, whose
/// own print is faint, up to 0.24, and cards filling the frame up to 0.07: the share alone does
/// not decide, and the first outline must be cut and off the strong edges as well.
const TEXTURE_SHARE: f32 = 0.05;
const TEXTURE_STEP: f32 = 2.0;
/// The least score per pixel of outline ([`Outline::fit`]) that an outline found on the strong
/// edges alone needs to be taken. The cards found that way on seed 7 earned 0.67 to 0.92.
const STRONG_FIT: f32 = 0.5;
/// Weight of the inside strip's spread in [`Strip::uniformity`]: a side counts as coherent when
/// the colour varies along its inside at most (1 − [`MIN_COHERENCE`]) / 2 = 0.3 as much as it
/// steps across it. Default 2. The white card on a white building clean:d9f3442fc1b1e17d
/// (seed 1) has a top edge with a spread of 0.07 (a uniform grey margin) but a direction
/// coherence of 0.13 (the building above it is lighter in its panels and darker in their
/// shadows), so the card was refused; lines between two similar surfaces, which
/// [`MIN_COHERENCE`] is for, vary about as much along either side as across (spread near 1).
const UNIFORM_WEIGHT: f32 = 2.0;
/// When a side is re-measured, steps weaker than this share of the side's median step are left
/// out of its fit. Default 0.4. Where a cut card's side runs out of the frame, the search next
/// to the coarse line finds only the margin's noise or its print; those points tilted the fitted
/// side of crop:d1288f0b2d00ec9e (seed 2, a corner 18 px outside a 1280-px frame) so that its
/// corner came out 6 px inside and the crop passed. The card's own edge steps are 3–10 times
/// stronger than the margin's noise.
const WEAK_STEP: f32 = 0.4;
/// An outline's score is divided by `1 + RING_WEIGHT × ring_spread` (see [`ring_spread`]).
const RING_WEIGHT: f32 = 1.0;
/// A document differs from what it lies on: the distance between the mean colour inside an
/// outline and around it (RGB levels, 0..255 each) from which its score is not lowered (see
/// [`Scene::contrast`]), and the lowest factor below it. On seed 5 of the corpus
/// (`KYC_EVAL_LOCATE=1 kyc-eval --n 200 --res 0 --documents-only --classes clean --seed 5`) the
/// cards' own outlines lay 16.5, 26.1 and then at least 34 levels from their surroundings; of the
/// outlines that outscored a card, made of a brick wall's or a desk's lines, most lay under 15.
const FULL_CONTRAST: f32 = 25.0;
const MIN_CONTRAST: f32 = 0.4;
/// How far the ring around an outline reaches, as a share of each corner's distance from its
/// centre.
const RING_GROWTH: f32 = 0.25;
/// A document differs from what it lies on along its edges, not only as a whole (see
/// [`Scene::edge_contrast`]): the colour step across a seen side, between bands [`SIDE_BAND`]
/// of the way toward the outline's centre and as far outward, from which the score is not lowered,
/// and the lowest factor below it. A wooden desk's grain or a fabric's stripes under a small card
/// make three-sided outlines of two stripes and the card's near edge, running off the frame; the
/// card's colour lies in their ring, so [`Scene::contrast`] is full, but the same wood lies on
/// both sides of each stripe. On seed 4 of the corpus (`KYC_EVAL_LOCATE=1 kyc-eval --n 200
/// --res 0 --documents-only --classes clean,crop --seed 4`, steps printed by a temporary debug
/// build) the stripe outlines chosen over the white card on wood clean:a5c5946a7be72a15, the
/// small card on fabric clean:765f70ce16f055ab and clean:bb25aa8a2bd06f93 had second smallest
/// steps of 11.2, 14.4 and 15.7 levels; the true outlines of bb25aa8a, e2968d218210546b and
/// 510f7c196b26d6c3 56 to 167. With the factor a5c5946a and 765f70ce are found (they failed
/// blur, crop and colour) and five cut cards outlined on the background, failing blur and colour
/// besides crop, are outlined on themselves; no verdict got worse there or on seeds 1, 2 and 5.
const FULL_SIDE_CONTRAST: f32 = 25.0;
const MIN_SIDE_CONTRAST: f32 = 0.25;
const SIDE_BAND: f32 = 0.1;
/// A band with fewer working pixels than this inside the frame gives its side no step.
const MIN_BAND_PIXELS: f32 = 4.0;

/// The document's quadrilateral in original image pixels, corners ordered top-left, top-right,
/// bottom-right, bottom-left as the photo is seen; `None` when nothing document-like is found.
/// Corners may lie outside the image when the document is cut by the frame.
pub fn find_document(frame: &Frame, opts: &LocateOptions) -> Option<Quad> {
    let quad = find_in_small(&frame.small, opts)?;
    Some(quad.scaled(frame.small.scale as f32))
}

/// The same search, answering in analysis-image pixels.
pub fn find_in_small(small: &Small, opts: &LocateOptions) -> Option<Quad> {
    // 1. Reduce further, so that the line search costs the same at any resolution.
    let work = Work::reduce(small, opts.work_long_side.max(64) as usize);
    if work.w < 16 || work.h < 16 {
        return None;
    }
    // 2. Thin edges with their gradient direction.
    let edges = edge_map(&work, opts.min_edge_strength);
    // 3. Straight lines, each with its edge support along its length.
    let lines = find_lines(&edges);
    // 4. The best card-like outline among those lines; on a textured surface, when it runs out
    //    of the frame, perhaps a card on the strong edges alone.
    let outline = best_outline(&lines, &edges, &work, opts);
    let outline = match outline {
        Some(o) if !o.is_cut(work.w as f32, work.h as f32) => outline,
        _ => on_strong_edges(&edges, &work, opts, outline.as_ref()).or(outline),
    }?;
    // 5. Re-measure the sides on the analysis image and intersect them.
    let refined = refine(small, &outline, work.k as f32, opts.min_edge_strength);
    Some(order_corners(refined.corners()))
}

/// The search again on the strong edges alone, for a photo of a textured surface (wood grain,
/// fabric, brushed metal: more than [`TEXTURE_SHARE`] of its pixels are edges weaker than
/// [`TEXTURE_STEP`] times the weakest edge used) whose first outline, `first`, runs out of the
/// frame or is missing: the grain's long lines crowd the short sides of a small card out of the
/// lines found, and two of them with the card's near edge make an outline cut by the frame.
/// What it finds counts when it lies wholly in view and earns at least [`STRONG_FIT`] per pixel
/// of its outline, and `first` does not lie on the strong edges (at least
/// [`LocateOptions::min_support`] of its seen sides): a card that the frame cuts keeps its
/// outline.
fn on_strong_edges(edges: &Edges, work: &Work, opts: &LocateOptions, first: Option<&Outline>) -> Option<Outline> {
    let limit = TEXTURE_STEP * opts.min_edge_strength;
    if edges.weak_share(limit) <= TEXTURE_SHARE {
        return None;
    }
    let strong = edges.without_weak(limit);
    if first.is_some_and(|o| o.support_on(&strong) >= opts.min_support) {
        return None;
    }
    let lines = find_lines(&strong);
    best_outline(&lines, &strong, work, opts).filter(|o| !o.is_cut(work.w as f32, work.h as f32) && o.fit() >= STRONG_FIT)
}

/// The working image: each pixel is the mean of a `k`×`k` block of the analysis image.
struct Work {
    w: usize,
    h: usize,
    k: usize,
    rgb: [Vec<f32>; 3],
}

impl Work {
    fn reduce(small: &Small, long_side: usize) -> Work {
        let (sw, sh) = (small.width(), small.height());
        let k = (sw.max(sh) as f32 / long_side as f32).round().max(1.0) as usize;
        let (w, h) = (sw / k, sh / k);
        let planes = [&small.r, &small.g, &small.b];
        let rgb = planes.map(|p| block_mean(p, k, w, h));
        Work { w, h, k, rgb }
    }
}

fn block_mean(p: &Plane, k: usize, w: usize, h: usize) -> Vec<f32> {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    if (2..=4).contains(&k) {
        return block_mean_simd(p, k, w, h);
    }
    let mut out = vec![0.0f32; w * h];
    let mut acc = vec![0.0f32; w * k];
    let norm = 1.0 / (k * k) as f32;
    for y in 0..h {
        // 1. Sum the block's rows (a plain element-wise add the compiler vectorises).
        acc.copy_from_slice(&p.row(y * k)[..w * k]);
        for yy in y * k + 1..(y + 1) * k {
            acc.iter_mut().zip(&p.row(yy)[..w * k]).for_each(|(a, v)| *a += v);
        }
        // 2. Sum each block's columns.
        for (d, block) in out[y * w..(y + 1) * w].iter_mut().zip(acc.chunks_exact(k)) {
            *d = block.iter().sum::<f32>() * norm;
        }
    }
    out
}

/// [`block_mean`] four blocks at a time, the rows added in registers; the same sums in the same
/// order.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
fn block_mean_simd(p: &Plane, k: usize, w: usize, h: usize) -> Vec<f32> {
    let mut out = vec![0.0f32; w * h];
    let norm = 1.0 / (k * k) as f32;
    let mut rows: [&[f32]; 4] = [&[]; 4];
    for (y, out) in out.chunks_exact_mut(w).enumerate() {
        for (i, row) in rows[..k].iter_mut().enumerate() {
            *row = &p.row(y * k + i)[..w * k];
        }
        let done = wasm32::block_mean_row(&rows[..k], k, norm, out);
        for (j, d) in out.iter_mut().enumerate().skip(done) {
            let column = |c: usize| rows[1..k].iter().fold(rows[0][c], |a, r| a + r[c]);
            *d = (j * k..(j + 1) * k).map(column).sum::<f32>() * norm;
        }
    }
    out
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod wasm32;

mod outline;
use outline::{best_outline, extrapolate, Outline};

/// Thin edges: for each pixel, the direction of its gradient normal in whole degrees [0, 180),
/// or [`NO_EDGE`].
struct Edges {
    w: usize,
    h: usize,
    dir: Vec<u8>,
    /// The gradient's strength at each pixel (see [`edge_map`]), edge or not.
    mag: Vec<f32>,
}

impl Edges {
    /// The share of the image's pixels that are edges weaker than `limit`.
    fn weak_share(&self, limit: f32) -> f32 {
        let weak = self.dir.iter().zip(&self.mag).filter(|&(&d, &m)| d != NO_EDGE && m < limit).count();
        weak as f32 / self.dir.len().max(1) as f32
    }

    /// The same edges without those weaker than `limit`.
    fn without_weak(&self, limit: f32) -> Edges {
        let dir = self.dir.iter().zip(&self.mag).map(|(&d, &m)| if m < limit { NO_EDGE } else { d }).collect();
        Edges { w: self.w, h: self.h, dir, mag: self.mag.clone() }
    }

    /// Whether the pixel at index `cell` (from [`band_cells`]; −1 outside the image) is an
    /// edge whose direction `near` accepts.
    #[inline]
    fn agrees(&self, cell: i32, near: &Near) -> bool {
        cell >= 0 && near.0[self.dir[cell as usize] as usize]
    }
}

/// The pixels a band along `line` covers: for each of four positions `ts` along the line and
/// each offset `offs` across it, the index y·w + x of the pixel (⌊p.x + s cos⌋, ⌊p.y + s sin⌋)
/// around `p = line.at(t)`, or −1 outside the `w`×`h` image. Four positions at a time in wasm
/// SIMD, each lane with the scalar operations.
fn band_cells<const S: usize>(line: &Line, ts: [f32; 4], offs: [f32; S], w: usize, h: usize) -> [[i32; S]; 4] {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    return wasm32::band_cells(line.rho, line.cos, line.sin, ts, offs, w, h);
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    ts.map(|t| {
        let p = line.at(t);
        offs.map(|s| {
            let (x, y) = ((p.x + s * line.cos).floor() as isize, (p.y + s * line.sin).floor() as isize);
            let inside = x >= 0 && y >= 0 && x < w as isize && y < h as isize;
            if inside {
                (y as usize * w + x as usize) as i32
            } else {
                -1
            }
        })
    })
}

/// The edge directions within `tol` degrees of `deg`, looked up by direction code ([`NO_EDGE`]
/// and the codes above 179 never agree): `angle_diff` once per direction instead of once per
/// pixel tested.
struct Near([bool; 256]);

impl Near {
    fn new(deg: f32, tol: f32) -> Near {
        let mut ok = [false; 256];
        for (d, ok) in ok.iter_mut().enumerate().take(ANGLES) {
            *ok = angle_diff(d as f32, deg) <= tol;
        }
        Near(ok)
    }
}

/// Sobel gradient of the strongest colour channel, thinned by non-maximum suppression.
fn edge_map(work: &Work, min_strength: f32) -> Edges {
    let (w, h) = (work.w, work.h);
    let mut gx = vec![0.0f32; w * h];
    let mut gy = vec![0.0f32; w * h];
    let mut mag = vec![0.0f32; w * h];
    for y in 1..h - 1 {
        let row = y * w;
        for c in &work.rgb {
            let (up, mid, down) = (&c[row - w..row], &c[row..row + w], &c[row + w..row + 2 * w]);
            #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
            let first = {
                let (gx, gy, mag) = (&mut gx[row..row + w], &mut gy[row..row + w], &mut mag[row..row + w]);
                wasm32::sobel_row(up, mid, down, gx, gy, mag)
            };
            #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
            let first = 1;
            for x in first..w - 1 {
                let sx = (up[x + 1] + 2.0 * mid[x + 1] + down[x + 1]) - (up[x - 1] + 2.0 * mid[x - 1] + down[x - 1]);
                let sy = (down[x - 1] + 2.0 * down[x] + down[x + 1]) - (up[x - 1] + 2.0 * up[x] + up[x + 1]);
                let m = sx * sx + sy * sy;
                // Keep the channel with the strongest gradient (squared, until the end).
                if m > mag[row + x] {
                    gx[row + x] = sx;
                    gy[row + x] = sy;
                    mag[row + x] = m;
                }
            }
        }
    }
    // Sobel / 8 is the central difference per pixel, smoothed across.
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    let first = wasm32::finish_gradient(&mut gx, &mut gy, &mut mag);
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    let first = 0;
    mag[first..].iter_mut().for_each(|m| *m = m.sqrt() / 8.0);
    gx[first..].iter_mut().for_each(|g| *g /= 8.0);
    gy[first..].iter_mut().for_each(|g| *g /= 8.0);
    let mut dir = vec![NO_EDGE; w * h];
    for y in 1..h - 1 {
        for x in 1..w - 1 {
            let i = y * w + x;
            let m = mag[i];
            if m < min_strength {
                continue;
            }
            let (ax, ay) = (gx[i].abs(), gy[i].abs());
            // Neighbours along the gradient, quantised to 45 degrees.
            let step: isize = if ay < 0.4142 * ax {
                1
            } else if ax < 0.4142 * ay {
                w as isize
            } else if (gx[i] > 0.0) == (gy[i] > 0.0) {
                w as isize + 1
            } else {
                w as isize - 1
            };
            let (a, b) = (mag[(i as isize - step) as usize], mag[(i as isize + step) as usize]);
            if m > a && m >= b {
                let deg = mod_180(gy[i].atan2(gx[i]).to_degrees());
                dir[i] = (round(deg) as u8) % ANGLES as u8;
            }
        }
    }
    Edges { w, h, dir, mag }
}

/// The smallest difference between two line directions, in degrees (directions modulo 180).
fn angle_diff(a: f32, b: f32) -> f32 {
    let d = mod_180(a - b);
    d.min(180.0 - d)
}

/// `x.rem_euclid(180.0)`: within ±180 that (an exact `fmod`) is x or x + 180, the same value
/// without the library call.
#[inline]
fn mod_180(x: f32) -> f32 {
    if x.abs() >= 180.0 || x.is_nan() {
        x.rem_euclid(180.0)
    } else if x < 0.0 {
        x + 180.0
    } else {
        x
    }
}

/// `v.round()` (halves away from zero) from `trunc`, which wasm has as an instruction where
/// `round` is a library call; equal for every `f32`.
#[inline]
fn round(v: f32) -> f32 {
    let t = v.trunc();
    if (v - t).abs() >= 0.5 {
        t + 1.0f32.copysign(v)
    } else {
        t
    }
}

#[cfg(test)]
mod exact {
    use super::*;

    /// Floats spread over every exponent (every 251st bit pattern) and the halves near zero.
    fn floats() -> impl Iterator<Item = f32> {
        let spread = (0..u32::MAX / 251).map(|i| f32::from_bits(i * 251));
        spread.chain((-4000..=4000).map(|i| i as f32 * 0.25))
    }

    #[test]
    fn round_and_mod_180_equal_the_library_calls() {
        for v in floats() {
            if v.is_nan() {
                // Only the payload may differ, which no cast or comparison reads.
                assert!(round(v).is_nan() && mod_180(v).is_nan());
                continue;
            }
            assert_eq!(round(v).to_bits(), v.round().to_bits(), "round({v})");
            assert_eq!(mod_180(v).to_bits(), v.rem_euclid(180.0).to_bits(), "mod_180({v})");
        }
    }

    #[test]
    fn near_agrees_with_angle_diff() {
        for deg in [0.0f32, 0.4, 3.0, 89.5, 90.0, 177.2, 179.9] {
            for tol in [6.0f32, 10.0] {
                let near = Near::new(deg, tol);
                for d in 0..256usize {
                    let want = d < ANGLES && angle_diff(d as f32, deg) <= tol;
                    assert_eq!(near.0[d], want, "{d} against {deg} ± {tol}");
                }
            }
        }
    }
}

/// A line `x cos θ + y sin θ = rho`; points on it are `rho·n + t·d` with `d = (−sin θ, cos θ)`.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Line {
    cos: f32,
    sin: f32,
    rho: f32,
}

impl Line {
    fn from_degrees(deg: f32, rho: f32) -> Line {
        let r = deg.to_radians();
        Line { cos: r.cos(), sin: r.sin(), rho }
    }

    fn through(a: Point, b: Point) -> Line {
        let len = ((b.x - a.x).powi(2) + (b.y - a.y).powi(2)).sqrt().max(1e-6);
        let (dx, dy) = ((b.x - a.x) / len, (b.y - a.y) / len);
        let (cos, sin) = (dy, -dx);
        Line { cos, sin, rho: cos * a.x + sin * a.y }
    }

    fn degrees(&self) -> f32 {
        mod_180(self.sin.atan2(self.cos).to_degrees())
    }

    fn at(&self, t: f32) -> Point {
        Point { x: self.rho * self.cos - t * self.sin, y: self.rho * self.sin + t * self.cos }
    }

    fn t_of(&self, p: Point) -> f32 {
        -p.x * self.sin + p.y * self.cos
    }

    fn distance(&self, p: Point) -> f32 {
        p.x * self.cos + p.y * self.sin - self.rho
    }

    fn scaled(&self, s: f32) -> Line {
        Line { rho: self.rho * s, ..*self }
    }

    fn intersect(&self, o: &Line) -> Option<Point> {
        let det = self.cos * o.sin - self.sin * o.cos;
        if det.abs() < 1e-4 {
            return None;
        }
        Some(Point {
            x: (self.rho * o.sin - o.rho * self.sin) / det,
            y: (self.cos * o.rho - o.cos * self.rho) / det,
        })
    }

    /// The range of `t` for which the line lies inside the `w`×`h` box at the origin.
    fn extent(&self, w: f32, h: f32) -> Option<(f32, f32)> {
        let far = 4.0 * (w + h);
        clip_segment(self.at(-far), self.at(far), w, h).map(|(a, b)| {
            let (ta, tb) = (self.t_of(a), self.t_of(b));
            (ta.min(tb), ta.max(tb))
        })
    }

    /// The total least-squares line through `pts`, or `None` when they are too few.
    fn fit(pts: &[Point]) -> Option<Line> {
        if pts.len() < 4 {
            return None;
        }
        let n = pts.len() as f32;
        let mx = pts.iter().map(|p| p.x).sum::<f32>() / n;
        let my = pts.iter().map(|p| p.y).sum::<f32>() / n;
        let (mut sxx, mut syy, mut sxy) = (0.0f32, 0.0f32, 0.0f32);
        for p in pts {
            let (dx, dy) = (p.x - mx, p.y - my);
            sxx += dx * dx;
            syy += dy * dy;
            sxy += dx * dy;
        }
        // The normal is the eigenvector of the smaller eigenvalue of the scatter matrix.
        let theta = 0.5 * (2.0 * sxy).atan2(sxx - syy) + std::f32::consts::FRAC_PI_2;
        let (cos, sin) = (theta.cos(), theta.sin());
        Some(Line { cos, sin, rho: cos * mx + sin * my })
    }

    /// The same line with its normal turned to point the same way as `other`'s.
    fn aligned_with(self, other: &Line) -> Line {
        if self.cos * other.cos + self.sin * other.sin < 0.0 {
            Line { cos: -self.cos, sin: -self.sin, rho: -self.rho }
        } else {
            self
        }
    }
}

/// Area of the part of the convex polygon `c` inside the box [0, w] × [0, h]
/// (Sutherland–Hodgman clipping against each edge of the box, then the shoelace formula).
fn visible_area(c: &[Point; 4], w: f32, h: f32) -> f32 {
    // A quadrilateral clipped by four edges has at most 8 corners.
    let mut poly = [Point::default(); 8];
    let mut len = 4;
    poly[..4].copy_from_slice(c);
    // Signed distance inside each edge of the box.
    let edges: [fn(Point, f32, f32) -> f32; 4] = [|p, _, _| p.x, |p, w, _| w - p.x, |p, _, _| p.y, |p, _, h| h - p.y];
    for dist in edges {
        let mut out = [Point::default(); 8];
        let mut n = 0;
        for i in 0..len {
            let (a, b) = (poly[i], poly[(i + 1) % len]);
            let (da, db) = (dist(a, w, h), dist(b, w, h));
            if da >= 0.0 && n < 8 {
                out[n] = a;
                n += 1;
            }
            if (da >= 0.0) != (db >= 0.0) && n < 8 {
                let t = da / (da - db);
                out[n] = Point { x: a.x + t * (b.x - a.x), y: a.y + t * (b.y - a.y) };
                n += 1;
            }
        }
        if n == 0 {
            return 0.0;
        }
        poly = out;
        len = n;
    }
    (0..len).map(|i| poly[i].x * poly[(i + 1) % len].y - poly[(i + 1) % len].x * poly[i].y).sum::<f32>().abs() / 2.0
}

/// Liang–Barsky clipping of the segment a–b to the box [0, w] × [0, h].
fn clip_segment(a: Point, b: Point, w: f32, h: f32) -> Option<(Point, Point)> {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let (mut t0, mut t1) = (0.0f32, 1.0f32);
    for (p, q) in [(-dx, a.x), (dx, w - a.x), (-dy, a.y), (dy, h - a.y)] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let r = q / p;
            if p < 0.0 {
                t0 = t0.max(r);
            } else {
                t1 = t1.min(r);
            }
        }
    }
    (t0 < t1).then(|| {
        let at = |t: f32| Point { x: a.x + t * dx, y: a.y + t * dy };
        (at(t0), at(t1))
    })
}

/// A detected line with a running count of supporting edge pixels along it: the sample at
/// `t = t0 + i + 0.5` is supported when an edge pixel agreeing with the line lies within one
/// pixel of it, and `prefix[i]` counts the supported samples before it.
struct SupportedLine {
    line: Line,
    deg: f32,
    t0: f32,
    prefix: Vec<u32>,
}

impl SupportedLine {
    fn new(line: Line, edges: &Edges) -> Option<SupportedLine> {
        let (ta, tb) = line.extent(edges.w as f32, edges.h as f32)?;
        let deg = line.degrees();
        let near = Near::new(deg, SUPPORT_TOLERANCE);
        let n = (tb - ta).floor().max(0.0) as usize;
        let mut prefix = Vec::with_capacity(n + 1);
        prefix.push(0u32);
        let mut count = 0;
        for i in (0..n).step_by(4) {
            let ts = [0, 1, 2, 3].map(|j| ta + (i + j) as f32 + 0.5);
            for cells in band_cells(&line, ts, [-1.0, 0.0, 1.0], edges.w, edges.h).iter().take(n - i) {
                count += cells.iter().any(|&c| edges.agrees(c, &near)) as u32;
                prefix.push(count);
            }
        }
        Some(SupportedLine { line, deg, t0: ta, prefix })
    }

    /// Supported and visible lengths of the stretch between points `a` and `b` of the line.
    fn support(&self, a: Point, b: Point) -> (f32, f32) {
        let n = self.prefix.len() - 1;
        let idx = |p: Point| ((self.line.t_of(p) - self.t0).floor().max(0.0) as usize).min(n);
        let (i, j) = (idx(a), idx(b));
        let (i, j) = (i.min(j), i.max(j));
        ((self.prefix[j] - self.prefix[i]) as f32, (j - i) as f32)
    }

    /// [`SupportedLine::support`] of the stretch between corners `a` and `b`, leaving out
    /// `CORNER_STRETCH.0` of it at each end, where a card's corners are rounded.
    fn support_between(&self, a: Point, b: Point) -> (f32, f32) {
        let at = |f: f32| Point { x: a.x + f * (b.x - a.x), y: a.y + f * (b.y - a.y) };
        self.support(at(CORNER_STRETCH.0), at(1.0 - CORNER_STRETCH.0))
    }

    /// The share of the stretch between corners `a` and `b` that is supported (see
    /// [`SupportedLine::support_between`]).
    fn seen_between(&self, a: Point, b: Point) -> f32 {
        let (s, v) = self.support_between(a, b);
        s / v.max(1.0)
    }
}

/// Straight lines by a Hough transform over the edge pixels, each re-fitted to its pixels.
fn find_lines(edges: &Edges) -> Vec<SupportedLine> {
    let (w, h) = (edges.w, edges.h);
    let diag = ((w * w + h * h) as f32).sqrt().ceil() as usize + 1;
    let rhos = 2 * diag + 1;
    // 1. Each edge pixel votes for the lines through it near its own direction.
    let acc = votes(edges, diag, rhos);
    // 2. Local maxima with enough votes, strongest first.
    let min_votes = ((w.min(h) as f32 * 0.06) as u16).max(8);
    let mut peaks: Vec<(u16, usize, usize)> = Vec::new();
    for a in 0..ANGLES {
        let row = &acc[a * rhos + 2..(a + 1) * rhos - 2];
        each_at_least(row, min_votes, |i| {
            if is_peak(&acc, rhos, a, i + 2) {
                peaks.push((row[i], a, i + 2));
            }
        });
    }
    peaks.sort_unstable_by(|p, q| q.0.cmp(&p.0));
    // 3. Drop near-duplicates, re-fit each line to its edge pixels and measure its support.
    let mut kept: Vec<SupportedLine> = Vec::new();
    for &(_, a, r) in &peaks {
        if kept.len() >= MAX_LINES {
            break;
        }
        let coarse = Line::from_degrees(a as f32, r as f32 - diag as f32);
        let crowded = |l: &Line| {
            let deg = l.degrees();
            kept.iter().any(|k| same_line((&k.line, k.deg), (l, deg), w as f32, h as f32))
                || kept.iter().filter(|k| angle_diff(k.deg, deg) <= SAME_DIRECTION).count() >= MAX_PARALLEL
        };
        if crowded(&coarse) {
            continue;
        }
        let line = refit(coarse, edges).unwrap_or(coarse);
        if crowded(&line) {
            continue;
        }
        if let Some(s) = SupportedLine::new(line, edges) {
            kept.push(s);
        }
    }
    kept
}

/// The Hough accumulator: `acc[a · rhos + r]` counts the edge pixels that vote for the line at
/// `a` degrees and `r − diag` pixels from the origin.
fn votes(edges: &Edges, diag: usize, rhos: usize) -> Vec<u16> {
    let (w, h) = (edges.w, edges.h);
    let table: Vec<(f32, f32)> = (0..ANGLES).map(|a| ((a as f32).to_radians().cos(), (a as f32).to_radians().sin())).collect();
    let mut acc = vec![0u16; ANGLES * rhos];
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    {
        let lanes = wasm32::VoteLanes::new(&table, voting_angles, diag, rhos);
        for (y, row) in edges.dir.chunks_exact(w).enumerate().take(h) {
            wasm32::each_not(row, NO_EDGE, |x| lanes.cast(x, y, row[x], &mut acc));
        }
    }
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    for y in 0..h {
        for x in 0..w {
            let d = edges.dir[y * w + x];
            if d == NO_EDGE {
                continue;
            }
            let (px, py) = (x as f32 + 0.5, y as f32 + 0.5);
            for a in voting_angles(d as usize) {
                let (c, s) = table[a];
                let r = round(px * c + py * s) as isize + diag as isize;
                let cell = &mut acc[a * rhos + r as usize];
                *cell = cell.saturating_add(1);
            }
        }
    }
    acc
}

/// The angles an edge pixel of direction code `d` votes for: within [`VOTE_SPREAD`] of it.
fn voting_angles(d: usize) -> [usize; VOTES] {
    std::array::from_fn(|k| (d as i32 + k as i32 - VOTE_SPREAD).rem_euclid(ANGLES as i32) as usize)
}

/// Calls `f(i)` for each `i` with `counts[i] >= min`, in order.
fn each_at_least(counts: &[u16], min: u16, f: impl FnMut(usize)) {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    wasm32::each_at_least(counts, min, f);
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    (0..counts.len()).filter(|&i| counts[i] >= min).for_each(f);
}

fn is_peak(acc: &[u16], rhos: usize, a: usize, r: usize) -> bool {
    let v = acc[a * rhos + r];
    for da in -2i32..=2 {
        let aa = (a as i32 + da).rem_euclid(ANGLES as i32) as usize;
        for rr in r - 2..=r + 2 {
            let u = acc[aa * rhos + rr];
            // Ties go to the first cell, so that a plateau gives one peak.
            if u > v || (u == v && (aa * rhos + rr) < (a * rhos + r)) {
                return false;
            }
        }
    }
    true
}

/// Whether two lines, each given with its [`Line::degrees`], are within 3 degrees and 4 pixels
/// of each other across the image.
fn same_line((p, p_deg): (&Line, f32), (q, q_deg): (&Line, f32), w: f32, h: f32) -> bool {
    if angle_diff(p_deg, q_deg) > 3.0 {
        return false;
    }
    let q = q.aligned_with(p);
    let centre = Point { x: w / 2.0, y: h / 2.0 };
    let along = p.t_of(centre);
    [-0.5f32, 0.0, 0.5].iter().all(|f| q.distance(p.at(along + f * (w + h) / 2.0)).abs() <= 4.0)
}

/// The least-squares line through the edge pixels within two pixels of `line` that agree with it.
fn refit(line: Line, edges: &Edges) -> Option<Line> {
    let (ta, tb) = line.extent(edges.w as f32, edges.h as f32)?;
    let near = Near::new(line.degrees(), SUPPORT_TOLERANCE * 0.6);
    let mut pts = Vec::new();
    let mut last = -1;
    // Positions t = ta + 0.5, then one pixel further each (added one at a time), while t < tb.
    let mut t = ta + 0.5;
    while t < tb {
        let ts = [t, t + 1.0, t + 1.0 + 1.0, t + 1.0 + 1.0 + 1.0];
        let offs = [-2.0, -1.0, 0.0, 1.0, 2.0];
        for (&t, cells) in ts.iter().zip(&band_cells(&line, ts, offs, edges.w, edges.h)) {
            if t >= tb {
                break;
            }
            for &c in cells {
                if c != last && edges.agrees(c, &near) {
                    let (x, y) = (c as usize % edges.w, c as usize / edges.w);
                    pts.push(Point { x: x as f32 + 0.5, y: y as f32 + 0.5 });
                    last = c;
                }
            }
        }
        t = ts[3] + 1.0;
    }
    Line::fit(&pts).map(|l| l.aligned_with(&line))
}

/// Re-measures each seen side on the analysis image, to sub-pixel precision, and re-derives an
/// extrapolated side from the refined ones.
fn refine(small: &Small, o: &Outline, k: f32, min_strength: f32) -> Outline {
    let mut out = *o;
    for i in 0..4 {
        out.sides[i] = o.sides[i].scaled(k);
    }
    let corners = out.corners();
    for i in 0..4 {
        if o.observed[i] {
            let (a, b) = (corners[i], corners[(i + 1) % 4]);
            if let Some(l) = refine_side(small, &out.sides[i], a, b, k, min_strength) {
                out.sides[i] = l;
            }
        }
    }
    if !o.observed[2] {
        if let Some(far) = extrapolate(&out.sides[0], &out.sides[1], &out.sides[3], out.ratio) {
            out.sides[2] = far;
        }
    }
    out
}

/// The side re-fitted to the strongest colour step across it, searched within `1.5 k + 1`
/// analysis pixels of the coarse line at up to 64 places along its visible stretch.
fn refine_side(small: &Small, line: &Line, a: Point, b: Point, k: f32, min_strength: f32) -> Option<Line> {
    let (w, h) = (small.width() as f32, small.height() as f32);
    let (a, b) = clip_segment(a, b, w - 1.0, h - 1.0)?;
    let (ta, tb) = (line.t_of(a), line.t_of(b));
    let (ta, tb) = (ta.min(tb), ta.max(tb));
    // Keep clear of the rounded corners and of the crossing sides.
    let trim = 0.08 * (tb - ta);
    let (ta, tb) = (ta + trim, tb - trim);
    let samples = ((tb - ta) / 2.0).clamp(0.0, 64.0) as usize;
    if samples < 6 {
        return None;
    }
    let reach = 1.5 * k + 1.0;
    let steps = (2.0 * reach / 0.5) as usize;
    let mut pts = Vec::with_capacity(samples);
    let mut strengths = Vec::with_capacity(samples);
    let (mut colours, mut g) = (Vec::with_capacity(steps + 3), Vec::with_capacity(steps + 1));
    for j in 0..samples {
        let t = ta + (j as f32 + 0.5) * (tb - ta) / samples as f32;
        let p = line.at(t);
        let at = |s: f32| Point { x: p.x + s * line.cos, y: p.y + s * line.sin };
        // Step across the line in half pixels; the gradient at s is the colour change from
        // s − 0.5 to s + 0.5. With k whole, every s ± 0.5 is a multiple of 0.5 held exactly,
        // so the colour at −reach − 0.5 + i/2 serves steps i and i − 2.
        colours.clear();
        colours.extend((0..steps + 3).map(|i| small.rgb_bilinear(at(-reach - 0.5 + i as f32 * 0.5))));
        g.clear();
        let mut best = (0.0f32, 0usize);
        for i in 0..=steps {
            let (u, v) = (colours[i], colours[i + 2]);
            let v = (0..3).map(|c| (v[c] - u[c]).powi(2)).sum::<f32>().sqrt();
            g.push(v);
            if v > best.0 {
                best = (v, i);
            }
        }
        if best.0 < 0.5 * min_strength || best.1 == 0 || best.1 == steps {
            continue;
        }
        let (l, c, r) = (g[best.1 - 1], g[best.1], g[best.1 + 1]);
        let denom = l - 2.0 * c + r;
        let off = if denom < 0.0 { 0.5 * (l - r) / denom } else { 0.0 };
        pts.push(at(-reach + (best.1 as f32 + off) * 0.5));
        strengths.push(best.0);
    }
    // Where a side runs out of the frame the search finds only the margin's noise or its print:
    // leave out the steps much weaker than the side's median one (see [`WEAK_STEP`]).
    if !strengths.is_empty() {
        let mut sorted = strengths.clone();
        let mid = sorted.len() / 2;
        let median = *sorted.select_nth_unstable_by(mid, f32::total_cmp).1;
        let mut strong = strengths.iter().map(|&s| s >= WEAK_STEP * median);
        pts.retain(|_| strong.next().unwrap_or(false));
    }
    // Fit, then drop the points more than a pixel (or twice the median residual) off, and fit again.
    let mut fitted = Line::fit(&pts)?.aligned_with(line);
    for _ in 0..2 {
        let mut res: Vec<f32> = pts.iter().map(|p| fitted.distance(*p).abs()).collect();
        let mut sorted = res.clone();
        let mid = sorted.len() / 2;
        let median = *sorted.select_nth_unstable_by(mid, f32::total_cmp).1;
        let limit = (2.0 * median).max(0.5).min(1.0 + k);
        let mut keep = res.drain(..).map(|r| r <= limit);
        pts.retain(|_| keep.next().unwrap_or(false));
        fitted = Line::fit(&pts)?.aligned_with(line);
    }
    (pts.len() >= samples / 3).then_some(fitted)
}

/// Orders corners clockwise as the photo is seen, starting with the one nearest the top left.
pub fn order_corners(mut c: [Point; 4]) -> Quad {
    let twice_area: f32 = (0..4).map(|i| c[i].x * c[(i + 1) % 4].y - c[(i + 1) % 4].x * c[i].y).sum();
    if twice_area < 0.0 {
        c.reverse();
    }
    let first = (0..4).min_by(|&i, &j| (c[i].x + c[i].y).total_cmp(&(c[j].x + c[j].y))).unwrap_or(0);
    c.rotate_left(first);
    Quad { corners: c }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::{card_corners, render, CardScene, Desk, CardRng};

    /// The located quadrilateral of a generated scene, in image pixels.
    fn locate(s: &CardScene) -> Option<Quad> {
        let pixels = render(s);
        find_document(&Frame::new(&pixels), &LocateOptions::default())
    }

    /// The largest distance between a found corner and the true one, in image pixels.
    fn corner_error(found: &Quad, truth: &[Point; 4]) -> f32 {
        (0..4).map(|i| ((found.corners[i].x - truth[i].x).powi(2) + (found.corners[i].y - truth[i].y).powi(2)).sqrt()).fold(0.0, f32::max)
    }

    fn assert_located(s: &CardScene, tolerance: f32) -> f32 {
        let q = locate(s).unwrap_or_else(|| panic!("no document found in {s:?}"));
        let e = corner_error(&q, &s.corners);
        assert!(e <= tolerance, "corner error {e:.2} px > {tolerance}: found {:?}, truth {:?}", q.corners, s.corners);
        e
    }

    #[test]
    fn centred_card_on_dark_desk() {
        assert_located(&CardScene::new(640, 480, 0.6), 1.5);
    }

    #[test]
    fn rotated_card_in_perspective_on_grey_desk() {
        let mut s = CardScene::new(800, 600, 0.6);
        s.corners = order_corners(card_corners(420.0, 290.0, 460.0, 290.0, 17.0, 0.15)).corners;
        s.desk = Desk::Grey;
        s.light = 0.4;
        assert_located(&s, 2.0);
    }

    #[test]
    fn wood_and_busy_desks() {
        for (desk, seed) in [(Desk::Wood, 3), (Desk::Busy, 4), (Desk::Busy, 5)] {
            let mut s = CardScene::new(800, 600, 0.55);
            s.corners = order_corners(card_corners(390.0, 310.0, 440.0, 277.0, -8.0, 0.1)).corners;
            s.desk = desk;
            s.seed = seed;
            s.card = [225, 205, 170];
            assert_located(&s, 2.0);
        }
    }

    #[test]
    fn white_card_on_light_desk() {
        let mut s = CardScene::new(640, 480, 0.6);
        s.desk = Desk::Light;
        s.card = [238, 238, 236];
        assert_located(&s, 2.0);
    }

    /// A 160×120 working image of grey grain (stripes 8 px wide, 10 levels apart: weak edges)
    /// with a printed card (a light block, a chequered pattern inside) at x 40..90 and rows
    /// `rows`, with a dark band across it (as an MRZ's print) at rows `band`.
    fn card_on_grain(rows: std::ops::Range<usize>, band: std::ops::Range<usize>) -> Work {
        let (w, h) = (160, 120);
        let print_end = if band.is_empty() { rows.end } else { band.start };
        let colour = |x: usize, y: usize| match (x, y) {
            (40..90, _) if band.contains(&y) => 60.0,
            (48..80, _) if rows.start + 6 <= y && y + 6 < print_end && (x / 3 + y / 3) % 2 == 0 => 60.0,
            (40..90, _) if rows.contains(&y) => 215.0,
            _ => 120.0 + 10.0 * ((x / 8) % 2) as f32,
        };
        Work { w, h, k: 1, rgb: [0, 1, 2].map(|_| (0..w * h).map(|i| colour(i % w, i / w)).collect()) }
    }

    /// The outline of sides x = 40, x = 90, y = `near` (seen) and y = `far` (extrapolated).
    fn cut_outline(near: f32, far: f32) -> Outline {
        let across = |y: f32| Line::through(Point { x: 0.0, y }, Point { x: 1.0, y });
        let down = |x: f32| Line::through(Point { x, y: 0.0 }, Point { x, y: 1.0 });
        Outline { sides: [across(near), down(90.0), across(far), down(40.0)], observed: [true, true, false, true], ratio: 0.0, score: 1.0, seen: 1.0 }
    }

    #[test]
    fn on_grain_the_strong_edges_outline_the_card_the_grain_ran_off_from() {
        let opts = LocateOptions::default();
        let limit = TEXTURE_STEP * opts.min_edge_strength;
        let work = card_on_grain(10..42, 0..0);
        let edges = edge_map(&work, opts.min_edge_strength);
        assert!(edges.weak_share(limit) > TEXTURE_SHARE, "{}", edges.weak_share(limit));
        let strong = edges.without_weak(limit);
        // The grain's edges are gone, the card's remain.
        assert!((0..160).filter(|x| !(38..93).contains(x)).all(|x| strong.dir[100 * 160 + x] == NO_EDGE));
        assert!((41..89).any(|x| strong.dir[42 * 160 + x] != NO_EDGE || strong.dir[41 * 160 + x] != NO_EDGE));
        // The card's lower edge and two grain lines running on to the frame's edge: found again.
        let grain = cut_outline(42.0, 200.0);
        assert!(grain.support_on(&strong) < opts.min_support, "{}", grain.support_on(&strong));
        let card = on_strong_edges(&edges, &work, &opts, Some(&grain)).expect("the card").corners();
        for p in [[40.0, 10.0], [90.0, 10.0], [90.0, 42.0], [40.0, 42.0]].map(|[x, y]| Point { x, y }) {
            assert!(card.iter().any(|q| (q.x - p.x).hypot(q.y - p.y) < 2.0), "{p:?} not among {card:?}");
        }
    }

    #[test]
    fn on_grain_a_card_cut_by_the_frame_keeps_its_outline() {
        let opts = LocateOptions::default();
        // The card runs off the frame's lower edge, its print's dark band in view: its outline
        // lies on strong edges, and so does the card above the band, wholly in view.
        let work = card_on_grain(60..140, 96..108);
        let edges = edge_map(&work, opts.min_edge_strength);
        let cut = cut_outline(60.0, 130.0);
        assert!(cut.support_on(&edges.without_weak(TEXTURE_STEP * opts.min_edge_strength)) >= opts.min_support);
        assert!(on_strong_edges(&edges, &work, &opts, Some(&cut)).is_none());
    }

    #[test]
    fn small_and_large_cards() {
        assert_located(&CardScene::new(800, 600, 0.22).shifted(-150.0, 80.0), 1.5);
        let big = CardScene::new(800, 600, 0.92);
        assert_located(&big, 2.0);
    }

    #[test]
    fn high_resolution_photo_is_located_in_original_pixels() {
        let mut s = CardScene::new(2400, 1600, 0.5);
        s.corners = order_corners(card_corners(1160.0, 840.0, 1200.0, 757.0, 6.0, 0.08)).corners;
        s.desk = Desk::Wood;
        s.noise = 4.0;
        // The analysis image is at a third of this scale: a few original pixels of error.
        assert_located(&s, 4.0);
    }

    #[test]
    fn corner_outside_the_frame_is_extrapolated() {
        // Turned 12 degrees anticlockwise and pushed up: only the top-right corner is out.
        let mut s = CardScene::new(640, 480, 0.6);
        s.corners = order_corners(card_corners(400.0, 150.0, 384.0, 242.0, -12.0, 0.0)).corners;
        assert_eq!(s.corners.iter().filter(|p| p.y < 0.0).count(), 1);
        let q = locate(&s).expect("document");
        assert!(q.corners[1].y < 0.0, "top-right {:?}", q.corners[1]);
        assert!(corner_error(&q, &s.corners) < 1.5, "{:?} vs {:?}", q.corners, s.corners);
    }

    #[test]
    fn side_beyond_the_frame_is_extrapolated_from_the_aspect_ratio() {
        // The card's right third is outside: its right side is not seen at all.
        let s = CardScene::new(640, 480, 0.6).shifted(250.0, 0.0);
        let q = locate(&s).expect("document");
        assert!(q.corners[1].x > 640.0 && q.corners[2].x > 640.0, "{:?}", q.corners);
        assert!(q.corners[0].x < 640.0 && q.corners[3].x < 640.0, "{:?}", q.corners);
        // The left side is measured; the right is placed by the aspect ratio.
        assert!(corner_error(&Quad { corners: [q.corners[0], q.corners[0], q.corners[0], q.corners[3]] }, &[s.corners[0], s.corners[0], s.corners[0], s.corners[3]]) < 2.0);
    }

    #[test]
    fn empty_desks_have_no_document() {
        for desk in [Desk::Dark, Desk::Wood, Desk::Grey] {
            let mut s = CardScene::new(640, 480, 0.5).shifted(5000.0, 0.0);
            s.desk = desk;
            assert_eq!(locate(&s), None, "{desk:?}");
        }
    }

    #[test]
    fn corners_are_ordered_clockwise_from_top_left() {
        let p = |x, y| Point { x, y };
        let q = order_corners([p(10.0, 90.0), p(90.0, 90.0), p(90.0, 10.0), p(10.0, 10.0)]);
        assert_eq!(q.corners, [p(10.0, 10.0), p(90.0, 10.0), p(90.0, 90.0), p(10.0, 90.0)]);
    }

    /// Scene `i` of a seeded spread: sizes, desks, aspect ratios, angles, tilts, lights, noise.
    pub(super) fn random_scene(i: usize) -> CardScene {
        let mut rng = CardRng(2024 + i as u64 * 7919);
        let desks = [Desk::Dark, Desk::Grey, Desk::Light, Desk::Wood, Desk::Busy];
        let (w, h) = if i % 2 == 0 { (960, 720) } else { (720, 960) };
        let frac = rng.range(0.3, 0.85);
        let aspect = if i % 3 == 0 { PASSPORT_ASPECT } else { ID1_ASPECT };
        let cw = frac * w.min(h) as f32 * if w > h { 1.3 } else { 1.0 };
        let ch = cw / aspect;
        let (cx, cy) = (w as f32 * rng.range(0.4, 0.6), h as f32 * rng.range(0.4, 0.6));
        let corners = order_corners(card_corners(cx, cy, cw, ch, rng.range(-25.0, 25.0), rng.range(0.0, 0.2))).corners;
        let card = [rng.range(120.0, 250.0) as u8, rng.range(120.0, 250.0) as u8, rng.range(120.0, 250.0) as u8];
        let desk = desks[i % desks.len()];
        CardScene { width: w, height: h, corners, desk, card, light: rng.range(0.0, 0.5), noise: rng.range(1.0, 6.0), seed: i as u64 }
    }

    /// Accuracy over a seeded spread of scenes; prints its table with `--nocapture`.
    #[test]
    fn accuracy_on_random_scenes() {
        let count: usize = std::env::var("LOCATE_SCENES").ok().and_then(|v| v.parse().ok()).unwrap_or(10);
        let mut errors = Vec::new();
        let mut missed = Vec::new();
        for i in 0..count {
            let s = random_scene(i);
            match locate(&s) {
                Some(q) => errors.push((corner_error(&q, &s.corners), i, s.desk)),
                None => missed.push(i),
            }
        }
        errors.sort_by(|a, b| a.0.total_cmp(&b.0));
        let n = errors.len();
        println!("located {n} of {count} (missed {missed:?}); corner error px: median {:.2}, 90th {:.2}, max {:.2}", errors[n / 2].0, errors[n * 9 / 10].0, errors[n - 1].0);
        println!("worst: {:?}", &errors[n.saturating_sub(4)..]);
        assert!(missed.is_empty());
        assert!(errors[n / 2].0 < 0.5, "median corner error {}", errors[n / 2].0);
        let close = errors.iter().filter(|e| e.0 < 2.0).count();
        assert!(close as f32 >= 0.85 * count as f32, "{close} of {count} within 2 px");
    }
}

#[cfg(test)]
mod stages {
    use super::*;
    use crate::testutil::{render, CardScene, Desk};

    /// CPU time of this thread in seconds (user + system), from /proc: wall-clock time on a busy
    /// shared machine says more about the neighbours than about this code.
    fn cpu_seconds() -> f64 {
        let stat = std::fs::read_to_string("/proc/thread-self/stat").unwrap_or_default();
        let fields: Vec<&str> = stat.rsplit(')').next().unwrap_or("").split_whitespace().collect();
        let ticks: f64 = fields.get(11).and_then(|u| u.parse().ok()).unwrap_or(0.0) + fields.get(12).and_then(|s| s.parse().ok()).unwrap_or(0.0);
        ticks / 100.0
    }

    /// CPU time per stage of the search on the analysis image of a 12 MP photo (1008×756):
    /// `cargo test --release --lib locate::stages -- --ignored --nocapture --test-threads 1`.
    #[test]
    #[ignore]
    fn stage_times() {
        for desk in [Desk::Dark, Desk::Wood, Desk::Busy] {
            let s = CardScene { desk, seed: 11, ..CardScene::new(1008, 756, 0.6) };
            let px = render(&s);
            let small = Frame::new(&px).small;
            let opts = LocateOptions::default();
            let runs = 200;
            let c0 = cpu_seconds();
            let mut x = 0.0f32;
            for i in 0..50_000_000u32 {
                x = x * 0.999_999 + i as f32;
            }
            println!("calibration: 50M dependent multiply-adds in {:.1} ms CPU ({x})", (cpu_seconds() - c0) * 1000.0);
            let mut t = [0f64; 5];
            let mut clock = cpu_seconds();
            let mut lap = |i: usize| {
                let now = cpu_seconds();
                t[i] += now - clock;
                clock = now;
            };
            for _ in 0..runs {
                let work = Work::reduce(&small, opts.work_long_side as usize);
                lap(0);
                let edges = edge_map(&work, opts.min_edge_strength);
                lap(1);
                let lines = find_lines(&edges);
                lap(2);
                let o = best_outline(&lines, &edges, &work, &opts);
                lap(3);
                let o = o.expect("the card is found");
                let _ = refine(&small, &o, work.k as f32, opts.min_edge_strength);
                lap(4);
            }
            let ms = t.map(|x| (x * 1000.0 / runs as f64 * 100.0).round() / 100.0);
            println!("{desk:?}: CPU ms per search: reduce {} edges {} lines {} outline {} refine {} total {:.2}", ms[0], ms[1], ms[2], ms[3], ms[4], ms.iter().sum::<f64>());
        }
    }
}
