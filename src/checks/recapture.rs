//! `recapture`: warns of (or fails) a photo of a screen, by the moiré and pixel-grid peaks in its spectrum.

use crate::finding::{Finding, Region, Verdict};
use crate::frame::{Frame, Plane};
use crate::geometry::{Point, Quad};
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
    let scores: Vec<f32> = windows(frame, &region).iter().map(peak_score).collect();
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
    let mut out = Vec::new();
    for &(u, v) in &CENTRES {
        let Point { x, y } = region.lerp(u, v);
        let (x0, y0) = (x - WINDOW as f32 / 2.0, y - WINDOW as f32 / 2.0);
        if x0 < 0.0 || y0 < 0.0 || x0 as usize + WINDOW > fw || y0 as usize + WINDOW > fh {
            continue;
        }
        let (x0, y0) = (x0 as u32, y0 as u32);
        let mut p = Plane::new(WINDOW, WINDOW);
        for j in 0..WINDOW {
            for i in 0..WINDOW {
                p.data[j * WINDOW + i] = frame.luma_at(x0 + i as u32, y0 + j as u32);
            }
        }
        out.push(p);
    }
    out
}

/// The best peak-over-surroundings ratio of one window's spectrum, in dB (steps 2 and 3).
pub fn peak_score(window: &Plane) -> f32 {
    let power = spectrum(window);
    let n = WINDOW;
    let sums = Integral::new(&power, n);
    let half = n as isize / 2;
    let mut best = 0f32;
    // Real input: the spectrum is symmetric, so half of it (ky >= 0) is enough.
    for ky in 0..=half {
        for kx in -half + 1..half {
            let r = ((kx * kx + ky * ky) as f32).sqrt();
            if r < MIN_RADIUS || on_block_grid(kx, ky) {
                continue;
            }
            let (x, y) = (wrap(kx, n), wrap(ky, n));
            let p = power[y * n + x];
            if !is_local_max(&power, n, x, y, p) {
                continue;
            }
            let ring = sums.sum_around(x, y, OUTER) - sums.sum_around(x, y, INNER);
            let count = ((2 * OUTER + 1).pow(2) - (2 * INNER + 1).pow(2)) as f64;
            let mean = (ring / count) as f32;
            if mean > 0.0 {
                best = best.max(10.0 * (p / mean).log10());
            }
        }
    }
    best
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

fn wrap(k: isize, n: usize) -> usize {
    k.rem_euclid(n as isize) as usize
}

fn is_local_max(power: &[f32], n: usize, x: usize, y: usize, p: f32) -> bool {
    for dy in [n - 1, 0, 1] {
        for dx in [n - 1, 0, 1] {
            if (dx, dy) != (0, 0) && power[((y + dy) % n) * n + (x + dx) % n] > p {
                return false;
            }
        }
    }
    true
}

/// Sums of the power over square neighbourhoods, from a periodic summed-area table.
struct Integral {
    n: usize,
    /// (2n+1)×(2n+1) table over the spectrum tiled twice, so that a neighbourhood may wrap.
    table: Vec<f64>,
}

impl Integral {
    fn new(power: &[f32], n: usize) -> Integral {
        let m = 2 * n + 1;
        let mut table = vec![0f64; m * m];
        for y in 0..2 * n {
            let mut row = 0f64;
            for x in 0..2 * n {
                row += power[(y % n) * n + x % n] as f64;
                table[(y + 1) * m + x + 1] = table[y * m + x + 1] + row;
            }
        }
        Integral { n, table }
    }

    /// The sum over the (2r+1)² bins centred on (x, y), wrapping around the spectrum's edges.
    fn sum_around(&self, x: usize, y: usize, r: usize) -> f64 {
        let (m, n) = (2 * self.n + 1, self.n);
        // The square's first corner, wrapped into the first tile; with r <= n/2 the square
        // then ends inside the doubled table.
        let (x0, y0) = ((x + n - r) % n, (y + n - r) % n);
        let (x1, y1) = (x0 + 2 * r + 1, y0 + 2 * r + 1);
        self.table[y1 * m + x1] - self.table[y0 * m + x1] - self.table[y1 * m + x0] + self.table[y0 * m + x0]
    }
}

/// The power spectrum of the window after removing its mean and applying a 2-D Hann window.
fn spectrum(window: &Plane) -> Vec<f32> {
    let n = WINDOW;
    let mean = window.data.iter().sum::<f32>() / (n * n) as f32;
    let hann: Vec<f32> = (0..n).map(|i| 0.5 - 0.5 * (2.0 * std::f32::consts::PI * i as f32 / n as f32).cos()).collect();
    let mut re: Vec<f32> = (0..n * n).map(|i| (window.data[i] - mean) * hann[i % n] * hann[i / n]).collect();
    let mut im = vec![0f32; n * n];
    let twiddles = Twiddles::new(n);
    for y in 0..n {
        fft(&mut re[y * n..(y + 1) * n], &mut im[y * n..(y + 1) * n], &twiddles);
    }
    let (mut cr, mut ci) = (vec![0f32; n], vec![0f32; n]);
    for x in 0..n {
        for y in 0..n {
            cr[y] = re[y * n + x];
            ci[y] = im[y * n + x];
        }
        fft(&mut cr, &mut ci, &twiddles);
        for y in 0..n {
            re[y * n + x] = cr[y];
            im[y * n + x] = ci[y];
        }
    }
    re.iter().zip(&im).map(|(a, b)| a * a + b * b).collect()
}

/// cos and sin of 2πk/n for k < n/2.
struct Twiddles {
    cos: Vec<f32>,
    sin: Vec<f32>,
}

impl Twiddles {
    fn new(n: usize) -> Twiddles {
        let angle = |k: usize| -2.0 * std::f32::consts::PI * k as f32 / n as f32;
        Twiddles { cos: (0..n / 2).map(|k| angle(k).cos()).collect(), sin: (0..n / 2).map(|k| angle(k).sin()).collect() }
    }
}

/// In-place radix-2 decimation-in-time FFT of a power-of-two length.
///
/// 1. Reorder the samples by bit-reversed index.
/// 2. Combine butterflies of growing size 2, 4, ..., n with the twiddle factors e^(−2πik/n).
fn fft(re: &mut [f32], im: &mut [f32], tw: &Twiddles) {
    let n = re.len();
    let bits = n.trailing_zeros();
    for i in 0..n {
        let j = i.reverse_bits() >> (usize::BITS - bits);
        if j > i {
            re.swap(i, j);
            im.swap(i, j);
        }
    }
    let mut size = 2;
    while size <= n {
        let (half, step) = (size / 2, n / size);
        for start in (0..n).step_by(size) {
            for k in 0..half {
                let (c, s) = (tw.cos[k * step], tw.sin[k * step]);
                let (a, b) = (start + k, start + k + half);
                let tr = re[b] * c - im[b] * s;
                let ti = re[b] * s + im[b] * c;
                re[b] = re[a] - tr;
                im[b] = im[a] - ti;
                re[a] += tr;
                im[a] += ti;
            }
        }
        size *= 2;
    }
}

fn median(v: &[f32]) -> f32 {
    if v.is_empty() {
        return 0.0;
    }
    let mut s = v.to_vec();
    s.sort_by(f32::total_cmp);
    s[s.len() / 2]
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
        let n = 8;
        let power: Vec<f32> = (0..n * n).map(|i| i as f32).collect();
        let s = Integral::new(&power, n);
        let direct = |x: usize, y: usize, r: usize| {
            let mut t = 0f64;
            for dy in 0..2 * r + 1 {
                for dx in 0..2 * r + 1 {
                    t += power[((y + n + dy - r) % n) * n + (x + n + dx - r) % n] as f64;
                }
            }
            t
        };
        for (x, y) in [(0, 0), (7, 7), (3, 5), (1, 6)] {
            assert_eq!(s.sum_around(x, y, 2), direct(x, y, 2), "({x}, {y})");
        }
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
