//! `glare`: fails a photo where a specular highlight hides part of the document.

use crate::finding::{Finding, Region, Verdict};
use crate::frame::{Frame, Small};
use crate::geometry::{Quad, Rect};
use crate::histogram::merged;
use serde::Deserialize;

/// Thresholds of the glare check.
///
/// The score is the share of the document's area, in percent, covered by its highlights together
/// (three blots of 0.5 % hide as much print as one of 1.5 %); specular dots under 0.1 % each are
/// not added.
/// A highlight is a connected patch that is clipped (every channel near 255), colourless, and
/// brighter than both the document as a whole and the area around it.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct GlareOptions {
    /// Fail when the score is at or above this. Unit: % of the document's area. Default: 1.0,
    /// a blot about 7.5 mm across on an ID-1 card (85.6 × 54 mm), enough to hide three or four
    /// characters of 2.5 mm text. Chosen from that geometry and checked on the unit-test
    /// scenes; to be re-tuned on the labelled corpus.
    pub max_share: f32,
    /// Warn when the score is at or above this but below `max_share`. Unit: % of the document's
    /// area. Default: 0.25, a blot about 3.5 mm across, which can hide one character. The
    /// specular dots of a glossy card on the unit-test scenes cover under 0.1 % each.
    pub warn_share: f32,
}

impl Default for GlareOptions {
    fn default() -> Self {
        GlareOptions { max_share: 1.0, warn_share: 0.25 }
    }
}

/// An analysis pixel is clipped when its darkest channel (a block mean, 0..255) is at least this.
const CLIP: f32 = 240.0;
/// ...and colourless when its channels differ by at most this.
const MAX_CHROMA: f32 = 24.0;
/// A highlight's mean luma exceeds the document's median luma and the median luma around it by
/// at least this much (0..255). A white design that the exposure clipped is not brighter than
/// the document it makes up.
const MIN_LIFT: f32 = 15.0;
/// No clipped pixel has a luma at or below this (its channels are all at least [`CLIP`], and
/// luma weighs them by 0.299 + 0.587 + 0.114 = 1, give or take a rounding), so the channels of
/// darker pixels are not read.
const MIN_CLIPPED_LUMA: f32 = CLIP - 1.0;
/// With no document located, the central share of the frame (along each axis) is searched.
const CENTRAL: f32 = 0.8;
/// Highlights after the largest add to the score only from this share of the document, in %:
/// the specular dots of a glossy card (under 0.1 % each, `GLARE_FINE_MAX` of the corpus) do not.
const MIN_ADDED_SHARE: f32 = 0.1;
/// A highlight erases what lies under it, print included; where the exposure clips a white
/// card's bright ground, the print stays dark and leaves holes in the clipped patch. A patch
/// whose filled shape (see [`hole_share`]) is more than this share unclipped is paper, not
/// glare. On the corpus (every patch listed by a temporary print, `kyc-eval --n 100 --res
/// 0 --documents-only --classes glare --seed 4|5|6`), the largest highlight of the clearly bad
/// glare samples had a share of at most 0.19 (afc070d9d8157524 of seed 4, a third of a white
/// card), 0.09 and 0.14, nearly all under 0.02: the generator's highlights clip everything. The
/// clipped grounds of the white cards clean:a53e1fc1eb80a226 and clean:a743669fcc333dbb (seed 4),
/// which failed glare, have 0.37 and 0.78: noise speckles the clip where uneven light takes a
/// white ground just past it.
const MAX_HOLES: f32 = 0.25;
/// At most this many bright patches, largest first, are tested against their surroundings.
const MAX_CANDIDATES: usize = 32;

// States of the analysis pixels while searching: an unclipped pixel inside the region holds its
// luma's histogram bin (0..=255), so that the median of its surroundings counts codes directly.
const OUTSIDE: u16 = 256;
const BRIGHT: u16 = 257;
const SEEN: u16 = 258;

/// The highlights on the document.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Highlight {
    /// Share of the document's area they cover together, in percent.
    pub share: f32,
    /// The bounding box of the largest one, in original image pixels.
    pub bounds: Rect,
}

