//! `compression`: fails a JPEG so heavily compressed that fine print is lost, from its DQT tables.

use crate::finding::{Finding, Verdict};
use crate::frame::Frame;
use crate::metadata::Metadata;
use serde::Deserialize;

/// Thresholds of the compression check, on the IJG quality scale (1..100).
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct CompressionOptions {
    /// Fail below this estimated JPEG quality. Default: 50. Measured with
    /// `cargo run --release --example compression_table -- .cache/photos/page.png` (scikit-image's
    /// scan of a printed page, small type): re-encoded at quality 50 it keeps 31.1 dB PSNR and
    /// 98% of its stroke edges; at 40, 29.7 dB and 96%; at 30, 28.2 dB and 93%. 50 is the lowest
    /// quality that stays above the usual 30 dB floor of acceptable lossy quality.
    pub min_quality: f32,
    /// Warn below this estimated quality. Default: 70: the same measurement keeps every stroke
    /// edge from 70 up (36.0 dB) and starts losing them at 60 (33.0 dB, 99%). The camera JPEGs
    /// in `.cache/photos` estimate at 75–95, and Chromium's `canvas.toBlob` default is 0.92.
    pub warn_quality: f32,
}

impl Default for CompressionOptions {
    fn default() -> Self {
        CompressionOptions { min_quality: 50.0, warn_quality: 70.0 }
    }
}

/// The example luminance table of ITU-T T.81 (JPEG), annex K, table K.1, in natural order.
const STD_LUMA: [u16; 64] = [
    16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51,
    87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92, 49, 64, 78, 87, 103, 121, 120, 101,
    72, 92, 95, 98, 112, 100, 103, 99,
];

/// The example chrominance table of ITU-T T.81, annex K, table K.2, in natural order.
const STD_CHROMA: [u16; 64] = [
    17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99, 24, 26, 56, 99, 99, 99, 99, 99, 47, 66, 99, 99, 99,
    99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
    99, 99, 99, 99, 99, 99,
];

/// Estimates the JPEG's quality and holds it to the thresholds. Score: the estimated quality
/// (1..100); threshold: `min_quality`. `None` when the file has no quantisation table (not a
/// JPEG): PNG is lossless, and lossy WebP's quantiser is not read.
///
/// What it sees: the quality of the last save. What it does not: a photo compressed hard and
/// then saved again at a high quality keeps the damage but carries high-quality tables; this
/// check passes it. Measured with `cargo run --release --example compression_table -- --grid
/// .cache/photos/*`: the 25 photos as fetched score a [`blockiness`] of 1.005–1.825, and the
/// same photos saved at quality 20 then 95 score 1.155–5.38 (grass.png 1.155, gravel.png 1.219),
/// so no threshold separates re-compressed from original photos without rejecting smooth
/// originals; double-quantisation analysis of the DCT histograms would be needed and is not done.
pub fn check(meta: &Metadata, opts: &CompressionOptions) -> Option<Finding> {
    let q = estimate_quality(&meta.structure.quant_tables)?;
    let quality = q as f32;
    let (verdict, key) = if quality < opts.min_quality {
        (Verdict::Fail, "compression.fail")
    } else if quality < opts.warn_quality {
        (Verdict::Warn, "compression.warn")
    } else {
        (Verdict::Pass, "compression.pass")
    };
    Some(Finding::new("compression", verdict, quality, opts.min_quality, key).with_param("quality", q.to_string()))
}

/// The IJG quality (1..100) whose scaled standard tables are nearest to the file's tables.
///
/// 1. IJG libjpeg (`jcparam.c`, `jpeg_quality_scaling`) turns a quality q into a percentage:
///    5000 / q below 50, else 200 − 2q; each table entry is (base × percentage + 50) / 100,
///    kept within 1..255. Most encoders (libjpeg, libjpeg-turbo, browsers, the `image` crate)
///    use exactly this; phone makers use their own tables of similar shape.
/// 2. For each q, compare table 0 (luma) with K.1 and table 1 (chroma, if present) with K.2
///    by the squared difference of the logarithms, so that a step of 2 against 1 weighs like
///    100 against 50: the fit is by ratio, as quantiser steps act.
/// 3. Take the q with the smallest difference; ties go to the higher quality.
pub fn estimate_quality(tables: &[Option<[u16; 64]>; 4]) -> Option<u8> {
    let luma = tables[0].as_ref()?;
    let chroma = tables[1].as_ref();
    let mut best = (f32::MAX, 100u8);
    for q in (1..=100u8).rev() {
        let mut d = log_distance(luma, &scaled(&STD_LUMA, q));
        if let Some(c) = chroma {
            d += log_distance(c, &scaled(&STD_CHROMA, q));
        }
        if d < best.0 {
            best = (d, q);
        }
    }
    Some(best.1)
}

