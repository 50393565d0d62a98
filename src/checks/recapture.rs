//! `recapture`: warns of (or fails) a photo of a screen, by the moiré and pixel-grid peaks in its spectrum.

use crate::finding::{Finding, Region, Verdict};
use crate::frame::{Frame, Plane};
use crate::geometry::{Point, Quad, Rect};
use serde::Deserialize;

/// Thresholds of the recapture check.
///
/// The score is how far the strongest narrow peak of the document's spectrum stands above the
/// spectrum around it, in dB: the median, over several windows of the document at full
/// resolution, of each window's strongest peak. A screen's pixel grid, sampled again by the
/// camera's, leaves such peaks (the grid itself, or its moiré); paper and card print do not,
/// except for fine periodic patterns (guilloche), which is why the check only warns by default.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct RecaptureOptions {
    /// Warn when the score is at least this, in dB. Default: 20. On the corpus
    /// (`kyc-eval --n 10`, docs/ACCURACY.md "Capture checks"), clean photos and hard negatives
    /// (cards filling a 2400-px frame, with fine guilloche) score at most 18.6; photos of screens
    /// 15.6 (3rd percentile) to 30 (97th), median 27. On the unit-test cards clean windows score
    /// 7 to 19 dB and a 30 % stripe grid of 3.7 px 26 to 35.
    pub warn_peak: f32,
    /// Fail when the score is at least this, in dB. Default: 40, above every photo of a screen
    /// in the corpus (at most 30): the corpus does not separate screens from cards well enough
    /// for a `fail` (97 % caught at 1 % of clean photos rejected), so by default the check warns.
    pub max_peak: f32,
}

impl Default for RecaptureOptions {
    fn default() -> Self {
        RecaptureOptions { warn_peak: 20.0, max_peak: 40.0 }
    }
}

/// Side of each analysed window, in original pixels (a power of two for the FFT).
const WINDOW: usize = 128;
/// Window centres, as (u, v) fractions of the document.
const CENTRES: [(f32, f32); 6] = [(0.25, 0.3), (0.5, 0.3), (0.75, 0.3), (0.25, 0.7), (0.5, 0.7), (0.75, 0.7)];
/// Frequencies nearer the origin than this (in FFT bins of 128: periods above 12.8 px) are the
/// document's own layout (text rows, the portrait) and are left out.
const MIN_RADIUS: f32 = 10.0;
/// A peak is compared with the mean power of the ring between these half-widths (in bins)
/// around it: the Hann window spreads a pure tone over ±2 bins.
const INNER: usize = 2;
const OUTER: usize = 6;
/// How much of the document is kept, shrunk toward its centre, so that its outline is not measured.
const SHRINK: f32 = 0.08;

/// Checks the document (or the centre of the frame) for a screen's periodic pattern.
///
/// 1. Lay up to six 128×128 windows over the document at full resolution; skip any that
///    leaves the frame. Too small a document gives no windows and passes (the resolution check
///    speaks for it).
/// 2. In each: subtract the mean, apply a Hann window, take the 2-D FFT and its power.
/// 3. Each bin beyond [`MIN_RADIUS`] that is a local maximum, and not on the 8-pixel grid of
///    JPEG blocks, scores its power over the mean of the ring around it, in dB. The window's
///    score is its best bin.
/// 4. The photo's score is the median of the windows' scores: a moiré covers the whole screen,
///    a periodic print or a tiled desk only part of the document.
pub fn check(frame: &Frame, doc: Option<&Quad>, opts: &RecaptureOptions) -> Finding {
    let region = match doc {
        Some(q) => q.shrunk(SHRINK),
        None => Quad::central(frame.width, frame.height, 0.6),
    };
    let mut spectrum = Spectrum::new();
    let windows = windows(frame, &region);
    let means = means(&windows);
    let scores: Vec<f32> = windows.iter().zip(means).map(|(w, mean)| spectrum.peak_score(w, mean)).collect();
    let score = median(&scores);
    let (verdict, key) = if score >= opts.max_peak {
        (Verdict::Fail, "recapture.fail")
    } else if score >= opts.warn_peak {
        (Verdict::Warn, "recapture.warn")
    } else {
        (Verdict::Pass, "recapture.pass")
    };
    let f = Finding::new("recapture", verdict, score, opts.max_peak, key);
    if verdict == Verdict::Pass { f } else { f.with_region(Region::Quad(region)) }
}