/// Checks whether a highlight covers part of the document (or of the centre of the frame).
///
/// 1. Mark the analysis pixels inside the document that are clipped and colourless.
/// 2. Group them into 8-connected patches.
/// 3. Of the largest patches, keep those brighter than the document's median and than the
///    median of the unclipped pixels around them (a margin of half their size).
/// 4. The score is their share of the document's area, together; the region is the largest's box.
pub fn check(frame: &Frame, doc: Option<&Quad>, opts: &GlareOptions) -> Finding {
    let region = doc.copied().unwrap_or_else(|| Quad::central(frame.width, frame.height, CENTRAL));
    let highlight = largest_highlight(&frame.small, &region);
    let score = highlight.map_or(0.0, |h| h.share);
    let (verdict, key) = if score >= opts.max_share {
        (Verdict::Fail, "glare.fail")
    } else if score >= opts.warn_share {
        (Verdict::Warn, "glare.warn")
    } else {
        (Verdict::Pass, "glare.pass")
    };
    let finding = Finding::new("glare", verdict, score, opts.max_share, key);
    match highlight {
        Some(h) => finding.with_region(Region::Box(h.bounds.clamped(frame.width, frame.height))),
        None => finding,
    }
}

/// A connected patch of clipped analysis pixels, with its inclusive bounds.
#[derive(Debug, Clone, Copy)]
struct Patch {
    area: u32,
    luma_sum: f32,
    x0: usize,
    y0: usize,
    x1: usize,
    y1: usize,
}

/// The codes of the analysis pixels in the bounding box of the searched region (see the states
/// above), with a border one pixel wide around it; the pixels outside the box would all be
/// `OUTSIDE`, so they are not kept, and the border (`OUTSIDE` too) lets a patch's neighbours be
/// read without testing the box's edges.
struct Codes {
    /// The box's first column and row in the analysis image (position (1, 1) here).
    x0: usize,
    y0: usize,
    /// Columns and rows, the border's included.
    width: usize,
    height: usize,
    data: Vec<u16>,
}

impl Codes {
    /// The box around the rows `spans` (row, columns) of the analysis image, all `OUTSIDE`.
    fn around(spans: &[(usize, std::ops::Range<usize>)]) -> Codes {
        let x0 = spans.iter().map(|(_, xs)| xs.start).min().unwrap_or(0);
        let x1 = spans.iter().map(|(_, xs)| xs.end).max().unwrap_or(0);
        let (y0, y1) = (spans.first().map_or(0, |s| s.0), spans.last().map_or(0, |s| s.0 + 1));
        let (width, height) = (x1 - x0 + 2, y1 - y0 + 2);
        Codes { x0, y0, width, height, data: vec![OUTSIDE; width * height] }
    }

    /// Where the code of analysis pixel (x, y), inside the box, is kept.
    fn at(&self, x: usize, y: usize) -> usize {
        (y + 1 - self.y0) * self.width + x + 1 - self.x0
    }
}

/// The highlights inside `region` (original pixels), if any.
pub fn largest_highlight(small: &Small, region: &Quad) -> Option<Highlight> {
    let w = small.width();
    let mut spans = Vec::new();
    small.visit_rows(Some(region), |y, xs| spans.push((y, xs)));
    let inside = spans.iter().map(|(_, xs)| xs.len() as u32).sum::<u32>();
    if inside == 0 {
        return None;
    }
    let mut codes = Codes::around(&spans);
    // The clipped pixels in scan order (positions in the box): the patches are grown from them.
    let mut bright = Vec::new();
    // Two histograms, for alternate pixels: neighbours, often of one luma, do not wait on each
    // other's count.
    let mut hists = [[0u32; 256]; 2];
    for (y, xs) in spans {
        let at = codes.at(xs.start, y);
        let row = at..at + xs.len();
        code_row(small, y * w + xs.start, at, &mut codes.data[row], &mut bright, &mut hists);
    }
    let document_median = median_of(&merged::<256>(&hists[0], &hists[1]))?;
    let patches = patches(&mut codes, &bright, small);
    // Specular dots do not add up: each hides less than a character.
    let dot = (MIN_ADDED_SHARE / 100.0 * inside as f32).max(1.0) as u32;
    let is_lifted = |p: &Patch| {
        let mean = p.luma_sum / p.area as f32;
        mean - document_median >= MIN_LIFT && lifted_over_surroundings(&codes, p, mean) && hole_share(&codes, p) <= MAX_HOLES
    };
    // The largest lifted patch, then the lifted ones after it that are not dots (the
    // candidates are in decreasing area, so the rest are dots once one is). Only the patches that can
    // count are tested against their surroundings.
    let mut candidates = largest_first(&patches, MAX_CANDIDATES).into_iter().map(|i| &patches[i]);
    let largest = candidates.find(|p| is_lifted(p))?;
    let area = largest.area + candidates.take_while(|p| p.area >= dot).filter(|p| is_lifted(p)).map(|p| p.area).sum::<u32>();
    let s = small.scale as f32;
    let bounds = Rect {
        x: (codes.x0 + largest.x0 - 1) as f32 * s,
        y: (codes.y0 + largest.y0 - 1) as f32 * s,
        width: (largest.x1 + 1 - largest.x0) as f32 * s,
        height: (largest.y1 + 1 - largest.y0) as f32 * s,
    };
    Some(Highlight { share: 100.0 * area as f32 / inside as f32, bounds })
}

