//! The glare check's coding of analysis pixels in explicit wasm SIMD: four at a time.

use super::{BRIGHT, CLIP, MAX_CHROMA, MIN_CLIPPED_LUMA, OUTSIDE, SEEN};
use crate::frame::Small;
use core::arch::wasm32::*;

/// Codes the analysis pixels `start..start + codes.len()` four at a time, as
/// `glare::code_pixel` codes each: `BRIGHT` when its luma is above [`MIN_CLIPPED_LUMA`] and it
/// is clipped (darkest channel at least [`CLIP`], channels at most [`MAX_CHROMA`] apart; such a
/// pixel is listed in `bright`, in order), otherwise its luma's histogram bin
/// (`clamp(0, 255) as usize`); `bright` takes positions in the box, `at` being the first's. Every pixel's bin is counted in `hists` (lanes 0 and 2 in the
/// first, 1 and 3 in the second). The channels are read only for groups with a bright pixel.
/// Returns how many pixels it coded: all but a last group of fewer than four.
pub fn code_quads(small: &Small, start: usize, at: usize, codes: &mut [u16], bright: &mut Vec<usize>, hists: &mut [[u32; 256]; 2]) -> usize {
    let n = codes.len();
    let row = start..start + n;
    let (l, r, g, b) = (&small.luma.data[row.clone()], &small.r.data[row.clone()], &small.g.data[row.clone()], &small.b.data[row]);
    let (zero, top, limit) = (f32x4_splat(0.0), f32x4_splat(255.0), f32x4_splat(MIN_CLIPPED_LUMA));
    let load = |s: &[f32], x: usize| {
        // SAFETY: the caller's x + 4 <= n bounds each of the four rows; loads are unaligned.
        unsafe { v128_load(s.as_ptr().add(x) as *const v128) }
    };
    let mut x = 0;
    while x + 4 <= n {
        let luma = load(l, x);
        let bins = i32x4_trunc_sat_f32x4(f32x4_pmin(f32x4_pmax(luma, zero), top));
        let maybe = f32x4_gt(luma, limit);
        let coded = if v128_any_true(maybe) {
            let clipped = v128_and(maybe, clipped(load(r, x), load(g, x), load(b, x)));
            let mut lanes = i32x4_bitmask(clipped);
            while lanes != 0 {
                bright.push(at + x + lanes.trailing_zeros() as usize);
                lanes &= lanes - 1;
            }
            v128_bitselect(i32x4_splat(BRIGHT as i32), bins, clipped)
        } else {
            bins
        };
        // SAFETY: x + 4 <= n bounds `codes` (four u16, 8 bytes); the store is unaligned.
        unsafe { v128_store64_lane::<0>(u16x8_narrow_i32x4(coded, coded), codes.as_mut_ptr().add(x) as *mut u64) };
        hists[0][u32x4_extract_lane::<0>(bins) as usize] += 1;
        hists[1][u32x4_extract_lane::<1>(bins) as usize] += 1;
        hists[0][u32x4_extract_lane::<2>(bins) as usize] += 1;
        hists[1][u32x4_extract_lane::<3>(bins) as usize] += 1;
        x += 4;
    }
    x
}

/// `glare::count_at_most` of the first multiple of eight codes, eight at a time: how many it
/// read, how many of them are luma bins (below 256) and how many are at most `top`.
pub fn count_at_most(codes: &[u16], top: u16) -> (usize, u32, u32) {
    let n = codes.len() / 8 * 8;
    let (bin_limit, top) = (u16x8_splat(256), u16x8_splat(top));
    // Per lane, a count of at most n / 8 (a row: far below 32768), as the negated sum of masks.
    let (mut bins, mut low) = (i16x8_splat(0), i16x8_splat(0));
    for x in (0..n).step_by(8) {
        // SAFETY: x + 8 <= n bounds `codes`; the load is unaligned.
        let c = unsafe { v128_load(codes.as_ptr().add(x) as *const v128) };
        bins = i16x8_sub(bins, u16x8_lt(c, bin_limit));
        low = i16x8_sub(low, u16x8_le(c, top));
    }
    (n, lane_sum(bins), lane_sum(low))
}

/// `glare::column_spans` of the first multiple of eight codes of a row, eight at a time: how
/// many it read, and the first and last `SEEN` among them (usize::MAX and 0 when none).
pub fn column_spans(row: &[u16], y: u16, firsts: &mut [u16], lasts: &mut [u16]) -> (usize, usize, usize) {
    let n = row.len().min(firsts.len()).min(lasts.len()) / 8 * 8;
    let (seen, vy, none) = (u16x8_splat(SEEN), u16x8_splat(y), u16x8_splat(u16::MAX));
    let (mut first, mut last) = (usize::MAX, 0);
    for x in (0..n).step_by(8) {
        // SAFETY: x + 8 <= n bounds the three slices; loads and stores are unaligned.
        unsafe {
            let marked = u16x8_eq(v128_load(row.as_ptr().add(x) as *const v128), seen);
            let lanes = i16x8_bitmask(marked) as u32;
            if lanes == 0 {
                continue;
            }
            (first, last) = (first.min(x + lanes.trailing_zeros() as usize), x + 31 - lanes.leading_zeros() as usize);
            let (f, l) = (firsts.as_mut_ptr().add(x) as *mut v128, lasts.as_mut_ptr().add(x) as *mut v128);
            v128_store(f, u16x8_min(v128_load(f), v128_bitselect(vy, none, marked)));
            v128_store(l, v128_bitselect(vy, v128_load(l), marked));
        }
    }
    (n, first, last)
}

/// `glare::count_holes` of the first multiple of eight codes, eight at a time: how many it
/// read, and how many of them are holes.
pub fn count_holes(codes: &[u16], firsts: &[u16], lasts: &[u16], y: u16) -> (usize, u32) {
    let n = codes.len().min(firsts.len()).min(lasts.len()) / 8 * 8;
    let (outside, vy) = (u16x8_splat(OUTSIDE), u16x8_splat(y));
    // Per lane, a count of at most n / 8 (a row: far below 32768), as the negated sum of masks.
    let mut holes = i16x8_splat(0);
    for x in (0..n).step_by(8) {
        // SAFETY: x + 8 <= n bounds the three slices; loads are unaligned.
        let (c, f, l) = unsafe {
            let at = |s: &[u16]| v128_load(s.as_ptr().add(x) as *const v128);
            (at(codes), at(firsts), at(lasts))
        };
        let hole = v128_and(u16x8_lt(c, outside), v128_and(u16x8_lt(f, vy), u16x8_lt(vy, l)));
        holes = i16x8_sub(holes, hole);
    }
    (n, lane_sum(holes))
}

/// The sum of eight 16-bit counts.
fn lane_sum(v: v128) -> u32 {
    let s = u32x4_extadd_pairwise_u16x8(v);
    u32x4_extract_lane::<0>(s) + u32x4_extract_lane::<1>(s) + u32x4_extract_lane::<2>(s) + u32x4_extract_lane::<3>(s)
}

/// The lanes whose channels are clipped, as `glare::is_clipped` tests them (the channels are
/// never NaN, so the pseudo-minimum and -maximum are `min` and `max`).
#[inline(always)]
fn clipped(r: v128, g: v128, b: v128) -> v128 {
    let low = f32x4_pmin(f32x4_pmin(r, g), b);
    let high = f32x4_pmax(f32x4_pmax(r, g), b);
    v128_and(f32x4_ge(low, f32x4_splat(CLIP)), f32x4_le(f32x4_sub(high, low), f32x4_splat(MAX_CHROMA)))
}