/// The luma of the windows laid over `region` (step 1 of [`check`]).
fn windows(frame: &Frame, region: &Quad) -> Vec<Plane> {
    let (fw, fh) = (frame.width as usize, frame.height as usize);
    let (qw, qh) = region.side_lengths();
    if qw.min(qh) < WINDOW as f32 * 0.9 || fw < WINDOW || fh < WINDOW {
        return Vec::new();
    }
    let mut boxes = Vec::new();
    for &(u, v) in &CENTRES {
        let Point { x, y } = region.lerp(u, v);
        let (x0, y0) = (x - WINDOW as f32 / 2.0, y - WINDOW as f32 / 2.0);
        if x0 < 0.0 || y0 < 0.0 || x0 as usize + WINDOW > fw || y0 as usize + WINDOW > fh {
            continue;
        }
        // The window lies inside the frame, so the luma window is exactly WINDOW×WINDOW.
        boxes.push(Rect { x: x0.floor(), y: y0.floor(), width: WINDOW as f32, height: WINDOW as f32 });
    }
    frame.prefetch(&boxes);
    boxes.iter().map(|&bounds| frame.luma_window(bounds, 0).plane).collect()
}

/// The mean of each window's samples, each summed in order as `iter().sum()` sums it, six
/// windows side by side: a window's next addition then does not wait on its last, as it does
/// when the windows are summed one after another.
fn means(windows: &[Plane]) -> Vec<f32> {
    let n = WINDOW * WINDOW;
    let mut out = Vec::with_capacity(windows.len());
    for group in windows.chunks(6) {
        // A group of fewer than six reads its last window again; those sums are dropped.
        let row = |k: usize| &group[k.min(group.len() - 1)].data[..n];
        let rows = row(0).iter().zip(row(1)).zip(row(2)).zip(row(3)).zip(row(4)).zip(row(5));
        let mut sums = [-0.0f32; 6];
        for (((((a, b), c), d), e), f) in rows {
            sums[0] += a;
            sums[1] += b;
            sums[2] += c;
            sums[3] += d;
            sums[4] += e;
            sums[5] += f;
        }
        out.extend(sums[..group.len()].iter().map(|s| s / n as f32));
    }
    out
}

/// The best peak-over-surroundings ratio of one window's spectrum, in dB (steps 2 and 3).
pub fn peak_score(window: &Plane) -> f32 {
    let mean = means(std::slice::from_ref(window))[0];
    Spectrum::new().peak_score(window, mean)
}

/// The power spectrum of 128×128 windows, with the Hann window, the twiddle factors and the
/// work planes kept from one window to the next.
struct Spectrum {
    hann: Vec<f32>,
    twiddles: Twiddles,
    re: Vec<f32>,
    im: Vec<f32>,
    power: Vec<f32>,
    /// Each index bit-reversed: where the FFT's first step would move that row or column.
    reversed: Vec<usize>,
    /// The largest power of each bin's row neighbours (itself and its left and right), and of
    /// its 3×3 neighbourhood (see [`neighbourhood_max`]).
    row_max: Vec<f32>,
    around_max: Vec<f32>,
    /// Which bins step 3 searches (see [`searched_bins`]).
    searched: Vec<u32>,
    /// The searched bins that are local maxima of the current window's spectrum.
    peaks: Vec<u32>,
}

impl Spectrum {
    fn new() -> Spectrum {
        let n = WINDOW;
        let hann = (0..n).map(|i| 0.5 - 0.5 * (2.0 * std::f32::consts::PI * i as f32 / n as f32).cos()).collect();
        let zeros = || vec![0f32; n * n];
        Spectrum {
            hann,
            twiddles: Twiddles::new(n),
            re: zeros(),
            im: zeros(),
            power: zeros(),
            reversed: reversed_indices(n),
            row_max: zeros(),
            around_max: zeros(),
            searched: searched_bins(),
            peaks: Vec::with_capacity(n * n / 4),
        }
    }

