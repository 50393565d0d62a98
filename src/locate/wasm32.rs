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

/// `v.round()` four lanes at a time, as the scalar `round` does it from `trunc` (a lane that
/// rounds to zero may come out −0 or +0: only its conversion to an integer is read).
#[inline]
fn round4(v: v128) -> v128 {
    let t = f32x4_trunc(v);
    let away = f32x4_ge(f32x4_abs(f32x4_sub(v, t)), f32x4_splat(0.5));
    let one = v128_or(v128_and(v, f32x4_splat(-0.0)), f32x4_splat(1.0));
    f32x4_add(t, v128_and(one, away))
}

/// The voting angles of each direction code, as lanes: cos and sin of the angle, and the
/// offset `a · rhos + diag` of its row of the accumulator; lanes past `VOTES` repeat the last.
pub struct VoteLanes(Vec<[v128; 6]>);

impl VoteLanes {
    pub fn new(table: &[(f32, f32)], angles: impl Fn(usize) -> [usize; super::VOTES], diag: usize, rhos: usize) -> VoteLanes {
        const _: () = assert!(super::VOTES <= 8);
        let lanes = (0..super::ANGLES)
            .map(|d| {
                let a = angles(d);
                let at = |k: usize| a[k.min(super::VOTES - 1)];
                let f = |g: &dyn Fn(usize) -> f32, h: usize| f32x4(g(at(h)), g(at(h + 1)), g(at(h + 2)), g(at(h + 3)));
                let o = |h: usize| {
                    let off = |k: usize| (at(k) * rhos + diag) as i32;
                    i32x4(off(h), off(h + 1), off(h + 2), off(h + 3))
                };
                let (cos, sin) = (|a: usize| table[a].0, |a: usize| table[a].1);
                [f(&cos, 0), f(&cos, 4), f(&sin, 0), f(&sin, 4), o(0), o(4)]
            })
            .collect();
        VoteLanes(lanes)
    }

    /// The votes of the edge pixel at (x, y) with direction code `d`: the cell of each voting
    /// angle, `round(px cos + py sin)` as the scalar code computes it, incremented.
    #[inline]
    pub fn cast(&self, x: usize, y: usize, d: u8, acc: &mut [u16]) {
        let l = &self.0[d as usize];
        let (px, py) = (f32x4_splat(x as f32 + 0.5), f32x4_splat(y as f32 + 0.5));
        for half in 0..2 {
            let v = f32x4_add(f32x4_mul(px, l[half]), f32x4_mul(py, l[2 + half]));
            let cells = i32x4_add(i32x4_trunc_sat_f32x4(round4(v)), l[4 + half]);
            let cells = [u32x4_extract_lane::<0>(cells), u32x4_extract_lane::<1>(cells), u32x4_extract_lane::<2>(cells), u32x4_extract_lane::<3>(cells)];
            for &i in cells.iter().take(super::VOTES.saturating_sub(4 * half)) {
                let cell = &mut acc[i as usize];
                *cell = cell.saturating_add(1);
            }
        }
    }
}

/// Calls `f(base + k)` for each set bit `k` of `bits`, lowest first.
#[inline]
fn each_bit(mut bits: u32, base: usize, f: &mut impl FnMut(usize)) {
    while bits != 0 {
        f(base + bits.trailing_zeros() as usize);
        bits &= bits - 1;
    }
}

/// Calls `f(i)` for each `i` with `keep(xs[i])`, in order: 16 bytes at a time, whose lanes
/// `mask` turns into one bit each where `keep` holds, then the rest one by one.
#[inline]
fn each_where<T: Copy>(xs: &[T], mask: impl Fn(v128) -> u32, keep: impl Fn(T) -> bool, mut f: impl FnMut(usize)) {
    let lanes = 16 / std::mem::size_of::<T>();
    let mut i = 0;
    while i + lanes <= xs.len() {
        // SAFETY: `xs[i..i + lanes]` holds 16 bytes; v128 loads are unaligned.
        let v = unsafe { v128_load(xs[i..i + lanes].as_ptr() as *const v128) };
        each_bit(mask(v), i, &mut f);
        i += lanes;
    }
    (i..xs.len()).filter(|&j| keep(xs[j])).for_each(f);
}

/// Calls `f(x)` for each `x` with `row[x] != skip`, in order, sixteen bytes tested at a time.
#[inline]
pub fn each_not(row: &[u8], skip: u8, f: impl FnMut(usize)) {
    let s = u8x16_splat(skip);
    each_where(row, |v| u8x16_bitmask(i8x16_ne(v, s)) as u32, |b| b != skip, f);
}

/// Calls `f(i)` for each `i` with `acc[i] >= min`, in order, eight counts tested at a time.
#[inline]
pub fn each_at_least(acc: &[u16], min: u16, f: impl FnMut(usize)) {
    let m = u16x8_splat(min);
    each_where(acc, |v| i16x8_bitmask(u16x8_ge(v, m)) as u32, |c| c >= min, f);
}

/// [`super::band_cells`]: the four positions in four lanes, `Line::at`'s and the offsets'
/// operations lane by lane, `floor` and the saturating conversion as `floor() as isize` does
/// them on wasm32.
pub fn band_cells<const S: usize>(rho: f32, cos: f32, sin: f32, ts: [f32; 4], offs: [f32; S], w: usize, h: usize) -> [[i32; S]; 4] {
    let t = f32x4(ts[0], ts[1], ts[2], ts[3]);
    let px = f32x4_sub(f32x4_splat(rho * cos), f32x4_mul(t, f32x4_splat(sin)));
    let py = f32x4_add(f32x4_splat(rho * sin), f32x4_mul(t, f32x4_splat(cos)));
    let (zero, wide, high) = (i32x4_splat(0), i32x4_splat(w as i32), i32x4_splat(h as i32));
    let mut out = [[0i32; S]; 4];
    for (k, &s) in offs.iter().enumerate() {
        let x = i32x4_trunc_sat_f32x4(f32x4_floor(f32x4_add(px, f32x4_splat(s * cos))));
        let y = i32x4_trunc_sat_f32x4(f32x4_floor(f32x4_add(py, f32x4_splat(s * sin))));
        let inside = v128_and(v128_and(i32x4_ge(x, zero), i32x4_ge(y, zero)), v128_and(i32x4_lt(x, wide), i32x4_lt(y, high)));
        let cell = v128_bitselect(i32x4_add(i32x4_mul(y, wide), x), i32x4_splat(-1), inside);
        out[0][k] = i32x4_extract_lane::<0>(cell);
        out[1][k] = i32x4_extract_lane::<1>(cell);
        out[2][k] = i32x4_extract_lane::<2>(cell);
        out[3][k] = i32x4_extract_lane::<3>(cell);
    }
    out
}
