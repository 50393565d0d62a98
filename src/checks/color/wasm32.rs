//! The colour check's per-pixel loops in explicit wasm SIMD: four analysis pixels at a time.

use super::{BINS, BINS_PER_UNIT, MIN_LUMA};
use core::arch::wasm32::*;

/// Writes the chromaticities of the first multiple of four pixels of a row to the start of
/// `cb` and `cr`, as `color::chromaticities` computes them (100·B / (R + G + B) and
/// 100·R / (R + G + B), for pixels of luma at least [`MIN_LUMA`]), with the same operations in
/// the same order; a group of four with a dark pixel goes through the scalar loop. Returns how
/// many pixels it read and how many chromaticities it wrote.
pub fn chromaticities(l: &[f32], r: &[f32], g: &[f32], b: &[f32], cb: &mut [f32], cr: &mut [f32]) -> (usize, usize) {
    let n = l.len().min(r.len()).min(g.len()).min(b.len()).min(cb.len()).min(cr.len());
    let (floor, hundred) = (f32x4_splat(MIN_LUMA), f32x4_splat(100.0));
    let mut written = 0;
    for q in 0..n / 4 {
        let i = q * 4;
        // SAFETY: i + 4 <= n bounds the four rows; loads are unaligned.
        let [vl, vr, vg, vb] = [l, r, g, b].map(|s| unsafe { v128_load(s.as_ptr().add(i) as *const v128) });
        if !i32x4_all_true(f32x4_ge(vl, floor)) {
            let (l, r, g, b) = (&l[i..i + 4], &r[i..i + 4], &g[i..i + 4], &b[i..i + 4]);
            written += super::chromaticities_scalar(l, r, g, b, &mut cb[written..], &mut cr[written..]);
            continue;
        }
        let sum = f32x4_add(f32x4_add(vr, vg), vb);
        // SAFETY: written <= i, so written + 4 <= n bounds both outputs; stores are unaligned.
        unsafe {
            v128_store(cb.as_mut_ptr().add(written) as *mut v128, f32x4_div(f32x4_mul(hundred, vb), sum));
            v128_store(cr.as_mut_ptr().add(written) as *mut v128, f32x4_div(f32x4_mul(hundred, vr), sum));
        }
        written += 4;
    }
    (n / 4 * 4, written)
}

/// Adds the first multiple of four pixels' distances from the median chromaticity (`mb`, `mr`)
/// to `hists` as `color::spread_histogram` does (the same operations in the same order), lanes
/// 0 and 2 to the first histogram and 1 and 3 to the second. Returns how many it read.
pub fn spread_histogram(cb: &[f32], cr: &[f32], mb: f32, mr: f32, hists: &mut [[u32; BINS]; 2]) -> usize {
    let n = cb.len().min(cr.len());
    let (vmb, vmr) = (f32x4_splat(mb), f32x4_splat(mr));
    let (scale, last) = (f32x4_splat(BINS_PER_UNIT), i32x4_splat(BINS as i32 - 1));
    for q in 0..n / 4 {
        let i = q * 4;
        // SAFETY: i + 4 <= n bounds both lists; loads are unaligned.
        let (b, r) = unsafe { (v128_load(cb.as_ptr().add(i) as *const v128), v128_load(cr.as_ptr().add(i) as *const v128)) };
        let (db, dr) = (f32x4_sub(b, vmb), f32x4_sub(r, vmr));
        let d = f32x4_sqrt(f32x4_add(f32x4_mul(db, db), f32x4_mul(dr, dr)));
        // `as usize` of a distance (never negative; NaN gives 0 either way), then `min`.
        let bins = i32x4_min(i32x4_trunc_sat_f32x4(f32x4_mul(d, scale)), last);
        hists[0][u32x4_extract_lane::<0>(bins) as usize] += 1;
        hists[1][u32x4_extract_lane::<1>(bins) as usize] += 1;
        hists[0][u32x4_extract_lane::<2>(bins) as usize] += 1;
        hists[1][u32x4_extract_lane::<3>(bins) as usize] += 1;
    }
    n / 4 * 4
}