    /// The best peak-over-surroundings ratio of one window's spectrum, in dB (steps 2 and 3),
    /// given the mean of its samples.
    fn peak_score(&mut self, window: &Plane, mean: f32) -> f32 {
        self.compute(window, mean);
        neighbourhood_max(&self.power, &mut self.row_max, &mut self.around_max);
        local_maxima(&self.power, &self.around_max, &self.searched, &mut self.peaks);
        let power = &self.power;
        let sums = Integral::new(power);
        let count = ((2 * OUTER + 1).pow(2) - (2 * INNER + 1).pow(2)) as f64;
        // The best ratio of a peak's power to its ring's mean; log10 is increasing, so the
        // best ratio gives the best score, and the logarithm is taken once. The maximum does
        // not depend on the order the peaks come in.
        let mut best = 0f32;
        for &i in &self.peaks {
            let (x, y) = (i as usize % WINDOW, i as usize / WINDOW);
            let ring = sums.sum_around(x, y, OUTER) - sums.sum_around(x, y, INNER);
            let mean = (ring / count) as f32;
            if mean > 0.0 {
                best = best.max(power[i as usize] / mean);
            }
        }
        if best > 0.0 { (10.0 * best.log10()).max(0.0) } else { 0.0 }
    }

    /// The power spectrum of the window after removing its mean and applying a 2-D Hann window,
    /// into `self.power` (row ky, column kx).
    ///
    /// 1. Write the windowed samples with both their rows and their columns in bit-reversed
    ///    order (the first step of both passes' FFTs, done by where they are written).
    /// 2. FFT every row in place: the image rows' transforms along x.
    /// 3. FFT every column (all columns at once, butterfly by butterfly, so that each row of
    ///    the plane is one vector operation): the transforms along y.
    fn compute(&mut self, window: &Plane, mean: f32) {
        let n = WINDOW;
        let (hann, reversed) = (&self.hann, &self.reversed);
        for (y, row) in window.data.chunks_exact(n).enumerate() {
            let to = &mut self.re[reversed[y] * n..][..n];
            windowed_row(row, mean, hann, hann[y], reversed, to);
        }
        for (re, im) in self.re.chunks_exact_mut(n).zip(self.im.chunks_exact_mut(n)) {
            fft_real_row(re, im, &self.twiddles);
        }
        combine_rows(&mut self.re, &mut self.im, &self.twiddles);
        for ((p, a), b) in self.power.iter_mut().zip(&self.re).zip(&self.im) {
            *p = a * a + b * b;
        }
    }
}

/// `to[reversed[x]]` = `(row[x] − mean) · hann[x] · hann_y` for each x of a WINDOW-long row:
/// the windowed samples, in bit-reversed order (four at a time with simd128).
fn windowed_row(row: &[f32], mean: f32, hann: &[f32], hann_y: f32, reversed: &[usize], to: &mut [f32]) {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    return wasm32::windowed_row(row, mean, hann, hann_y, reversed, to);
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    for ((&v, &h), &r) in row.iter().zip(hann).zip(reversed) {
        to[r] = (v - mean) * h * hann_y;
    }
}

/// The FFT of one row of real samples already in bit-reversed order in `re`, in place; `im`
/// is only written (the input's imaginary parts are zero). The butterflies of sizes 2, 4, ...,
/// WINDOW in turn, each exactly as [`fft`] computes it, with im = 0 before the first.
fn fft_real_row(re: &mut [f32], im: &mut [f32], tw: &Twiddles) {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    return wasm32::fft_real_row(re, im, tw);
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    {
        im.fill(0.0);
        fft_reversed(re, im, tw);
    }
}

/// Each index below `n` (a power of two) with its bits reversed.
fn reversed_indices(n: usize) -> Vec<usize> {
    let bits = n.trailing_zeros();
    (0..n).map(|i| i.reverse_bits() >> (usize::BITS - bits)).collect()
}

/// For every bin of the first `WINDOW / 2 + 1` rows of the WINDOW×WINDOW spectrum (the half
/// that [`Spectrum::peak_score`] searches), the largest power of its 3×3 neighbourhood, itself
/// included, wrapping around the spectrum's edges, into `around` (`rows` holds the maxima along
/// each row first). A bin is a local maximum, no neighbour having more power, exactly when this
/// is its own power. Four bins at a time with simd128.
fn neighbourhood_max(power: &[f32], rows: &mut [f32], around: &mut [f32]) {
    let n = WINDOW;
    for (src, out) in power.chunks_exact(n).zip(rows.chunks_exact_mut(n)) {
        row_max(src, out);
    }
    for y in 0..=n / 2 {
        let (above, row, below) = (&rows[((y + n - 1) % n) * n..][..n], &rows[y * n..][..n], &rows[(y + 1) * n..][..n]);
        column_max(above, row, below, &mut around[y * n..][..n]);
    }
}

/// The larger of two powers (never NaN).
fn larger(a: f32, b: f32) -> f32 {
    if a < b { b } else { a }
}

