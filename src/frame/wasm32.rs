//! The per-pixel loop of the frame pass in explicit wasm SIMD (the release profile's `opt-level`
//! leaves loops unvectorised).

use core::arch::wasm32::*;

/// Adds a row of bytes into a row of sums, element by element, 16 bytes at a time.
pub fn add_row(sums: &mut [u32], row: &[u8]) {
    let n = sums.len().min(row.len());
    let blocks = n / 16;
    for k in 0..blocks {
        let i = k * 16;
        // SAFETY: i + 16 <= n, which bounds both slices; v128 loads and stores are unaligned.
        unsafe {
            let v = v128_load(row.as_ptr().add(i) as *const v128);
            let (lo, hi) = (u16x8_extend_low_u8x16(v), u16x8_extend_high_u8x16(v));
            let parts = [
                u32x4_extend_low_u16x8(lo),
                u32x4_extend_high_u16x8(lo),
                u32x4_extend_low_u16x8(hi),
                u32x4_extend_high_u16x8(hi),
            ];
            let out = sums.as_mut_ptr().add(i) as *mut v128;
            for (j, part) in parts.into_iter().enumerate() {
                let p = out.add(j);
                v128_store(p, i32x4_add(v128_load(p), part));
            }
        }
    }
    for i in blocks * 16..n {
        sums[i] += row[i] as u32;
    }
}
