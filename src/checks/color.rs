//! `color`: fails a black-and-white photo of a document, including a grey copy under tinted light.

use crate::finding::{Finding, Verdict};
use crate::frame::Small;
use crate::geometry::{Point, Quad};
use crate::histogram::merged;
use serde::Deserialize;

/// Thresholds of the colour check.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct ColorOptions {
    /// Fail when the score is below this. Unit: percentage points of chromaticity by which the
    /// most colourful 5% of the document's pixels differ from its median colour. Default: 3.0,
    /// first set on the unit-test scenes (grey and tinted grey score under 1, saturated colour
    /// cards over 10) and to be re-tuned on the labelled corpus.
    pub min_chroma_spread: f32,
}

impl Default for ColorOptions {
    fn default() -> Self {
        ColorOptions { min_chroma_spread: 3.0 }
    }
}

/// Pixels darker than this luma carry too little light for a stable chromaticity.
const MIN_LUMA: f32 = 24.0;
/// Number of histogram bins per unit of chroma deviation.
const BINS_PER_UNIT: f32 = 4.0;
const BINS: usize = 512;

/// Checks whether the document (or the whole photo) carries real colour.
///
/// 1. Convert each analysis pixel that is not too dark to its chromaticity: the shares of red
///    and blue in R+G+B, in percent. A tinted light multiplies every channel by the same factors,
///    so a grey copy under a warm lamp has one chromaticity everywhere, however bright the pixel.
/// 2. Take the median chromaticity: the tint moves only the median.
/// 3. Score the 95th percentile of each pixel's distance from that median.
///
/// Where no document was found, the score is the highest of [`TILES`]×[`TILES`] parts of the
/// photo, each scored alone: a black-and-white photo has no colour anywhere, while a small card
/// on a grey desk may cover less than the 5 % of the whole photo that the percentile reads.
pub fn check(small: &Small, doc: Option<&Quad>, opts: &ColorOptions) -> Finding {
    let score = match doc {
        Some(q) => chroma_spread(small, Some(&q.shrunk(0.04))),
        None => tiles(small).iter().map(|t| chroma_spread(small, Some(t))).fold(0.0, f32::max),
    };
    let verdict = if score < opts.min_chroma_spread { Verdict::Fail } else { Verdict::Pass };
    let key = if verdict == Verdict::Fail { "color.fail" } else { "color.pass" };
    Finding::new("color", verdict, score, opts.min_chroma_spread, key)
}

/// How many parts each side of the photo is cut into when no document was found. 3: on seed 4
/// of the corpus (`KYC_EVAL_LOCATE=1 kyc-eval --n 200 --res 0 --documents-only --seed 4`) the
/// three clean photos whose small card was not found, on grey backgrounds, failed `color` when the
/// whole photo was scored; a card 20–25 % of the frame wide covers half of one ninth of it.
const TILES: usize = 3;

/// The [`TILES`]×[`TILES`] parts of the photo, in original image pixels.
fn tiles(small: &Small) -> Vec<Quad> {
    let s = small.scale as f32;
    let (w, h) = (small.width() as f32 * s / TILES as f32, small.height() as f32 * s / TILES as f32);
    let p = |x: f32, y: f32| Point { x, y };
    (0..TILES * TILES)
        .map(|i| {
            let (x, y) = ((i % TILES) as f32 * w, (i / TILES) as f32 * h);
            Quad { corners: [p(x, y), p(x + w, y), p(x + w, y + h), p(x, y + h)] }
        })
        .collect()
}

/// The 95th-percentile distance of pixel chromaticity from the median, in percentage points.
pub fn chroma_spread(small: &Small, doc: Option<&Quad>) -> f32 {
    let mut visited = 0;
    small.visit_rows(doc, |_, xs| visited += xs.len());
    let (mut cb, mut cr) = (vec![0f32; visited], vec![0f32; visited]);
    let mut n = 0;
    let w = small.width();
    small.visit_rows(doc, |y, xs| {
        let row = y * w + xs.start..y * w + xs.end;
        let (l, r, g, b) = (&small.luma.data[row.clone()], &small.r.data[row.clone()], &small.g.data[row.clone()], &small.b.data[row]);
        n += chromaticities(l, r, g, b, &mut cb[n..], &mut cr[n..]);
    });
    if n == 0 {
        return 0.0;
    }
    (cb.truncate(n), cr.truncate(n));
    let (mb, mr) = (median(&cb), median(&cr));
    let mut hists = [[0u32; BINS]; 2];
    spread_histogram(&cb, &cr, mb, mr, &mut hists);
    let hist: [u32; BINS] = merged(&hists[0], &hists[1]);
    percentile_of_histogram(&hist, 0.95) as f32 / BINS_PER_UNIT
}