/// Each bin's power or its left or right neighbour's, whichever is largest, wrapping around
/// the row's ends.
fn row_max(src: &[f32], out: &mut [f32]) {
    let n = src.len();
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    let done = wasm32::row_max(src, out);
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    let done = 1;
    for x in done..n - 1 {
        out[x] = larger(larger(src[x - 1], src[x]), src[x + 1]);
    }
    out[0] = larger(larger(src[n - 1], src[0]), src[1]);
    out[n - 1] = larger(larger(src[n - 2], src[n - 1]), src[0]);
}

/// The largest of three rows, bin by bin, into `out`.
fn column_max(above: &[f32], row: &[f32], below: &[f32], out: &mut [f32]) {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    return wasm32::column_max(above, row, below, out);
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    for (((o, &a), &r), &b) in out.iter_mut().zip(above).zip(row).zip(below) {
        *o = larger(larger(a, r), b);
    }
}

/// Which bins of the half spectrum that [`Spectrum::peak_score`] searches (rows ky = 0 to
/// WINDOW / 2, the input being real, so that the spectrum is symmetric) a peak may be in: all
/// ones for a bin with −WINDOW/2 < kx < WINDOW/2, at least [`MIN_RADIUS`] from the origin
/// (in whole numbers: kx² + ky² ≥ MIN_RADIUS²) and off the JPEG block grid, zero for the rest.
fn searched_bins() -> Vec<u32> {
    let half = WINDOW as isize / 2;
    let min_r2 = (MIN_RADIUS * MIN_RADIUS) as isize;
    let mut searched = vec![0u32; (WINDOW / 2 + 1) * WINDOW];
    for ky in 0..=half {
        for kx in -half + 1..half {
            if kx * kx + ky * ky >= min_r2 && !on_block_grid(kx, ky) {
                searched[wrap(ky) * WINDOW + wrap(kx)] = u32::MAX;
            }
        }
    }
    searched
}

/// The indices of the bins that are searched (`searched` not zero) and local maxima (no
/// neighbour has more power: `around`, the neighbourhood's largest power, is not above the
/// bin's), in increasing order, into `out` (four bins at a time with simd128).
fn local_maxima(power: &[f32], around: &[f32], searched: &[u32], out: &mut Vec<u32>) {
    out.clear();
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    return wasm32::local_maxima(power, around, searched, out);
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    for (i, ((&p, &a), &s)) in power.iter().zip(around).zip(searched).enumerate() {
        if s != 0 && !(a > p) {
            out.push(i as u32);
        }
    }
}

/// Whether the frequency lies within a bin of a harmonic of the 8-pixel JPEG block grid on both axes.
fn on_block_grid(kx: isize, ky: isize) -> bool {
    let step = (WINDOW / 8) as isize;
    let near = |k: isize| {
        let m = k.rem_euclid(step);
        m <= 1 || m >= step - 1
    };
    near(kx) && near(ky)
}

fn wrap(k: isize) -> usize {
    k.rem_euclid(WINDOW as isize) as usize
}

/// Whether no bin of the 3×3 neighbourhood of (x, y), wrapping around the spectrum's edges, has
/// more power than `p` (the unit tests' reference for [`neighbourhood_max`]).
#[cfg(test)]
fn is_local_max(power: &[f32], x: usize, y: usize, p: f32) -> bool {
    let n = WINDOW;
    if (1..n - 1).contains(&x) && (1..n - 1).contains(&y) {
        // Away from the edges the neighbours are at fixed offsets: no wrapping.
        let i = y * n + x;
        let around = [i - n - 1, i - n, i - n + 1, i - 1, i + 1, i + n - 1, i + n, i + n + 1];
        return around.iter().all(|&k| !(power[k] > p));
    }
    for dy in [n - 1, 0, 1] {
        let row = &power[((y + dy) % n) * n..][..n];
        for dx in [n - 1, 0, 1] {
            if (dx, dy) != (0, 0) && row[(x + dx) % n] > p {
                return false;
            }
        }
    }
    true
}

/// Sums of the power over square neighbourhoods, from a periodic summed-area table.
struct Integral {
    /// The table over the spectrum tiled far enough past its edges ([`Integral::EXTENT`] bins
    /// along each axis) that a neighbourhood of half-width up to [`OUTER`] may wrap.
    table: Vec<f64>,
}

