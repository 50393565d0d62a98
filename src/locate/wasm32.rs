//! The locator's per-pixel loops in explicit wasm SIMD (the release profile's `opt-level` leaves
//! loops unvectorised): the working image's block means and the Sobel gradient, four pixels at a
//! time, each lane adding in the same order as the scalar code so that every value is the same.

use core::arch::wasm32::*;

/// Four floats of `s` from `i` (bounds-checked by the slice).
#[inline]
fn load(s: &[f32], i: usize) -> v128 {
    let s = &s[i..i + 4];
    // SAFETY: `s` holds 4 floats = 16 bytes; v128 loads are unaligned.
    unsafe { v128_load(s.as_ptr() as *const v128) }
}

#[inline]
fn store(s: &mut [f32], i: usize, v: v128) {
    let s = &mut s[i..i + 4];
    // SAFETY: `s` holds 4 floats = 16 bytes; v128 stores are unaligned.
    unsafe { v128_store(s.as_mut_ptr() as *mut v128, v) }
}

/// The sum of the `rows` at column `i`, four columns: row 0 + row 1, then + row 2, and so on.
#[inline]
fn column_sum(rows: &[&[f32]], i: usize) -> v128 {
    rows[1..].iter().fold(load(rows[0], i), |acc, r| f32x4_add(acc, load(r, i)))
}

/// One row of block means: `out[j]` is the sum of the `k` rows' columns `j k .. (j + 1) k`
/// (rows first, then the block's columns left to right) times `norm`. Handles `k` of 2, 3 and
/// 4 four blocks at a time and returns how many blocks it wrote; the caller does the rest.
pub fn block_mean_row(rows: &[&[f32]], k: usize, norm: f32, out: &mut [f32]) -> usize {
    let quads = out.len() / 4;
    let n = f32x4_splat(norm);
    for q in 0..quads {
        let at = |c: usize| column_sum(rows, q * 4 * k + c * 4);
        let sum = match k {
            2 => {
                let (s0, s1) = (at(0), at(1));
                f32x4_add(i32x4_shuffle::<0, 2, 4, 6>(s0, s1), i32x4_shuffle::<1, 3, 5, 7>(s0, s1))
            }
            3 => {
                let (s0, s1, s2) = (at(0), at(1), at(2));
                let c0 = i32x4_shuffle::<0, 1, 2, 5>(i32x4_shuffle::<0, 3, 6, 0>(s0, s1), s2);
                let c1 = i32x4_shuffle::<0, 1, 2, 6>(i32x4_shuffle::<1, 4, 7, 0>(s0, s1), s2);
                let c2 = i32x4_shuffle::<0, 1, 4, 7>(i32x4_shuffle::<2, 5, 0, 0>(s0, s1), s2);
                f32x4_add(f32x4_add(c0, c1), c2)
            }
            4 => {
                let (s0, s1, s2, s3) = (at(0), at(1), at(2), at(3));
                // Transposed: lane j of t_c is column c of block j.
                let (lo01, hi01) = (i32x4_shuffle::<0, 4, 1, 5>(s0, s1), i32x4_shuffle::<2, 6, 3, 7>(s0, s1));
                let (lo23, hi23) = (i32x4_shuffle::<0, 4, 1, 5>(s2, s3), i32x4_shuffle::<2, 6, 3, 7>(s2, s3));
                let t0 = i32x4_shuffle::<0, 1, 4, 5>(lo01, lo23);
                let t1 = i32x4_shuffle::<2, 3, 6, 7>(lo01, lo23);
                let t2 = i32x4_shuffle::<0, 1, 4, 5>(hi01, hi23);
                let t3 = i32x4_shuffle::<2, 3, 6, 7>(hi01, hi23);
                f32x4_add(f32x4_add(f32x4_add(t0, t1), t2), t3)
            }
            _ => return 0,
        };
        store(out, q * 4, f32x4_mul(sum, n));
    }
    quads * 4
}

/// The Sobel gradient of one channel along row `mid` (between `up` and `down`), kept where it
/// is stronger than what `gx`, `gy` and `mag` hold: pixels `1..` four at a time; returns the
/// first pixel not done (the caller does the rest up to `w − 1`).
pub fn sobel_row(up: &[f32], mid: &[f32], down: &[f32], gx: &mut [f32], gy: &mut [f32], mag: &mut [f32]) -> usize {
    let w = mid.len();
    let two = f32x4_splat(2.0);
    let mut x = 1;
    while x + 4 < w {
        let (ul, uc, ur) = (load(up, x - 1), load(up, x), load(up, x + 1));
        let (ml, mr) = (load(mid, x - 1), load(mid, x + 1));
        let (dl, dc, dr) = (load(down, x - 1), load(down, x), load(down, x + 1));
        // (up + 2 mid + down) on the right minus the same on the left; likewise down minus up.
        let right = f32x4_add(f32x4_add(ur, f32x4_mul(two, mr)), dr);
        let left = f32x4_add(f32x4_add(ul, f32x4_mul(two, ml)), dl);
        let sx = f32x4_sub(right, left);
        let below = f32x4_add(f32x4_add(dl, f32x4_mul(two, dc)), dr);
        let above = f32x4_add(f32x4_add(ul, f32x4_mul(two, uc)), ur);
        let sy = f32x4_sub(below, above);
        let m = f32x4_add(f32x4_mul(sx, sx), f32x4_mul(sy, sy));
        let stronger = f32x4_gt(m, load(mag, x));
        store(gx, x, v128_bitselect(sx, load(gx, x), stronger));
        store(gy, x, v128_bitselect(sy, load(gy, x), stronger));
        store(mag, x, v128_bitselect(m, load(mag, x), stronger));
        x += 4;
    }
    x
}

/// `mag = √mag / 8`, `gx /= 8`, `gy /= 8`, four pixels at a time (the square root is IEEE's in
/// both forms); returns how many pixels it did from the start.
pub fn finish_gradient(gx: &mut [f32], gy: &mut [f32], mag: &mut [f32]) -> usize {
    let eight = f32x4_splat(8.0);
    let n = mag.len() / 4 * 4;
    for i in (0..n).step_by(4) {
        store(mag, i, f32x4_div(f32x4_sqrt(load(mag, i)), eight));
        store(gx, i, f32x4_div(load(gx, i), eight));
        store(gy, i, f32x4_div(load(gy, i), eight));
    }
    n
}
