//! `blur`: fails a photo whose document is defocused, soft or motion-blurred, at any resolution.

use crate::finding::{Finding, Region, Verdict};
use crate::frame::{dot, dot2, Frame, Plane, Window};
use crate::geometry::{Point, Quad};
use serde::Deserialize;

/// Thresholds of the blur check.
///
/// The score is the blur's extent in thousandths (‰) of the document's long side: how far the
/// photo spreads a sharp line, read from the derivative's autocorrelation. It comes to about
/// the length of a motion blur, the diameter of a defocus disc, or three times the σ of a
/// Gaussian blur; on a sharp document it is the width of the finest strokes. Larger is blurrier.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct BlurOptions {
    /// Fail when the score is above this. Unit: ‰ of the document's long side. Default: 11.3
    /// (about 1 mm on an ID-1 card, where small text is 1.5 to 2 mm high). Chosen on the
    /// labelled corpus, seeds 5 and 6 (the 800 samples of `KYC_EVAL_LOCATE=1 kyc-eval --n 200
    /// --res 0 --documents-only --classes clean,blur --seed 5|6`), with the block resampling of
    /// session 12: clean photos whose card was outlined right score at most 9.21, clean photos
    /// with no outline found (the centre measured) at most 9.71, the clearly blurred ones
    /// outlined right (σ ≥ 0.35 % of the card's width) at least 11.41 (a motion-blurred card of
    /// seed 6, which the previous 11.5 missed). 11.3 stays above the sharp page sudoku.png
    /// (10.9). On the unit-test cards (`cargo test --lib print_scores -- --ignored
    /// --nocapture`) sharp, dim and noisy cards score 5.2 (9.7 when every stroke is bold),
    /// Gaussian σ ≥ 0.3 % and defocus radius ≥ 0.7 % score 20 to 41.
    pub max_blur: f32,
    /// Warn when the score is above this but not above `max_blur`. Unit: ‰ of the document's
    /// long side. Default: 9, chosen when every clean photo outlined right on seeds 5 and 6
    /// scored at most 8.7, as does ordinary lens softness on the unit-test cards (with regular
    /// strokes). Since session 12's block resampling those photos score up to 9.21 (seed 5) and
    /// 8.81 (seed 6): one clean photo of the 400 warns, none fails.
    pub warn_blur: f32,
}

impl Default for BlurOptions {
    fn default() -> Self {
        BlurOptions { max_blur: 11.3, warn_blur: 9.0 }
    }
}

/// The document's long side in the working image, in pixels.
pub const WORK_LONG_SIDE: usize = 512;
/// How far the located document is shrunk toward its centre, so that its own outline against
/// the background is not measured.
const SHRINK: f32 = 0.06;
/// With no document located, the central share of the frame (along each axis) is measured...
const CENTRAL: f32 = 0.6;
/// ...and the document is assumed to span this share of the frame's long side, as people fill
/// the frame with it when asked to.
const ASSUMED_DOCUMENT: f32 = 0.8;
/// The longest blur extent measured, in working pixels (4.7 % of the document's long side);
/// anything blurrier scores this.
const MAX_LAG: usize = 24;
/// The first lobe counts once it reaches this share of the deepest lobe.
const LOBE_FRACTION: f64 = 1.0 / 3.0;
/// The working image's short side is at least this, in pixels.
const MIN_SIDE: usize = 2 * MAX_LAG + 2;
/// A negative lobe shallower than this share of the derivative's energy is noise, not structure.
const MIN_LOBE: f64 = 0.05;