impl Integral {
    /// Bins of the tiled spectrum along each axis: a square's first corner is wrapped into the
    /// first tile, so it ends at most 2·OUTER + 1 bins past it.
    const EXTENT: usize = WINDOW + 2 * OUTER + 1;

    fn new(power: &[f32]) -> Integral {
        let n = WINDOW;
        let m = Self::EXTENT + 1;
        let mut table = vec![0f64; m * m];
        for y in 0..Self::EXTENT {
            let src = &power[(y % n) * n..][..n];
            let mut row = 0f64;
            let (above, below) = table.split_at_mut((y + 1) * m);
            let (above, below) = (&above[y * m + 1..][..Self::EXTENT], &mut below[1..m]);
            for (x, (b, &a)) in below.iter_mut().zip(above).enumerate() {
                row += src[x % n] as f64;
                *b = a + row;
            }
        }
        Integral { table }
    }

    /// The sum over the (2r+1)² bins centred on (x, y), wrapping around the spectrum's edges;
    /// `r` is at most [`OUTER`].
    fn sum_around(&self, x: usize, y: usize, r: usize) -> f64 {
        let (m, n) = (Self::EXTENT + 1, WINDOW);
        // The square's first corner, wrapped into the first tile; the square then ends
        // inside the tiled table.
        let (x0, y0) = ((x + n - r) % n, (y + n - r) % n);
        let (x1, y1) = (x0 + 2 * r + 1, y0 + 2 * r + 1);
        self.table[y1 * m + x1] - self.table[y0 * m + x1] - self.table[y1 * m + x0] + self.table[y0 * m + x0]
    }
}

/// The twiddle factors e^(−2πik/n) of a size-n FFT, as each butterfly size reads them: for the
/// half-size h (1, 2, 4, ..., n/2), entries h − 1 to 2h − 2 are those of k = 0, n/(2h),
/// 2n/(2h), ..., so that consecutive butterflies of one size find theirs side by side.
struct Twiddles {
    cos: Vec<f32>,
    sin: Vec<f32>,
}

impl Twiddles {
    fn new(n: usize) -> Twiddles {
        let halves = std::iter::successors(Some(1usize), |h| Some(h * 2)).take_while(|&h| h < n);
        let (cos, sin) = halves.flat_map(|h| (0..h).map(move |k| twiddle(k * (n / (2 * h)), n))).unzip();
        Twiddles { cos, sin }
    }
}

/// cos and sin of −2πk/n.
fn twiddle(k: usize, n: usize) -> (f32, f32) {
    let angle = -2.0 * std::f32::consts::PI * k as f32 / n as f32;
    (angle.cos(), angle.sin())
}

/// In-place radix-2 decimation-in-time FFT of a power-of-two length.
///
/// 1. Reorder the samples by bit-reversed index.
/// 2. Combine butterflies of growing size 2, 4, ..., n with the twiddle factors e^(−2πik/n).
/// A one-dimensional FFT of `re` + i·`im` in place, by the same steps as [`fft_columns`] (the
/// unit tests' reference).
#[cfg(test)]
fn fft(re: &mut [f32], im: &mut [f32], tw: &Twiddles) {
    for (i, j) in bit_reversed_swaps(re.len()) {
        re.swap(i, j);
        im.swap(i, j);
    }
    fft_reversed(re, im, tw);
}

/// Step 2 of [`fft`] alone: the butterflies applied one at a time to a sequence already in
/// bit-reversed order, in place.
#[cfg(any(test, not(all(target_arch = "wasm32", target_feature = "simd128"))))]
fn fft_reversed(re: &mut [f32], im: &mut [f32], tw: &Twiddles) {
    for (a, b, c, s) in butterflies(re.len(), tw) {
        let (re_a, re_b) = re.split_at_mut(b);
        let (im_a, im_b) = im.split_at_mut(b);
        butterfly_scalar(&mut re_a[a..a + 1], &mut im_a[a..a + 1], &mut re_b[..1], &mut im_b[..1], c, s);
    }
}

/// The pairs (i, j), i < j, that a radix-2 FFT of size `n` (a power of two) swaps first.
#[cfg(test)]
fn bit_reversed_swaps(n: usize) -> impl Iterator<Item = (usize, usize)> {
    let bits = n.trailing_zeros();
    (0..n).map(move |i| (i, i.reverse_bits() >> (usize::BITS - bits))).filter(|(i, j)| j > i)
}