/// Writes the chromaticity of each pixel of a row (luma `l`, channels `r`, `g`, `b`) that is
/// not too dark, the shares of blue and red in R+G+B in percent, to the start of `cb` and `cr`
/// (which have room for the whole row), and returns how many it wrote. Four pixels at a time
/// with simd128 in the browser, with the same operations in the same order.
fn chromaticities(l: &[f32], r: &[f32], g: &[f32], b: &[f32], cb: &mut [f32], cr: &mut [f32]) -> usize {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    let (read, written) = wasm32::chromaticities(l, r, g, b, cb, cr);
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    let (read, written) = (0, 0);
    let (l, r, g, b) = (&l[read..], &r[read..], &g[read..], &b[read..]);
    written + chromaticities_scalar(l, r, g, b, &mut cb[written..], &mut cr[written..])
}

fn chromaticities_scalar(l: &[f32], r: &[f32], g: &[f32], b: &[f32], cb: &mut [f32], cr: &mut [f32]) -> usize {
    let mut n = 0;
    for (((&l, &r), &g), &b) in l.iter().zip(r).zip(g).zip(b) {
        if l < MIN_LUMA {
            continue;
        }
        let sum = r + g + b;
        (cb[n], cr[n]) = (100.0 * b / sum, 100.0 * r / sum);
        n += 1;
    }
    n
}