/// Checks whether the document (or the centre of the frame) is sharp.
///
/// 1. Take the document shrunk by 6 % toward its centre, or the central 60 % of the frame.
/// 2. Resample it, rectified, so that its long side is 512 pixels: from the analysis image when
///    that is detailed enough, otherwise from blocks of the full-size pixels as wide as a working
///    pixel's footprint (whole pixels; 2 from a footprint of 1.5), or from the pixels themselves
///    when that footprint is under 1.5 pixels. The same scene at any resolution then gives the
///    same working image.
/// 3. Along rows, columns and both diagonals, take the derivative and its autocorrelation; the
///    lag of its first clear negative lobe is the blur's extent in that direction.
/// 4. The score is the worst direction (motion blur softens one direction only), in ‰ of the
///    document's long side. It depends neither on contrast nor on brightness.
pub fn check(frame: &Frame, doc: Option<&Quad>, opts: &BlurOptions) -> Finding {
    let (region, score) = blur_score(frame, doc);
    let (verdict, key) = if score > opts.max_blur {
        (Verdict::Fail, "blur.fail")
    } else if score > opts.warn_blur {
        (Verdict::Warn, "blur.warn")
    } else {
        (Verdict::Pass, "blur.pass")
    };
    let finding = Finding::new("blur", verdict, score, opts.max_blur, key);
    if verdict == Verdict::Pass {
        finding
    } else {
        finding.with_region(Region::Quad(region))
    }
}

/// The region measured (original pixels) and the blur score in ‰ of the document's long side
/// (see [`BlurOptions`]). Without a document, the central 60 % of the frame is measured and the
/// document is taken to span 80 % of the frame's long side.
pub fn blur_score(frame: &Frame, doc: Option<&Quad>) -> (Quad, f32) {
    let (region, doc_long) = match doc {
        Some(q) => (q.shrunk(SHRINK), long_side(q)),
        None => {
            let long = frame.width.max(frame.height) as f32 * ASSUMED_DOCUMENT;
            (Quad::central(frame.width, frame.height, CENTRAL), long)
        }
    };
    let work = rectify(frame, &region);
    // Working pixels per original pixel, times the document's long side in original pixels.
    let doc_in_work = work.width.max(work.height) as f32 / long_side(&region).max(1.0) * doc_long;
    (region, 1000.0 * blur_extent(&work) / doc_in_work.max(1.0))
}

fn long_side(q: &Quad) -> f32 {
    let (w, h) = q.side_lengths();
    w.max(h)
}

/// The working image: `quad` mapped onto a rectangle whose long side is [`WORK_LONG_SIDE`].
pub fn rectify(frame: &Frame, quad: &Quad) -> Plane {
    let (qw, qh) = quad.side_lengths();
    let long = qw.max(qh).max(1.0);
    let w = ((WORK_LONG_SIDE as f32 * qw / long).round() as usize).max(MIN_SIDE);
    let h = ((WORK_LONG_SIDE as f32 * qh / long).round() as usize).max(MIN_SIDE);
    // Original pixels per working pixel, and the blocks of whole pixels that fit in that
    // footprint (2 from 1.5 on: the nearest whole number there).
    let footprint = long / WORK_LONG_SIDE as f32;
    let m = if footprint >= 1.5 { (footprint as usize).max(2) } else { 1 };
    let scale = frame.small.scale as usize;
    if scale > 1 && m >= scale {
        // The analysis image is detailed enough (its pixels are blocks of `scale`).
        let n = ((footprint / scale as f32).round() as usize).clamp(1, 3);
        let small = &frame.small.luma;
        small.prefetch(quad.scaled(1.0 / scale as f32).bounds());
        let source = Bilinear::whole(small, scale as f32);
        if n == 1 {
            return sample_rows(quad, w, h, &source);
        }
        sample(quad, w, h, n, |p| source.at(p))
    } else if m >= 2 {
        // Finer than the analysis image: blocks of m×m pixels, read bilinearly.
        let blocks = frame.block_luma_window(quad.bounds(), m);
        let (bw, bh) = ((frame.width as usize).div_ceil(m), (frame.height as usize).div_ceil(m));
        sample_rows(quad, w, h, &Bilinear::window(&blocks, bw, bh, m as f32))
    } else {
        // The pixels themselves, read bilinearly; every sample falls within a pixel of the
        // quad's bounds.
        let window = frame.luma_window(quad.bounds(), 2);
        let (fw, fh) = (frame.width as usize, frame.height as usize);
        sample_rows(quad, w, h, &Bilinear::window(&window, fw, fh, 1.0))
    }
}