/// The butterflies (a, b, cos, sin) of a radix-2 decimation-in-time FFT of size `n`, in order:
/// sizes 2, 4, ..., n, with the twiddle factors e^(−2πik/n).
fn butterflies(n: usize, tw: &Twiddles) -> impl Iterator<Item = (usize, usize, f32, f32)> + '_ {
    std::iter::successors(Some(2usize), |s| Some(s * 2)).take_while(move |&size| size <= n).flat_map(move |size| {
        let half = size / 2;
        (0..n).step_by(size).flat_map(move |start| (0..half).map(move |k| (start + k, start + k + half, tw.cos[half - 1 + k], tw.sin[half - 1 + k])))
    })
}

/// The FFT of every column of a WINDOW×WINDOW plane (`re` and `im`, row after row) whose rows
/// are already in bit-reversed order (step 1 of a radix-2 decimation-in-time FFT, done by the
/// caller as it writes them), in place: step 2, rows combined in butterflies of growing size
/// 2, 4, ..., n with the twiddle factors e^(−2πik/n), each applied to whole rows.
///
/// Each column goes through exactly the arithmetic of a one-column FFT, in the same order.
fn combine_rows(re: &mut [f32], im: &mut [f32], tw: &Twiddles) {
    for (a, b, c, s) in butterflies(WINDOW, tw) {
        let (re_a, re_b) = two_rows(re, a, b);
        let (im_a, im_b) = two_rows(im, a, b);
        butterfly(re_a, im_a, re_b, im_b, c, s);
    }
}

/// Rows `a` and `b` (a < b) of a WINDOW-wide plane, both mutable.
fn two_rows(p: &mut [f32], a: usize, b: usize) -> (&mut [f32], &mut [f32]) {
    let n = WINDOW;
    let (lo, hi) = p.split_at_mut(b * n);
    (&mut lo[a * n..(a + 1) * n], &mut hi[..n])
}

/// One butterfly applied to every column: with t = (re_b + i·im_b)(c + i·s),
/// b = a − t and a = a + t.
fn butterfly(re_a: &mut [f32], im_a: &mut [f32], re_b: &mut [f32], im_b: &mut [f32], c: f32, s: f32) {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    return wasm32::butterfly(re_a, im_a, re_b, im_b, c, s);
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    butterfly_scalar(re_a, im_a, re_b, im_b, c, s)
}