/// Codes the pixels of one row inside the region, from analysis pixel `start` on (step 1 of
/// [`check`]), whose codes start at position `at` of the box: four at a time with simd128 in
/// the browser, the rest one by one. The codes, the list of clipped pixels (positions in the
/// box) and the histograms' sum are the same either way.
fn code_row(small: &Small, start: usize, at: usize, codes: &mut [u16], bright: &mut Vec<usize>, hists: &mut [[u32; 256]; 2]) {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    let done = wasm32::code_quads(small, start, at, codes, bright, hists);
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    let done = 0;
    for x in done..codes.len() {
        code_pixel(small, start + x, at + x, &mut codes[x], bright, hists);
    }
}

/// Codes analysis pixel `i` (position `at` in the box): `BRIGHT` (and listed) when clipped,
/// otherwise its luma's bin.
fn code_pixel(small: &Small, i: usize, at: usize, code: &mut u16, bright: &mut Vec<usize>, hists: &mut [[u32; 256]; 2]) {
    let l = small.luma.data[i];
    let bin = luma_bin(l);
    *code = if l > MIN_CLIPPED_LUMA && is_clipped(small, i) {
        bright.push(at);
        BRIGHT
    } else {
        bin as u16
    };
    hists[i & 1][bin] += 1;
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod wasm32;

fn is_clipped(small: &Small, i: usize) -> bool {
    let (r, g, b) = (small.r.data[i], small.g.data[i], small.b.data[i]);
    r.min(g).min(b) >= CLIP && r.max(g).max(b) - r.min(g).min(b) <= MAX_CHROMA
}

/// The histogram bin of a luma value (0..255).
fn luma_bin(l: f32) -> usize {
    l.clamp(0.0, 255.0) as usize
}

/// The positions in `patches` of the `k` largest, largest first, and of equal areas in the
/// order they were found (scan order of their first pixel): the first `k` of a stable sort by
/// decreasing area, picked one by one without the sort's code.
fn largest_first(patches: &[Patch], k: usize) -> Vec<usize> {
    let mut taken = vec![false; patches.len()];
    let mut out = Vec::with_capacity(k);
    for _ in 0..k.min(patches.len()) {
        let free = (0..patches.len()).filter(|&i| !taken[i]);
        let Some(i) = free.min_by_key(|&i| (std::cmp::Reverse(patches[i].area), i)) else { break };
        taken[i] = true;
        out.push(i);
    }
    out
}

/// Groups the `BRIGHT` pixels of `codes` (all listed in `bright`, in scan order) into
/// 8-connected patches, marking them `SEEN`. The patches' bounds are positions in `codes`.
fn patches(codes: &mut Codes, bright: &[usize], small: &Small) -> Vec<Patch> {
    let w = codes.width;
    // The luma of position (x, y) of `codes` is `luma[(y - 1) * stride + x - 1]`.
    let luma = &small.luma.data[codes.y0 * small.width() + codes.x0..];
    let stride = small.width();
    let codes = &mut codes.data;
    let mut out = Vec::new();
    let mut stack = Vec::new();
    for &start in bright {
        if codes[start] != BRIGHT {
            continue;
        }
        codes[start] = SEEN;
        let (sx, sy) = (start % w, start / w);
        // Positions as (x, y): no division per pixel.
        stack.push((sx, sy));
        let mut p = Patch { area: 0, luma_sum: 0.0, x0: sx, y0: sy, x1: sx, y1: sy };
        while let Some((x, y)) = stack.pop() {
            p.area += 1;
            p.luma_sum += luma[(y - 1) * stride + x - 1];
            (p.x0, p.x1, p.y0, p.y1) = (p.x0.min(x), p.x1.max(x), p.y0.min(y), p.y1.max(y));
            // The neighbours, row by row, left to right; the border keeps them in `codes`.
            for ny in y - 1..=y + 1 {
                let row = &mut codes[ny * w + x - 1..ny * w + x + 2];
                for (k, code) in row.iter_mut().enumerate() {
                    if *code == BRIGHT {
                        *code = SEEN;
                        stack.push((x - 1 + k, ny));
                    }
                }
            }
        }
        out.push(p);
    }
    out
}

/// The share of the patch's filled shape that is not clipped: of the pixels lying between the
/// patch's first and last pixel both along their row and along their column, those that are not
/// clipped (0 for a solid blot, high for clipped paper around dark print).
fn hole_share(codes: &Codes, p: &Patch) -> f32 {
    let (bw, bh) = (p.x1 + 1 - p.x0, p.y1 + 1 - p.y0);
    let row = |y: usize| &codes.data[(p.y0 + y) * codes.width + p.x0..][..bw];
    // Each column's first and last row with a clipped pixel (none: u16::MAX and 0), and each
    // row's first and last clipped pixel (none: usize::MAX and 0), within the patch's box.
    let (mut firsts, mut lasts) = (vec![u16::MAX; bw], vec![0u16; bw]);
    let spans: Vec<(usize, usize)> = (0..bh).map(|y| column_spans(row(y), y as u16, &mut firsts, &mut lasts)).collect();
    // Only the pixels strictly inside their row's span can be holes (an empty row has none).
    let mut holes = 0;
    for (y, &(first, last)) in spans.iter().enumerate() {
        let inside = first.saturating_add(1)..last;
        if !inside.is_empty() {
            holes += count_holes(&row(y)[inside.clone()], &firsts[inside.clone()], &lasts[inside], y as u16);
        }
    }
    holes as f32 / (holes + p.area) as f32
}

/// Marks row `y` of a patch's box in the columns' spans (`firsts` and `lasts`, see
/// [`hole_share`]) and returns the row's first and last clipped (`SEEN`) pixel, (usize::MAX, 0)
/// when it has none: eight codes at a time with simd128 in the browser, the rest one by one.
fn column_spans(row: &[u16], y: u16, firsts: &mut [u16], lasts: &mut [u16]) -> (usize, usize) {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    let (done, mut first, mut last) = wasm32::column_spans(row, y, firsts, lasts);
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    let (done, mut first, mut last) = (0, usize::MAX, 0);
    for x in (done..row.len()).filter(|&x| row[x] == SEEN) {
        (first, last) = (first.min(x), x);
        (firsts[x], lasts[x]) = (firsts[x].min(y), y);
    }
    (first, last)
}

/// How many of a row's `codes` are holes: unclipped pixels of the document (below `OUTSIDE`)
/// whose column has clipped pixels both above and below row `y` (`firsts` and `lasts` of
/// those pixels' columns): eight at a time with simd128 in the browser, the rest one by one.
fn count_holes(codes: &[u16], firsts: &[u16], lasts: &[u16], y: u16) -> u32 {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    let (done, holes) = wasm32::count_holes(codes, firsts, lasts, y);
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    let (done, holes) = (0, 0);
    holes + (done..codes.len()).filter(|&x| codes[x] < OUTSIDE && firsts[x] < y && y < lasts[x]).count() as u32
}

/// Whether a patch of mean luma `mean` is brighter by at least [`MIN_LIFT`] than the median
/// luma of the unclipped document pixels within a margin of half the patch's size (true when
/// there are none: the document's median, which the patch already exceeds, stands in).
///
/// The median of those pixels' codes is the first bin `v` at which the count of codes up to
/// `v` reaches half of them, and the median's test, `mean - (v + 0.5) >= MIN_LIFT`, holds for
/// every bin up to some `top` and for none after it; so it holds exactly when at least half of
/// the codes are at most `top`. Two counts decide it, without a histogram.
fn lifted_over_surroundings(codes: &Codes, p: &Patch, mean: f32) -> bool {
    let (w, h) = (codes.width, codes.height);
    let margin = ((p.x1 - p.x0).max(p.y1 - p.y0) / 2).max(2);
    let (xa, xb) = (p.x0.saturating_sub(margin), (p.x1 + margin).min(w - 1));
    let top = (0..256u16).rev().find(|&v| mean - (v as f32 + 0.5) >= MIN_LIFT);
    let (mut unclipped, mut low) = (0u32, 0u32);
    for y in p.y0.saturating_sub(margin)..=(p.y1 + margin).min(h - 1) {
        let (u, l) = count_at_most(&codes.data[y * w + xa..=y * w + xb], top.unwrap_or(0));
        (unclipped, low) = (unclipped + u, low + l);
    }
    match top {
        _ if unclipped == 0 => true,
        None => false,
        Some(_) => low * 2 >= unclipped,
    }
}

/// How many of `codes` are luma bins (below 256), and how many are at most `top`: eight at a
/// time with simd128 in the browser, the rest one by one.
fn count_at_most(codes: &[u16], top: u16) -> (u32, u32) {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    let (done, mut bins, mut low) = wasm32::count_at_most(codes, top);
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    let (done, mut bins, mut low) = (0, 0u32, 0u32);
    for &c in &codes[done..] {
        bins += (c < 256) as u32;
        low += (c <= top) as u32;
    }
    (bins, low)
}

/// The median of a 256-bin luma histogram; `None` when it is empty.
fn median_of(hist: &[u32]) -> Option<f32> {
    let total: u32 = hist.iter().sum();
    let mut seen = 0;
    for (v, &c) in hist.iter().enumerate() {
        seen += c;
        if total > 0 && seen * 2 >= total {
            return Some(v as f32 + 0.5);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frame::Plane;
    use crate::testutil::*;

    const CARD: (f32, f32, f32) = (100.0, 80.0, 600.0);

    /// A tinted card on a dark desk as three planes; `ground` is the card's ground luma.
    fn scene(ground: f32, tint: [f32; 3]) -> [Plane; 3] {
        let (x0, y0, cw) = CARD;
        let mut p = plane(800, 560, 60.0);
        paint_card(&mut p, x0, y0, cw, 7);
        // Swap the card's 215 ground for `ground`, keeping the ink and the portrait.
        let g = scaled(&p, 1.0, 0.0);
        let p = Plane {
            data: g.data.iter().map(|&v| if (v - 215.0).abs() < 0.5 { ground } else { v }).collect(),
            ..g
        };
        tint.map(|t| scaled(&p, t, 0.0))
    }

    fn run(planes: &[Plane; 3], doc: Option<&Quad>) -> Finding {
        let px = rgb_pixels(&planes[0], &planes[1], &planes[2]);
        check(&Frame::new(&px), doc, &GlareOptions::default())
    }

    fn doc() -> Quad {
        card_quad(CARD.0, CARD.1, CARD.2)
    }

    fn highlight(planes: &mut [Plane; 3], cx: f32, cy: f32, radius: f32) {
        let [r, g, b] = planes;
        add_highlight(&mut [r, g, b], cx, cy, radius, 400.0);
    }

    #[test]
    fn clean_colour_card_passes() {
        let f = run(&scene(200.0, [0.8, 0.95, 1.15]), Some(&doc()));
        assert_eq!(f.verdict, Verdict::Pass);
        assert_eq!(f.score, 0.0);
        assert_eq!(f.region, None);
    }

    #[test]
    fn highlight_over_text_fails_with_its_box() {
        let mut s = scene(200.0, [0.8, 0.95, 1.15]);
        let (cx, cy) = (CARD.0 + 0.6 * CARD.2, CARD.1 + 0.35 * CARD.2 / 1.586);
        highlight(&mut s, cx, cy, 0.04 * CARD.2);
        let f = run(&s, Some(&doc()));
        assert_eq!(f.verdict, Verdict::Fail, "score {}", f.score);
        let Some(Region::Box(b)) = f.region else { panic!("no box: {f:?}") };
        assert!(b.x < cx && cx < b.x + b.width && b.y < cy && cy < b.y + b.height, "{b:?}");
        assert!(b.width < 0.25 * CARD.2, "{b:?}");
    }

    #[test]
    fn highlight_over_the_portrait_fails() {
        let mut s = scene(200.0, [1.1, 0.95, 0.8]);
        highlight(&mut s, CARD.0 + 0.19 * CARD.2, CARD.1 + 0.5 * CARD.2 / 1.586, 0.035 * CARD.2);
        let f = run(&s, Some(&doc()));
        assert_eq!(f.verdict, Verdict::Fail, "score {}", f.score);
    }

    #[test]
    fn highlight_on_a_white_card_fails() {
        let mut s = scene(225.0, [1.0, 1.0, 1.0]);
        highlight(&mut s, CARD.0 + 0.7 * CARD.2, CARD.1 + 0.5 * CARD.2 / 1.586, 0.04 * CARD.2);
        let f = run(&s, Some(&doc()));
        assert_eq!(f.verdict, Verdict::Fail, "score {}", f.score);
    }

    #[test]
    fn white_ground_clipped_by_uneven_light_passes() {
        // A white card lit more strongly toward its right, with sensor noise: its ground clips
        // there in a speckle around the print, which stays dark.
        let (x0, _, cw) = CARD;
        let s = scene(215.0, [1.0, 1.0, 1.0]).map(|p| {
            let w = p.width;
            let lit = |i: usize| {
                let gain = 1.0 + 0.2 * (((i % w) as f32 - x0) / cw).clamp(0.0, 1.0);
                let noise = ((i as u32).wrapping_mul(2_654_435_761) >> 29) as f32 - 3.5;
                (p.data[i] * gain + noise).clamp(0.0, 255.0)
            };
            Plane { data: (0..p.data.len()).map(lit).collect(), ..p }
        });
        let f = run(&s, Some(&doc()));
        assert_eq!(f.verdict, Verdict::Pass, "score {}", f.score);
    }

    #[test]
    fn several_medium_highlights_add_up_and_fail() {
        // Three blots of about 0.45 % of the card each: none alone reaches 1 %, together 1.3 %.
        let mut s = scene(200.0, [0.8, 0.95, 1.15]);
        for (u, v) in [(0.45, 0.3), (0.65, 0.45), (0.8, 0.25)] {
            highlight(&mut s, CARD.0 + u * CARD.2, CARD.1 + v * CARD.2 / 1.586, 0.021 * CARD.2);
        }
        let f = run(&s, Some(&doc()));
        assert_eq!(f.verdict, Verdict::Fail, "score {}", f.score);
        assert!(f.score < 2.0, "score {}", f.score);
    }

    #[test]
    fn small_specular_dots_pass() {
        let mut s = scene(200.0, [0.8, 0.95, 1.15]);
        for k in 0..12 {
            let (u, v) = (0.1 + 0.07 * k as f32, 0.15 + 0.06 * (k % 5) as f32);
            highlight(&mut s, CARD.0 + u * CARD.2, CARD.1 + v * CARD.2, 0.004 * CARD.2);
        }
        let f = run(&s, Some(&doc()));
        assert_eq!(f.verdict, Verdict::Pass, "score {}", f.score);
        assert!(f.score > 0.0, "the dots are highlights, only small ones");
    }

    #[test]
    fn white_and_grey_designs_pass() {
        // A white card ground just below clipping, and one the exposure clipped outright.
        for ground in [238.0, 255.0] {
            let f = run(&scene(ground, [1.0, 1.0, 1.0]), Some(&doc()));
            assert_eq!(f.verdict, Verdict::Pass, "ground {ground}: score {}", f.score);
        }
        let f = run(&scene(170.0, [1.0, 1.0, 1.0]), Some(&doc()));
        assert_eq!(f.verdict, Verdict::Pass, "grey: score {}", f.score);
    }

    #[test]
    fn a_lamp_beside_the_document_is_not_glare_on_it() {
        let mut s = scene(200.0, [0.8, 0.95, 1.15]);
        highlight(&mut s, 740.0, 500.0, 40.0);
        assert_eq!(run(&s, Some(&doc())).verdict, Verdict::Pass);
    }

    #[test]
    fn share_is_measured_the_same_on_a_reduced_analysis_image() {
        // 1600×1120 is reduced 2× for analysis; the share must match the 800×560 scene's.
        let mut s = scene(200.0, [0.8, 0.95, 1.15]);
        highlight(&mut s, CARD.0 + 0.6 * CARD.2, CARD.1 + 0.35 * CARD.2 / 1.586, 0.04 * CARD.2);
        let small = run(&s, Some(&doc()));
        let big_planes = s.clone().map(|p| upsample2(&p));
        let big = run(&big_planes, Some(&doc().scaled(2.0)));
        assert_eq!(big.verdict, small.verdict);
        assert!((big.score - small.score).abs() < 0.15 * small.score, "{} vs {}", big.score, small.score);
    }

    fn upsample2(p: &Plane) -> Plane {
        let mut out = plane(p.width * 2, p.height * 2, 0.0);
        for y in 0..out.height {
            for x in 0..out.width {
                out.data[y * out.width + x] = p.at(x / 2, y / 2);
            }
        }
        out
    }
}
