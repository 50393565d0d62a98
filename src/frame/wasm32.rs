//! The per-pixel loops of the frame pass in explicit wasm SIMD (the release profile's
//! `opt-level` leaves loops unvectorised): column sums of a band of rows, and block sums of
//! RGBA pixels.

use core::arch::wasm32::*;

/// Most rows a band may have: their column sums stay in 16-bit lanes (257 × 255 < 2¹⁶).
pub const MAX_ROWS: usize = 257;

/// Sums the rows of `band` (each `stride` bytes, at most [`MAX_ROWS`] of them) column by
/// column into `sums`: 16 columns at a time, every row of the band added in registers.
pub fn column_sums(sums: &mut [u16], band: &[u8], stride: usize) {
    let rows = band.len() / stride;
    let (band, sums) = (&band[..rows * stride], &mut sums[..stride]);
    let chunks = stride / 16;
    for k in 0..chunks {
        let i = k * 16;
        let (mut lo, mut hi) = (u16x8_splat(0), u16x8_splat(0));
        for r in 0..rows {
            // SAFETY: r * stride + i + 16 <= rows * stride = band.len(); loads are unaligned.
            let v = unsafe { v128_load(band.as_ptr().add(r * stride + i) as *const v128) };
            lo = i16x8_add(lo, u16x8_extend_low_u8x16(v));
            hi = i16x8_add(hi, u16x8_extend_high_u8x16(v));
        }
        // SAFETY: i + 16 <= stride = sums.len(); stores are unaligned.
        unsafe {
            v128_store(sums.as_mut_ptr().add(i) as *mut v128, lo);
            v128_store(sums.as_mut_ptr().add(i + 8) as *mut v128, hi);
        }
    }
    for i in chunks * 16..stride {
        sums[i] = (0..rows).map(|r| band[r * stride + i] as u16).sum();
    }
}

/// Adds each block of `scale` RGBA pixels of a row of column sums into `out` (`channels` must
/// be 4): two pixels at a time, widened to 32 bits, one vector store per block.
pub fn block_sums_rgba(sums: &[u16], channels: usize, scale: usize, out: &mut [[u32; 4]]) {
    debug_assert_eq!(channels, 4);
    let width = sums.len() / 4;
    let sums = &sums[..width * 4];
    let mut x = 0;
    for o in out.iter_mut() {
        let end = (x + scale).min(width);
        let mut acc = u32x4_splat(0);
        while x + 2 <= end {
            // SAFETY: (x + 2) * 4 <= sums.len(): 8 u16 = 16 bytes; loads are unaligned.
            let v = unsafe { v128_load(sums.as_ptr().add(x * 4) as *const v128) };
            acc = i32x4_add(acc, i32x4_add(u32x4_extend_low_u16x8(v), u32x4_extend_high_u16x8(v)));
            x += 2;
        }
        if x < end {
            // SAFETY: (x + 1) * 4 <= sums.len(): 4 u16 = 8 bytes.
            let v = unsafe { v128_load64_zero(sums.as_ptr().add(x * 4) as *const u64) };
            acc = i32x4_add(acc, u32x4_extend_low_u16x8(v));
            x += 1;
        }
        // SAFETY: `o` is 16 bytes; stores are unaligned.
        unsafe { v128_store(o.as_mut_ptr() as *mut v128, acc) };
    }
}

/// Most rows a band may have for [`quad_block_sums`]: four pixels' sums stay in 16-bit lanes
/// (64 × 4 × 255 < 2¹⁶).
pub const MAX_ROWS_OF_QUADS: usize = 64;

/// Adds each `scale`×`scale` block of a band of RGBA rows (each `stride` bytes, at most
/// [`MAX_ROWS_OF_QUADS`] of them) into `out`, for a `scale` that is a multiple of 4: every 16
/// bytes (4 pixels) of the band's rows are added in registers, folded into one pixel's red,
/// green, blue and alpha, and added to their block's total. No row of sums is stored.
pub fn quad_block_sums(band: &[u8], stride: usize, scale: usize, out: &mut [[u32; 4]]) {
    let rows = band.len() / stride;
    let band = &band[..rows * stride];
    let width = stride / 4;
    let quads = width / 4;
    let per_block = scale / 4;
    out.iter_mut().for_each(|o| *o = [0; 4]);
    for (b, o) in out.iter_mut().enumerate() {
        let (qa, qb) = ((b * per_block).min(quads), ((b + 1) * per_block).min(quads));
        let mut acc = u32x4_splat(0);
        for q in qa..qb {
            let i = q * 16;
            let (mut lo, mut hi) = (u16x8_splat(0), u16x8_splat(0));
            for r in 0..rows {
                // SAFETY: r * stride + i + 16 <= rows * stride = band.len(); loads are unaligned.
                let v = unsafe { v128_load(band.as_ptr().add(r * stride + i) as *const v128) };
                lo = i16x8_add(lo, u16x8_extend_low_u8x16(v));
                hi = i16x8_add(hi, u16x8_extend_high_u8x16(v));
            }
            // Pixels 0+2 and 1+3 in each half, then the two halves: lanes 0..4 hold R, G, B, A.
            let pairs = i16x8_add(lo, hi);
            let four = i16x8_add(pairs, i16x8_shuffle::<4, 5, 6, 7, 0, 1, 2, 3>(pairs, pairs));
            acc = i32x4_add(acc, u32x4_extend_low_u16x8(four));
        }
        // SAFETY: `o` is 16 bytes; stores are unaligned.
        unsafe { v128_store(o.as_mut_ptr() as *mut v128, acc) };
    }
    // The last 0 to 3 pixels of each row, when the width is not a multiple of 4.
    if let Some(last) = out.last_mut() {
        for r in 0..rows {
            for px in band[r * stride + quads * 16..(r + 1) * stride].chunks_exact(4) {
                (0..3).for_each(|k| last[k] += px[k] as u32);
            }
        }
    }
}

/// The dot product of two rows, over the shorter one's length: two sums of four lanes.
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    let n = a.len().min(b.len());
    let (a, b) = (&a[..n], &b[..n]);
    let blocks = n / 8;
    let (mut s0, mut s1) = (f32x4_splat(0.0), f32x4_splat(0.0));
    for k in 0..blocks {
        let i = k * 8;
        // SAFETY: i + 8 <= n bounds both rows; loads are unaligned.
        unsafe {
            let (pa, pb) = (a.as_ptr().add(i) as *const v128, b.as_ptr().add(i) as *const v128);
            s0 = f32x4_add(s0, f32x4_mul(v128_load(pa), v128_load(pb)));
            s1 = f32x4_add(s1, f32x4_mul(v128_load(pa.add(1)), v128_load(pb.add(1))));
        }
    }
    let s = f32x4_add(s0, s1);
    let lanes = f32x4_extract_lane::<0>(s) + f32x4_extract_lane::<1>(s) + f32x4_extract_lane::<2>(s) + f32x4_extract_lane::<3>(s);
    lanes + a[blocks * 8..].iter().zip(&b[blocks * 8..]).map(|(p, q)| p * q).sum::<f32>()
}