/// The point a share `t` of the way from `a` to `b`.
fn along(a: Point, b: Point, t: f32) -> Point {
    Point { x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t }
}

/// Each working pixel is the mean of n×n samples (n ≥ 2) spread evenly over its footprint in `quad`.
fn sample(quad: &Quad, w: usize, h: usize, n: usize, at: impl Fn(Point) -> f32) -> Plane {
    let mut out = Plane::new(w, h);
    let inv = 1.0 / (n * n) as f32;
    let us: Vec<f32> = (0..w * n).map(|k| (k as f32 + 0.5) / (w * n) as f32).collect();
    let c = &quad.corners;
    for j in 0..h {
        let row = &mut out.data[j * w..(j + 1) * w];
        for b in 0..n {
            let v = (j * n + b) as f32 / (h * n) as f32 + 0.5 / (h * n) as f32;
            // The bilinear map is linear in u along each row: from the left edge to the right.
            let (left, right) = (along(c[0], c[3], v), along(c[1], c[2], v));
            for (i, out) in row.iter_mut().enumerate() {
                let sum: f32 = us[i * n..(i + 1) * n].iter().map(|&u| at(along(left, right, u))).sum();
                *out += sum * inv;
            }
        }
    }
    out
}

/// One bilinear sample at the centre of each working pixel's footprint in `quad`.
fn sample_rows(quad: &Quad, w: usize, h: usize, source: &Bilinear) -> Plane {
    let mut out = Plane::new(w, h);
    let us: Vec<f32> = (0..w).map(|k| (k as f32 + 0.5) / w as f32).collect();
    let c = &quad.corners;
    for (j, row) in out.data.chunks_exact_mut(w).enumerate() {
        let v = j as f32 / h as f32 + 0.5 / h as f32;
        // The bilinear map is linear in u along each row: from the left edge to the right.
        source.row(along(c[0], c[3], v), along(c[1], c[2], v), &us, row);
    }
    out
}

/// Bilinear reads of a luma plane that holds an image's pixels from (x0, y0) on. A position
/// (image pixels, divided by `div`) is clamped to the image, `width`×`height`; pixels outside
/// the plane read its nearest edge, as [`crate::frame::Window::at`] does.
struct Bilinear<'a> {
    data: &'a [f32],
    stride: usize,
    rows: usize,
    x0: usize,
    y0: usize,
    width: usize,
    height: usize,
    div: f32,
}

