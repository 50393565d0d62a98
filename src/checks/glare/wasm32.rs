//! The glare check's coding of analysis pixels in explicit wasm SIMD: four at a time.

use super::MIN_CLIPPED_LUMA;
use core::arch::wasm32::*;

/// Codes the pixels of `luma` four at a time while none of the four could be clipped (luma at
/// most [`MIN_CLIPPED_LUMA`]): each code is the luma's histogram bin, as `glare::code_pixel`
/// gives it (`clamp(0, 255) as usize`), counted in `hists` (lanes 0 and 2 in the first, 1 and
/// 3 in the second). Returns how many pixels it coded: it stops before the first group of four
/// with a brighter pixel, and before a last group of fewer than four.
pub fn dark_codes(luma: &[f32], codes: &mut [u16], hists: &mut [[u32; 256]; 2]) -> usize {
    let n = luma.len().min(codes.len());
    let (zero, top, limit) = (f32x4_splat(0.0), f32x4_splat(255.0), f32x4_splat(MIN_CLIPPED_LUMA));
    let mut x = 0;
    while x + 4 <= n {
        // SAFETY: x + 4 <= n bounds `luma`; the load is unaligned.
        let l = unsafe { v128_load(luma.as_ptr().add(x) as *const v128) };
        if v128_any_true(f32x4_gt(l, limit)) {
            break;
        }
        let bins = i32x4_trunc_sat_f32x4(f32x4_pmin(f32x4_pmax(l, zero), top));
        // SAFETY: x + 4 <= n bounds `codes` (four u16, 8 bytes); the store is unaligned.
        unsafe { v128_store64_lane::<0>(u16x8_narrow_i32x4(bins, bins), codes.as_mut_ptr().add(x) as *mut u64) };
        hists[0][u32x4_extract_lane::<0>(bins) as usize] += 1;
        hists[1][u32x4_extract_lane::<1>(bins) as usize] += 1;
        hists[0][u32x4_extract_lane::<2>(bins) as usize] += 1;
        hists[1][u32x4_extract_lane::<3>(bins) as usize] += 1;
        x += 4;
    }
    x
}