/// Counts each pixel's distance from the median chromaticity (`mb`, `mr`) in bins of
/// 1/[`BINS_PER_UNIT`], into two histograms (pixels at even and odd positions, so that pixels
/// of one bin do not wait on each other's count); four at a time with simd128 in the browser.
fn spread_histogram(cb: &[f32], cr: &[f32], mb: f32, mr: f32, hists: &mut [[u32; BINS]; 2]) {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    let done = wasm32::spread_histogram(cb, cr, mb, mr, hists);
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    let done = 0;
    for (i, (b, r)) in cb.iter().zip(cr).enumerate().skip(done) {
        let d = ((b - mb).powi(2) + (r - mr).powi(2)).sqrt();
        hists[i & 1][((d * BINS_PER_UNIT) as usize).min(BINS - 1)] += 1;
    }
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod wasm32;

/// The middle value (the upper one of an even count) of positive, finite values. Such values
/// order as their bit patterns do, so the selection compares integers; the value selected is
/// the one `f32::total_cmp` would select.
///
/// Over many values, a sample of [`SAMPLE`] evenly spaced ones gives bounds that almost surely
/// hold the middle rank; one pass counts the values below the lower bound and keeps those
/// between the bounds, and only those are ordered. When the bounds miss the middle rank, every
/// value is ordered instead, so the answer is exact either way.
fn median(v: &[f32]) -> f32 {
    let mid = v.len() / 2;
    let select = |values: &mut [u32], rank: usize| f32::from_bits(*values.select_nth_unstable(rank).1);
    if let Some((below, mut kept)) = between_sampled_bounds(v) {
        if (below..below + kept.len()).contains(&mid) {
            return select(&mut kept, mid - below);
        }
    }
    select(&mut v.iter().map(|x| x.to_bits()).collect::<Vec<u32>>(), mid)
}

/// For [`median`]: how many of the values lie below the bounds taken from an even sample of
/// [`SAMPLE`] of them, and the bit patterns of those between the bounds; `None` for fewer than
/// 8 × [`SAMPLE`] values, which are cheaper to order all.
fn between_sampled_bounds(v: &[f32]) -> Option<(usize, Vec<u32>)> {
    if v.len() < 8 * SAMPLE {
        return None;
    }
    let mut sample: Vec<u32> = v.iter().step_by(v.len() / SAMPLE).take(SAMPLE).map(|x| x.to_bits()).collect();
    let (lo, hi) = (*sample.select_nth_unstable(SAMPLE / 2 - MARGIN).1, *sample.select_nth_unstable(SAMPLE / 2 + MARGIN).1);
    // Each value is written, and kept by counting it when it lies between the bounds (no branch).
    let mut kept = vec![0u32; v.len()];
    let (mut below, mut n) = (0, 0);
    for x in v.iter().map(|x| x.to_bits()) {
        kept[n] = x;
        n += usize::from(x >= lo && x <= hi);
        below += usize::from(x < lo);
    }
    kept.truncate(n);
    Some((below, kept))
}

/// How many values [`median`] samples, and how many ranks of the sample on each side of its
/// middle its bounds lie: the sample's middle strays from the whole's by about 1.6 % of the
/// ranks (one standard deviation), the bounds lie 6.25 % away.
const SAMPLE: usize = 1024;
const MARGIN: usize = 64;

/// The bin below which `q` of the counts fall.
fn percentile_of_histogram(hist: &[u32], q: f64) -> usize {
    let total: u64 = hist.iter().map(|&c| c as u64).sum();
    let target = (total as f64 * q).ceil() as u64;
    let mut seen = 0u64;
    for (i, &c) in hist.iter().enumerate() {
        seen += c as u64;
        if seen >= target {
            return i;
        }
    }
    hist.len() - 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::{card_scene, small_of};

    #[test]
    fn median_equals_the_plain_selection_for_any_order() {
        let plain = |v: &[f32]| {
            let mut s = v.to_vec();
            s.sort_by(f32::total_cmp);
            s[s.len() / 2]
        };
        let mut state = 99u32;
        let mut next = move || {
            state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            state >> 8
        };
        for n in [1, 2, 7, 8191, 8192, 8193, 50_000, 234_567] {
            let random: Vec<f32> = (0..n).map(|_| 0.5 + next() as f32 / 1e4).collect();
            // Sorted, and sorted in blocks: a sample taken at even steps sees skewed values.
            let mut sorted = random.clone();
            sorted.sort_by(f32::total_cmp);
            let blocks: Vec<f32> = (0..n).map(|i| if i % 1024 < 900 { 1.0 + (i % 7) as f32 } else { 50.0 + (i % 13) as f32 }).collect();
            let few: Vec<f32> = (0..n).map(|i| [3.0, 4.0, 5.0][i % 3]).collect();
            for v in [&random, &sorted, &blocks, &few] {
                assert_eq!(median(v).to_bits(), plain(v).to_bits(), "n {n}");
            }
        }
        // The sample's bounds miss the middle rank when every sampled value is small: then all
        // values are ordered.
        let n = 64 * SAMPLE;
        let skewed: Vec<f32> = (0..n).map(|i| if i % 64 == 0 { 1.0 } else { 100.0 + (i % 5) as f32 }).collect();
        let (below, kept) = between_sampled_bounds(&skewed).expect("a sample");
        assert!(!(below..below + kept.len()).contains(&(n / 2)), "below {below}, kept {}", kept.len());
        assert_eq!(median(&skewed).to_bits(), plain(&skewed).to_bits());
    }

    #[test]
    fn grey_card_fails_and_colour_card_passes() {
        let grey = card_scene(400, 300, |x, y| {
            let v = if (x / 7 + y / 5) % 3 == 0 { 40 } else { 200 };
            [v, v, v]
        });
        let colour = card_scene(400, 300, |x, y| match (x / 20 + y / 15) % 3 {
            0 => [200, 60, 60],
            1 => [60, 160, 220],
            _ => [230, 220, 200],
        });
        let o = ColorOptions::default();
        assert_eq!(check(&small_of(&grey), None, &o).verdict, Verdict::Fail);
        assert_eq!(check(&small_of(&colour), None, &o).verdict, Verdict::Pass);
    }

    #[test]
    fn tinted_grey_copy_still_fails() {
        // A grey copy under a warm lamp: every pixel shifted toward orange by the same ratio.
        let warm = card_scene(400, 300, |x, y| {
            let v = if (x / 6 + y / 4) % 2 == 0 { 60.0 } else { 210.0 };
            [(v * 1.0) as u8, (v * 0.85) as u8, (v * 0.62) as u8]
        });
        let f = check(&small_of(&warm), None, &ColorOptions::default());
        assert_eq!(f.verdict, Verdict::Fail, "score {}", f.score);
    }

    /// A 400×300 grey photo with a red and blue chequered card at `xs` × `ys`.
    fn colour_card_on_grey(xs: std::ops::Range<u32>, ys: std::ops::Range<u32>) -> crate::decode::Pixels<'static> {
        card_scene(400, 300, |x, y| match (xs.contains(&x) && ys.contains(&y), (x / 10 + y / 10) % 2) {
            (true, 0) => [220, 70, 90],
            (true, _) => [70, 140, 220],
            (false, _) => [128, 128, 128],
        })
    }

    #[test]
    fn colour_card_on_grey_desk_passes_when_the_card_is_located() {
        // The card (100..300 × 75..225) is colourful; the desk around it is grey.
        let scene = colour_card_on_grey(100..300, 75..225);
        let p = |x, y| crate::geometry::Point { x, y };
        let doc = Quad { corners: [p(100.0, 75.0), p(300.0, 75.0), p(300.0, 225.0), p(100.0, 225.0)] };
        let f = check(&small_of(&scene), Some(&doc), &ColorOptions::default());
        assert_eq!(f.verdict, Verdict::Pass);
        assert!(f.score > 10.0, "score {}", f.score);
    }

    #[test]
    fn small_colour_card_on_grey_desk_passes_when_no_card_is_located() {
        // A card 90×60 in a 400×300 grey photo: 4.5 % of it, under the 5 % the percentile reads.
        let scene = colour_card_on_grey(30..120, 20..80);
        let small = small_of(&scene);
        assert!(chroma_spread(&small, None) < 3.0, "the whole photo scores {}", chroma_spread(&small, None));
        let f = check(&small, None, &ColorOptions::default());
        assert_eq!(f.verdict, Verdict::Pass, "score {}", f.score);
    }
}