impl<'a> Bilinear<'a> {
    /// The whole of `plane`, read at positions divided by `div`.
    fn whole(plane: &'a Plane, div: f32) -> Bilinear<'a> {
        let (stride, rows) = (plane.width, plane.height);
        Bilinear { data: &plane.data, stride, rows, x0: 0, y0: 0, width: stride, height: rows, div }
    }

    /// A window of a `width`×`height` image, read at positions divided by `div`.
    fn window(window: &'a Window, width: usize, height: usize, div: f32) -> Bilinear<'a> {
        let p = &window.plane;
        Bilinear { data: &p.data, stride: p.width, rows: p.height, x0: window.x0, y0: window.y0, width, height, div }
    }

    /// The pixel at (x, y) of the image.
    #[inline]
    fn pixel(&self, x: usize, y: usize) -> f32 {
        let x = x.saturating_sub(self.x0).min(self.stride - 1);
        let y = y.saturating_sub(self.y0).min(self.rows - 1);
        self.data[y * self.stride + x]
    }

    /// Bilinear interpolation at `p` / `div`, where pixel (i, j) covers [i, i+1)×[j, j+1).
    #[inline]
    fn at(&self, p: Point) -> f32 {
        let fx = (p.x / self.div - 0.5).clamp(0.0, (self.width - 1) as f32);
        let fy = (p.y / self.div - 0.5).clamp(0.0, (self.height - 1) as f32);
        let (x0, y0) = (fx as usize, fy as usize);
        let (x1, y1) = ((x0 + 1).min(self.width - 1), (y0 + 1).min(self.height - 1));
        let (tx, ty) = (fx - x0 as f32, fy - y0 as f32);
        let top = self.pixel(x0, y0) + (self.pixel(x1, y0) - self.pixel(x0, y0)) * tx;
        let bottom = self.pixel(x0, y1) + (self.pixel(x1, y1) - self.pixel(x0, y1)) * tx;
        top + (bottom - top) * ty
    }

    /// `out[i]` = the sample a share `us[i]` of the way from `left` to `right`: four at a time
    /// with simd128 in the browser, with the same operations in the same order as [`Bilinear::at`].
    fn row(&self, left: Point, right: Point, us: &[f32], out: &mut [f32]) {
        #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
        let done = wasm32::bilinear_row(self, left, right, us, out);
        #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
        let done = 0;
        for (o, &u) in out.iter_mut().zip(us).skip(done) {
            *o = self.at(along(left, right, u));
        }
    }
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod wasm32;

/// The directions searched, as pixel steps: along rows, along columns and both diagonals.
const DIRECTIONS: [(isize, isize); 4] = [(1, 0), (0, 1), (1, 1), (-1, 1)];

/// The blur extent of a working image in working pixels: the worst of the four directions.
pub fn blur_extent(work: &Plane) -> f32 {
    let mut derivative = Plane::new(work.width, work.height);
    DIRECTIONS.iter().map(|&dir| direction_extent(work, dir, &mut derivative)).fold(0.0, f32::max)
}

/// The blur extent along one direction, in working pixels.
///
/// A sharp stroke makes a pair of opposite derivative spikes one stroke width apart; a blur
/// kernel spreads each spike over its own extent, so the derivative's autocorrelation has its
/// first strong negative lobe at about the kernel's length (motion), diameter (defocus) or
/// three times its σ (Gaussian), or at the stroke width when the photo is sharp. Noise only
/// touches lags 0 and 1, and the lobe's position does not depend on contrast.
fn direction_extent(work: &Plane, dir: (isize, isize), d: &mut Plane) -> f32 {
    let step = ((dir.0 * dir.0 + dir.1 * dir.1) as f32).sqrt();
    first_lobe(&autocorrelation(work, dir, d), LOBE_FRACTION) * step
}

/// The lags that [`autocorrelation`] takes two at a time: 0 with 2, then 3 with 4, and so on to
/// MAX_LAG; MAX_LAG + 1 is taken alone, and lag 1 not at all.
const LAG_PAIRS: [(usize, usize); MAX_LAG / 2] =
    [(0, 2), (3, 4), (5, 6), (7, 8), (9, 10), (11, 12), (13, 14), (15, 16), (17, 18), (19, 20), (21, 22), (23, 24)];

/// The autocorrelation of the derivative along `(sx, sy)` at lag 0 and lags 2..=MAX_LAG+1;
/// lag 1, which only noise marks and [`first_lobe`] never reads, is left at 0. `d` is scratch.
fn autocorrelation(work: &Plane, (sx, sy): (isize, isize), d: &mut Plane) -> [f64; MAX_LAG + 2] {
    let (w, h) = (work.width as isize, work.height as isize);
    // 1. The derivative along the direction (zero where the step leaves the image): in each row
    //    with a next row, the pixels x0..x1 whose neighbour (x + sx, y + sy) is inside.
    let (x0, x1) = ((-sx).max(0) as usize, (w - sx.max(0)) as usize);
    let (w, h) = (w as usize, h as usize);
    for (y, out) in d.data.chunks_exact_mut(w).enumerate() {
        out.fill(0.0);
        if y + (sy as usize) < h {
            let row = &work.data[y * w..(y + 1) * w];
            let next = &work.data[(y + sy as usize) * w..(y + sy as usize + 1) * w];
            let next = &next[(x0 as isize + sx) as usize..(x1 as isize + sx) as usize];
            difference(&mut out[x0..x1], &row[x0..x1], next);
        }
    }
    // 2. Its autocorrelation along the same direction: row by row, each row against the rows
    //    it meets at every lag while they are in the cache, two lags at once (their sums side
    //    by side, see [`LAG_PAIRS`]), every lag's sum still taken over the rows in order.
    let mut sums = [0f32; MAX_LAG + 2];
    for y in 0..h {
        let pair = |lag| lag_rows(d, y, (sx, sy), lag);
        for &(p, q) in &LAG_PAIRS {
            match (pair(p), pair(q)) {
                (Some(first), Some(second)) => {
                    let (a, b) = dot2(first, second);
                    sums[p] += a;
                    sums[q] += b;
                }
                (Some((a, b)), None) => sums[p] += dot(a, b),
                (None, Some((a, b))) => sums[q] += dot(a, b),
                (None, None) => {}
            }
        }
        if let Some((a, b)) = pair(MAX_LAG + 1) {
            sums[MAX_LAG + 1] += dot(a, b);
        }
    }
    sums.map(|s| s as f64)
}

/// The pixels of row `y` of `d` whose partner `lag` steps of `(sx, sy)` away is inside, and
/// those partners; none when the partners' row is past the bottom or no pixel has one.
fn lag_rows(d: &Plane, y: usize, (sx, sy): (isize, isize), lag: usize) -> Option<(&[f32], &[f32])> {
    let (w, h, y) = (d.width as isize, d.height as isize, y as isize);
    let (ox, oy) = (sx * lag as isize, sy * lag as isize);
    let (x0, x1) = (0.max(-ox), w.min(w - ox));
    if y + oy >= h || x1 <= x0 {
        return None;
    }
    let a_row = &d.data[(y * w + x0) as usize..(y * w + x1) as usize];
    let b_row = &d.data[((y + oy) * w + x0 + ox) as usize..((y + oy) * w + x1 + ox) as usize];
    Some((a_row, b_row))
}

/// `out[i] = b[i] - a[i]`: four at a time with simd128 in the browser (the same values).
fn difference(out: &mut [f32], a: &[f32], b: &[f32]) {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    let done = wasm32::difference(out, a, b);
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    let done = 0;
    for ((o, &a), &b) in out.iter_mut().zip(a).zip(b).skip(done) {
        *o = b - a;
    }
}

/// The lag of the first local minimum of the autocorrelation that reaches `fraction` of its deepest
/// value over lags 2..=MAX_LAG, refined by a parabola; MAX_LAG when there is no clear lobe.
fn first_lobe(acf: &[f64; MAX_LAG + 2], fraction: f64) -> f32 {
    let deepest = acf[2..=MAX_LAG].iter().cloned().fold(f64::MAX, f64::min);
    if acf[0] <= 0.0 || deepest > -MIN_LOBE * acf[0] {
        return MAX_LAG as f32; // no structure at all, or only noise: nothing sharp to see
    }
    let Some(lag) = (2..=MAX_LAG).find(|&t| acf[t] <= deepest * fraction && acf[t] <= acf[t + 1]) else {
        return MAX_LAG as f32;
    };
    if lag == 2 {
        return 2.0; // lag 1 carries the noise, so no refinement below 2
    }
    let (a, b, c) = (acf[lag - 1], acf[lag], acf[lag + 1]);
    let curve = a - 2.0 * b + c;
    let offset = if curve > 0.0 { (0.5 * (a - c) / curve).clamp(-0.5, 0.5) } else { 0.0 };
    (lag as f64 + offset) as f32
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::*;

    /// A frame of `w`×`h` with a card `cw` wide at (x0, y0) on a busy desk.
    fn desk_with_card(w: usize, h: usize, x0: f32, y0: f32, cw: f32) -> Plane {
        let mut p = plane(w, h, 90.0);
        paint_clutter(&mut p, w as f32 / 25.0, 3);
        paint_card(&mut p, x0, y0, cw, 11);
        p
    }

    fn score_of(p: &Plane, doc: Option<&Quad>) -> Finding {
        let px = grey_pixels(p);
        let frame = Frame::new(&px);
        check(&frame, doc, &BlurOptions::default())
    }

    #[test]
    fn sharp_card_passes_and_blurred_cards_fail() {
        let (x0, y0, cw) = (60.0, 50.0, 680.0);
        let sharp = desk_with_card(800, 540, x0, y0, cw);
        let doc = card_quad(x0, y0, cw);
        let f = score_of(&sharp, Some(&doc));
        assert_eq!(f.verdict, Verdict::Pass, "sharp: {}", f.score);
        // Blurs of about 0.6 % of the card width: the small text is no longer legible.
        for (name, blurred) in [
            ("gaussian", gaussian_blur(&sharp, 0.006 * cw)),
            ("defocus", disc_blur(&sharp, 0.01 * cw)),
            ("motion", motion_blur(&sharp, 0.016 * cw, 0.0)),
            ("vertical motion", motion_blur(&sharp, 0.016 * cw, 90.0)),
            ("diagonal motion", motion_blur(&sharp, 0.02 * cw, 35.0)),
        ] {
            let f = score_of(&blurred, Some(&doc));
            assert_eq!(f.verdict, Verdict::Fail, "{name}: {}", f.score);
            assert_eq!(f.region, Some(Region::Quad(doc.shrunk(SHRINK))));
        }
    }

    #[test]
    fn slight_softness_warns_or_passes_but_does_not_fail() {
        let (x0, y0, cw) = (60.0, 50.0, 680.0);
        let sharp = desk_with_card(800, 540, x0, y0, cw);
        let doc = card_quad(x0, y0, cw);
        let lens = score_of(&gaussian_blur(&sharp, 0.0015 * cw), Some(&doc));
        assert_eq!(lens.verdict, Verdict::Pass, "ordinary lens softness: {}", lens.score);
        let soft = score_of(&disc_blur(&sharp, 0.005 * cw), Some(&doc));
        assert_eq!(soft.verdict, Verdict::Warn, "soft: {}", soft.score);
    }

    #[test]
    fn only_the_card_counts() {
        let (x0, y0, cw) = (150.0, 110.0, 500.0);
        let doc = card_quad(x0, y0, cw);
        let card_box = [x0, y0, x0 + cw, y0 + cw / 1.586];
        let sharp = desk_with_card(800, 540, x0, y0, cw);
        let blurred = gaussian_blur(&sharp, 0.008 * cw);
        // A sharp card in front of a soft background (shallow depth of field) passes...
        let shallow = score_of(&composite(&sharp, &blurred, card_box), Some(&doc));
        assert_eq!(shallow.verdict, Verdict::Pass, "sharp card, soft desk: {}", shallow.score);
        // ...and a blurred card in front of a sharp background fails.
        let missed_focus = score_of(&composite(&blurred, &sharp, card_box), Some(&doc));
        assert_eq!(missed_focus.verdict, Verdict::Fail, "soft card, sharp desk: {}", missed_focus.score);
    }

    #[test]
    fn contrast_and_brightness_do_not_matter() {
        let (x0, y0, cw) = (60.0, 50.0, 680.0);
        let sharp = desk_with_card(800, 540, x0, y0, cw);
        let doc = card_quad(x0, y0, cw);
        let base = score_of(&sharp, Some(&doc));
        let dim = score_of(&scaled(&sharp, 0.3, 10.0), Some(&doc));
        assert_eq!(dim.verdict, Verdict::Pass, "dim sharp card: {}", dim.score);
        assert!((dim.score - base.score).abs() < 0.5, "{} vs {}", dim.score, base.score);
        let blurred = gaussian_blur(&sharp, 0.006 * cw);
        let bright = score_of(&scaled(&blurred, 1.0, 60.0), Some(&doc));
        assert_eq!(bright.verdict, Verdict::Fail, "bright blurred card: {}", bright.score);
    }

    #[test]
    fn noise_does_not_hide_blur() {
        let (x0, y0, cw) = (60.0, 50.0, 680.0);
        let sharp = desk_with_card(800, 540, x0, y0, cw);
        let doc = card_quad(x0, y0, cw);
        let mut noisy_sharp = sharp.clone();
        add_noise(&mut noisy_sharp, 4.0, 5);
        let f = score_of(&noisy_sharp, Some(&doc));
        assert_eq!(f.verdict, Verdict::Pass, "noisy sharp: {}", f.score);
        let mut noisy_blurred = gaussian_blur(&sharp, 0.006 * cw);
        add_noise(&mut noisy_blurred, 4.0, 6);
        let f = score_of(&noisy_blurred, Some(&doc));
        assert_eq!(f.verdict, Verdict::Fail, "noisy blurred: {}", f.score);
    }

    #[test]
    fn blocks_of_the_photo_score_as_its_pixels_do() {
        // A 2400-pixel photo has an analysis image of blocks of 3; its card's working pixels
        // cover 2.4 photo pixels, so it is read from blocks of 2 made for it. The same scene
        // at half the size is read from its pixels themselves.
        let (x0, y0, cw) = (300.0, 250.0, 1400.0);
        let sharp = desk_with_card(2400, 1700, x0, y0, cw);
        for (name, scene, expected) in [("sharp", sharp.clone(), Verdict::Pass), ("motion", motion_blur(&sharp, 0.016 * cw, 0.0), Verdict::Fail)] {
            let mut scores = Vec::new();
            for k in [1, 2] {
                let doc = card_quad(x0 / k as f32, y0 / k as f32, cw / k as f32);
                let f = score_of(&downsample(&scene, k), Some(&doc));
                assert_eq!(f.verdict, expected, "{name} at 1/{k}: {}", f.score);
                scores.push(f.score);
            }
            assert!((scores[0] - scores[1]).abs() < 0.25 * scores[0].max(scores[1]), "{name}: scores {scores:?}");
        }
    }

    #[test]
    fn verdict_does_not_depend_on_resolution() {
        // The scene is drawn at 2× and reduced by block means to 1× and 0.5×, as a sensor with
        // larger pixels would record it; the card is 1400, 700 and 350 pixels wide.
        let (x0, y0, cw) = (200.0, 160.0, 1400.0);
        let sharp = desk_with_card(1800, 1280, x0, y0, cw);
        let scenes = [
            ("sharp", sharp.clone(), Verdict::Pass),
            ("gaussian", gaussian_blur(&sharp, 0.006 * cw), Verdict::Fail),
            ("motion", motion_blur(&sharp, 0.016 * cw, 0.0), Verdict::Fail),
        ];
        for (name, scene, expected) in scenes {
            let mut scores = Vec::new();
            for k in [1, 2, 4] {
                let doc = card_quad(x0 / k as f32, y0 / k as f32, cw / k as f32);
                let f = score_of(&downsample(&scene, k), Some(&doc));
                assert_eq!(f.verdict, expected, "{name} at 1/{k} of 2×: {}", f.score);
                scores.push(f.score);
            }
            let (lo, hi) = scores.iter().fold((f32::MAX, 0f32), |(lo, hi), &s| (lo.min(s), hi.max(s)));
            assert!(hi - lo < 0.35 * hi, "{name}: scores {scores:?}");
        }
    }

    #[test]
    fn a_turned_card_is_measured_along_its_own_sides() {
        let (x0, y0, cw) = (150.0, 120.0, 500.0);
        let sharp = desk_with_card(800, 560, x0, y0, cw);
        let (cx, cy) = (400.0, 280.0);
        let doc = rotated_quad(&card_quad(x0, y0, cw), 14.0, cx, cy);
        let turned = rotated(&sharp, 14.0, cx, cy, 90.0);
        let f = score_of(&turned, Some(&doc));
        assert_eq!(f.verdict, Verdict::Pass, "sharp, turned: {}", f.score);
        let blurred = rotated(&motion_blur(&sharp, 0.016 * cw, 0.0), 14.0, cx, cy, 90.0);
        let f = score_of(&blurred, Some(&doc));
        assert_eq!(f.verdict, Verdict::Fail, "motion-blurred, turned: {}", f.score);
    }

    #[test]
    fn the_lag_pairs_take_every_lag_but_1_once() {
        let mut lags: Vec<usize> = LAG_PAIRS.iter().flat_map(|&(p, q)| [p, q]).chain([MAX_LAG + 1]).collect();
        lags.sort();
        assert_eq!(lags, [0].into_iter().chain(2..=MAX_LAG + 1).collect::<Vec<_>>());
    }

    #[test]
    fn blank_region_has_no_edges_and_fails() {
        let f = score_of(&plane(300, 200, 128.0), None);
        assert_eq!(f.verdict, Verdict::Fail);
        assert!(f.score.is_finite());
    }

    #[test]
    fn without_a_document_the_centre_is_measured() {
        let sharp = desk_with_card(800, 540, 60.0, 50.0, 680.0);
        assert_eq!(score_of(&sharp, None).verdict, Verdict::Pass);
        assert_eq!(score_of(&gaussian_blur(&sharp, 5.0), None).verdict, Verdict::Fail);
    }
}

#[cfg(test)]
mod diag {
    use super::*;
    use crate::testutil::*;

    fn report(name: &str, p: &Plane, doc: &Quad) {
        let px = grey_pixels(p);
        let frame = Frame::new(&px);
        let work = rectify(&frame, &doc.shrunk(SHRINK));
        let doc_in_work = work.width.max(work.height) as f32 / (1.0 - SHRINK);
        let mut d = Plane::new(work.width, work.height);
        let acfs: Vec<_> = DIRECTIONS.iter().map(|&dir| (autocorrelation(&work, dir, &mut d), dir)).collect();
        let mut out = format!("{name:<26}");
        for f in [0.5, 0.33, 0.25] {
            let e: Vec<f32> = acfs.iter().map(|(a, (sx, sy))| first_lobe(a, f) * ((sx * sx + sy * sy) as f32).sqrt()).collect();
            let worst = e.iter().cloned().fold(0.0, f32::max);
            let score = 1000.0 * worst / doc_in_work;
            out += &format!(" | f{f}: {score:5.1} ({})", e.iter().map(|v| format!("{v:.1}")).collect::<Vec<_>>().join(" "));
        }
        println!("{out}");
    }

    #[test]
    #[ignore]
    fn print_scores() {
        let (x0, y0, cw) = (60.0, 50.0, 680.0);
        let doc = card_quad(x0, y0, cw);
        let styles = [
            ("default", CardStyle::default()),
            ("guilloche", CardStyle { guilloche: 40.0, ..CardStyle::default() }),
            ("small text", CardStyle { text: 0.02, ..CardStyle::default() }),
            ("bold", CardStyle { text: 0.04, weight: 0.22, ..CardStyle::default() }),
            ("photo", CardStyle { textured_portrait: true, guilloche: 20.0, ..CardStyle::default() }),
        ];
        let only = std::env::var("STYLE").unwrap_or_default();
        for (sname, style) in styles {
            if !only.is_empty() && !sname.starts_with(&only) {
                continue;
            }
            let mut sharp = plane(800, 540, 90.0);
            paint_clutter(&mut sharp, 32.0, 3);
            paint_styled_card(&mut sharp, x0, y0, cw, 11, style);
            report(&format!("{sname} sharp"), &sharp, &doc);
            let mut noisy = sharp.clone();
            add_noise(&mut noisy, 4.0, 5);
            report(&format!("{sname} noisy4"), &noisy, &doc);
            for s in [0.001, 0.0015, 0.002, 0.0025, 0.003, 0.004, 0.006] {
                report(&format!("{sname} gauss {s}"), &gaussian_blur(&sharp, s * cw), &doc);
            }
            let mut noisyb = gaussian_blur(&sharp, 0.004 * cw);
            add_noise(&mut noisyb, 4.0, 5);
            report(&format!("{sname} noisy4 gauss .004"), &noisyb, &doc);
            for s in [0.003, 0.004, 0.005, 0.007, 0.01] {
                report(&format!("{sname} disc {s}"), &disc_blur(&sharp, s * cw), &doc);
            }
            for s in [0.006, 0.01, 0.013, 0.016] {
                for a in [0.0, 35.0, 90.0, 120.0] {
                    report(&format!("{sname} motion{a} {s}"), &motion_blur(&sharp, s * cw, a), &doc);
                }
            }
        }
    }
}