/// How strongly the decoded luma steps at an 8-pixel grid: the JPEG block edges that heavy
/// compression leaves and a later high-quality save keeps. 1.0 means no grid; a heavily
/// compressed JPEG scores well above. Not used by the check: see [`check`] for why. After Fan and de Queiroz, "Identification of bitmap
/// compression history: JPEG detection and quantizer estimation" (IEEE TIP 12(2), 2003), who
/// compare pixel differences across and inside 8×8 blocks; this is a simpler variant.
///
/// 1. Over up to 512 rows, take each horizontal step |L(x+1) − L(x)|, capped at 16 grey levels
///    so that real edges count no more than a block edge, and average them by x mod 8 (eight
///    phases). Do the same down up to 512 columns.
/// 2. The grid's phase is the one with the largest mean (decoding may have rotated the image,
///    so the grid need not start at 0).
/// 3. Score: the grid phases' means over the median phase means, both directions summed.
pub fn blockiness(frame: &Frame) -> f32 {
    let (w, h) = (frame.width, frame.height);
    if w < 32 || h < 32 {
        return 1.0;
    }
    let (mut across, mut down) = ([0f32; 8], [0f32; 8]);
    for y in (0..h).step_by((h as usize / 512).max(1)) {
        let mut prev = frame.luma_at(0, y);
        for x in 1..w {
            let v = frame.luma_at(x, y);
            across[((x - 1) % 8) as usize] += (v - prev).abs().min(STEP_CAP);
            prev = v;
        }
    }
    for x in (0..w).step_by((w as usize / 512).max(1)) {
        let mut prev = frame.luma_at(x, 0);
        for y in 1..h {
            let v = frame.luma_at(x, y);
            down[((y - 1) % 8) as usize] += (v - prev).abs().min(STEP_CAP);
            prev = v;
        }
    }
    let (peak_a, mid_a) = peak_and_median(across);
    let (peak_d, mid_d) = peak_and_median(down);
    if mid_a + mid_d <= 0.0 {
        return 1.0;
    }
    (peak_a + peak_d) / (mid_a + mid_d)
}

/// Steps larger than this (grey levels) are edges of the scene, not of JPEG blocks.
const STEP_CAP: f32 = 16.0;

/// The largest phase, and the mean of the 4th and 5th smallest: what a sort would give at [7],
/// [3] and [4], found by selection (no sort's code in the wasm).
fn peak_and_median(mut phases: [f32; 8]) -> (f32, f32) {
    let (low, fifth, high) = phases.select_nth_unstable_by(4, f32::total_cmp);
    (largest(high), (largest(low) + *fifth) / 2.0)
}

/// The largest value of a non-empty slice in `total_cmp`'s order.
fn largest(v: &[f32]) -> f32 {
    v[1..].iter().fold(v[0], |m, &x| if x.total_cmp(&m).is_gt() { x } else { m })
}

/// The IJG-scaled table for quality `q` (step 1 above).
fn scaled(base: &[u16; 64], q: u8) -> [u16; 64] {
    let q = q.clamp(1, 100) as u32;
    let percent = if q < 50 { 5000 / q } else { 200 - 2 * q };
    base.map(|b| ((b as u32 * percent + 50) / 100).clamp(1, 255) as u16)
}

fn log_distance(a: &[u16; 64], b: &[u16; 64]) -> f32 {
    let ln = |v: u16| (v.clamp(1, 255) as f32).ln();
    a.iter().zip(b).map(|(&x, &y)| (ln(x) - ln(y)).powi(2)).sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::encode_jpeg;

    #[test]
    fn peak_and_median_are_the_sorted_phases() {
        let mut rng = crate::testutil::Rng::new(3);
        for _ in 0..200 {
            let phases = [0; 8].map(|_| (rng.next() * 6.0).floor() - 1.0);
            let mut sorted = phases;
            sorted.sort_by(f32::total_cmp);
            let (peak, median) = peak_and_median(phases);
            assert_eq!((peak.to_bits(), median.to_bits()), (sorted[7].to_bits(), ((sorted[3] + sorted[4]) / 2.0).to_bits()));
        }
    }

    fn quality_of(jpeg: &[u8]) -> u8 {
        estimate_quality(&Metadata::read(jpeg).structure.quant_tables).expect("tables")
    }

    #[test]
    fn estimated_quality_is_within_five_of_the_encoder_setting() {
        for q in [10u8, 25, 40, 50, 60, 75, 85, 92, 98] {
            let est = quality_of(&encode_jpeg(64, 64, q));
            assert!((est as i32 - q as i32).abs() <= 5, "encoded at {q}, estimated {est}");
        }
    }

    #[test]
    fn tables_of_another_shape_still_get_a_near_estimate() {
        // A vendor-style table: IJG quality 90 with every step nudged by up to ±20%.
        let mut luma = scaled(&STD_LUMA, 90);
        for (i, v) in luma.iter_mut().enumerate() {
            *v = ((*v as f32) * [0.8, 1.0, 1.2][i % 3]).round().max(1.0) as u16;
        }
        let est = estimate_quality(&[Some(luma), None, None, None]).unwrap();
        assert!((85..=95).contains(&est), "estimated {est}");
    }

    #[test]
    fn heavy_compression_fails_and_a_camera_quality_passes() {
        let o = CompressionOptions::default();
        let heavy = check(&Metadata::read(&encode_jpeg(64, 64, 20)), &o).unwrap();
        assert_eq!((heavy.verdict, heavy.key), (Verdict::Fail, "compression.fail"));
        assert!(heavy.message.contains("20"), "{}", heavy.message);
        let medium = check(&Metadata::read(&encode_jpeg(64, 64, 60)), &o).unwrap();
        assert_eq!(medium.verdict, Verdict::Warn);
        let fine = check(&Metadata::read(&encode_jpeg(64, 64, 92)), &o).unwrap();
        assert_eq!(fine.verdict, Verdict::Pass);
        assert!(fine.score >= 87.0 && fine.threshold == 50.0);
    }

    #[test]
    fn a_png_has_no_compression_finding() {
        let png = crate::testutil::encode_png(16, 16);
        assert!(check(&Metadata::read(&png), &CompressionOptions::default()).is_none());
    }

    #[test]
    fn the_scaling_follows_the_ijg_formula() {
        assert_eq!(scaled(&STD_LUMA, 50), STD_LUMA);
        assert_eq!(scaled(&STD_LUMA, 100), [1; 64]);
        assert_eq!(scaled(&STD_LUMA, 25)[0], 32);
        assert_eq!(scaled(&STD_CHROMA, 1)[63], 255);
    }
}