/// [`butterfly`] one column at a time.
fn butterfly_scalar(re_a: &mut [f32], im_a: &mut [f32], re_b: &mut [f32], im_b: &mut [f32], c: f32, s: f32) {
    for (((ra, ia), rb), ib) in re_a.iter_mut().zip(im_a.iter_mut()).zip(re_b.iter_mut()).zip(im_b.iter_mut()) {
        let tr = *rb * c - *ib * s;
        let ti = *rb * s + *ib * c;
        *rb = *ra - tr;
        *ib = *ia - ti;
        *ra += tr;
        *ia += ti;
    }
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod wasm32;

fn median(v: &[f32]) -> f32 {
    if v.is_empty() {
        return 0.0;
    }
    let mut s = v.to_vec();
    let mid = s.len() / 2;
    *s.select_nth_unstable_by(mid, f32::total_cmp).1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::{card_quad, grey_pixels, paint_card, plane, Rng};

    #[test]
    fn fft_of_a_tone_has_one_peak_pair() {
        let n = 16;
        let tw = Twiddles::new(n);
        let mut re: Vec<f32> = (0..n).map(|i| (2.0 * std::f32::consts::PI * 3.0 * i as f32 / n as f32).cos()).collect();
        let mut im = vec![0f32; n];
        fft(&mut re, &mut im, &tw);
        for k in 0..n {
            let p = (re[k] * re[k] + im[k] * im[k]).sqrt();
            let expected = if k == 3 || k == n - 3 { n as f32 / 2.0 } else { 0.0 };
            assert!((p - expected).abs() < 1e-3, "bin {k}: {p}");
        }
    }

    #[test]
    fn neighbourhood_sums_wrap_around() {
        let n = WINDOW;
        let power: Vec<f32> = (0..n * n).map(|i| ((i * 37) % 101) as f32).collect();
        let s = Integral::new(&power);
        let direct = |x: usize, y: usize, r: usize| {
            let mut t = 0f64;
            for dy in 0..2 * r + 1 {
                for dx in 0..2 * r + 1 {
                    t += power[((y + n + dy - r) % n) * n + (x + n + dx - r) % n] as f64;
                }
            }
            t
        };
        for (x, y) in [(0, 0), (127, 127), (3, 5), (1, 126), (64, 0)] {
            for r in [INNER, OUTER] {
                assert_eq!(s.sum_around(x, y, r), direct(x, y, r), "({x}, {y}) r {r}");
            }
        }
    }

    #[test]
    fn neighbourhood_max_finds_the_local_maxima_that_is_local_max_finds() {
        let n = WINDOW;
        let mut rng = Rng::new(7);
        // Few distinct values, so that ties between neighbours are common; maxima on every edge
        // and next to the last row searched (64).
        let mut power: Vec<f32> = (0..n * n).map(|_| (rng.next() * 6.0).floor()).collect();
        for i in [0, n - 1, n * (n - 1), n * n - 1, 5, 5 * n, 65 * n + 3, 64 * n + 127] {
            power[i] = 9.0;
        }
        let (mut rows, mut around) = (vec![0f32; n * n], vec![0f32; n * n]);
        neighbourhood_max(&power, &mut rows, &mut around);
        let mut maxima = 0;
        for y in 0..=n / 2 {
            for x in 0..n {
                let p = power[y * n + x];
                assert_eq!(!(around[y * n + x] > p), is_local_max(&power, x, y, p), "({x}, {y})");
                maxima += is_local_max(&power, x, y, p) as usize;
            }
        }
        assert!(maxima > 50, "{maxima} maxima");
    }

    /// The power spectrum as row FFTs and then column FFTs, one sequence at a time.
    fn spectrum_one_by_one(window: &Plane) -> Vec<f32> {
        let n = WINDOW;
        let mean = window.data.iter().sum::<f32>() / (n * n) as f32;
        let hann: Vec<f32> = (0..n).map(|i| 0.5 - 0.5 * (2.0 * std::f32::consts::PI * i as f32 / n as f32).cos()).collect();
        let mut re: Vec<f32> = (0..n * n).map(|i| (window.data[i] - mean) * hann[i % n] * hann[i / n]).collect();
        let mut im = vec![0f32; n * n];
        let tw = Twiddles::new(n);
        for y in 0..n {
            fft(&mut re[y * n..(y + 1) * n], &mut im[y * n..(y + 1) * n], &tw);
        }
        let (mut cr, mut ci) = (vec![0f32; n], vec![0f32; n]);
        for x in 0..n {
            for y in 0..n {
                (cr[y], ci[y]) = (re[y * n + x], im[y * n + x]);
            }
            fft(&mut cr, &mut ci, &tw);
            for y in 0..n {
                (re[y * n + x], im[y * n + x]) = (cr[y], ci[y]);
            }
        }
        re.iter().zip(&im).map(|(a, b)| a * a + b * b).collect()
    }

    #[test]
    fn the_whole_plane_fft_gives_the_one_by_one_spectrum_exactly() {
        let (p, q) = card_photo(4);
        let px = grey_pixels(&screen(&p, 3.7, 0.3));
        let frame = Frame::new(&px);
        let wins = windows(&frame, &q.shrunk(SHRINK));
        assert!(wins.len() >= 4, "{} windows", wins.len());
        let mut s = Spectrum::new();
        for (w, mean) in wins.iter().zip(means(&wins)) {
            s.compute(w, mean);
            assert!(s.power == spectrum_one_by_one(w));
        }
    }

    #[test]
    fn the_means_side_by_side_are_each_window_summed_alone() {
        let mut rng = Rng::new(5);
        let wins: Vec<Plane> = [255.0, 1.0, 1e-3, 3e4, 0.5, 77.0, 9.0, 0.2]
            .iter()
            .map(|&scale| {
                Plane { width: WINDOW, height: WINDOW, data: (0..WINDOW * WINDOW).map(|_| rng.next() * scale).collect() }
            })
            .collect();
        for count in 0..=wins.len() {
            let alone: Vec<u32> = wins[..count].iter().map(|w| (w.data.iter().sum::<f32>() / (WINDOW * WINDOW) as f32).to_bits()).collect();
            let side_by_side: Vec<u32> = means(&wins[..count]).iter().map(|m| m.to_bits()).collect();
            assert_eq!(side_by_side, alone, "{count} windows");
        }
    }

    #[test]
    fn the_row_by_row_fft_gives_the_one_by_one_spectrum_of_random_windows_exactly() {
        let mut rng = Rng::new(11);
        let mut s = Spectrum::new();
        for scale in [1.0, 255.0, 1e-3] {
            let data = (0..WINDOW * WINDOW).map(|_| rng.next() * scale).collect();
            let w = Plane { width: WINDOW, height: WINDOW, data };
            s.compute(&w, means(std::slice::from_ref(&w))[0]);
            assert!(s.power == spectrum_one_by_one(&w), "scale {scale}");
        }
    }

    #[test]
    fn the_twiddles_by_butterfly_size_are_the_strided_ones() {
        let tw = Twiddles::new(WINDOW);
        let mut half = 1;
        while half < WINDOW {
            for k in 0..half {
                let i = k * WINDOW / (2 * half);
                assert_eq!((tw.cos[half - 1 + k], tw.sin[half - 1 + k]), twiddle(i, WINDOW));
            }
            half *= 2;
        }
        assert_eq!(tw.cos.len(), WINDOW - 1);
    }

    #[test]
    fn the_local_maxima_are_the_bins_the_scan_of_the_half_spectrum_keeps() {
        let n = WINDOW;
        let mut rng = Rng::new(5);
        let power: Vec<f32> = (0..n * n).map(|_| (rng.next() * 5.0).floor()).collect();
        let (mut rows, mut around) = (vec![0f32; n * n], vec![0f32; n * n]);
        neighbourhood_max(&power, &mut rows, &mut around);
        let mut peaks = Vec::new();
        local_maxima(&power, &around, &searched_bins(), &mut peaks);
        // The scan of every kx, ky that step 3 describes, one bin at a time.
        let mut scanned = Vec::new();
        for ky in 0..=64isize {
            for kx in -63..64isize {
                let (x, y) = (wrap(kx), wrap(ky));
                if kx * kx + ky * ky >= 100 && !on_block_grid(kx, ky) && is_local_max(&power, x, y, power[y * n + x]) {
                    scanned.push((y * n + x) as u32);
                }
            }
        }
        scanned.sort_unstable();
        assert!(peaks.len() > 300, "{} peaks", peaks.len());
        assert_eq!(peaks, scanned);
    }

    /// A 900×700 photo: a card 700 px wide at (100, 120) on a grey desk, with noise.
    fn card_photo(seed: u64) -> (Plane, Quad) {
        let mut p = plane(900, 700, 100.0);
        paint_card(&mut p, 100.0, 120.0, 700.0, seed);
        let mut rng = Rng::new(seed);
        p.data.iter_mut().for_each(|v| *v = (*v + 4.0 * (rng.next() - 0.5)).clamp(0.0, 255.0));
        (p, card_quad(100.0, 120.0, 700.0))
    }

    /// The card as if on a screen photographed: multiplied by a slanted stripe grid of period
    /// `pitch` px (a screen's subpixel rows after resampling, i.e. moiré).
    fn screen(p: &Plane, pitch: f32, depth: f32) -> Plane {
        let mut out = p.clone();
        for (i, v) in out.data.iter_mut().enumerate() {
            let (x, y) = ((i % p.width) as f32, (i / p.width) as f32);
            let phase = 2.0 * std::f32::consts::PI * (x * 0.96 + y * 0.28) / pitch;
            *v *= 1.0 - depth * (0.5 + 0.5 * phase.cos());
        }
        out
    }

    fn run(p: &Plane, q: &Quad) -> Finding {
        let px = grey_pixels(p);
        check(&Frame::new(&px), Some(q), &RecaptureOptions::default())
    }

    #[test]
    fn a_card_photo_passes_and_a_screen_grid_does_not() {
        for seed in [1, 2, 3] {
            let (p, q) = card_photo(seed);
            let clean = run(&p, &q);
            assert_eq!(clean.verdict, Verdict::Pass, "seed {seed}: {} dB", clean.score);
            let moire = run(&screen(&p, 3.7, 0.3), &q);
            assert!(moire.verdict >= Verdict::Warn, "seed {seed}: {} dB", moire.score);
            assert!(moire.score > clean.score + 10.0, "{} vs {}", moire.score, clean.score);
        }
    }

    #[test]
    fn a_small_document_gives_no_windows_and_passes() {
        let (p, _) = card_photo(1);
        let tiny = card_quad(100.0, 120.0, 150.0);
        let f = run(&screen(&p, 3.7, 0.3), &tiny);
        assert_eq!((f.verdict, f.score), (Verdict::Pass, 0.0));
    }
}
