//! The blur check's bilinear sampling and derivative in explicit wasm SIMD: four working pixels at a time.

use super::Bilinear;
use crate::geometry::Point;
use core::arch::wasm32::*;

/// Writes `out[i]` for the first multiple of four of the row's samples, as
/// `Bilinear::at(along(left, right, us[i]))` computes them, four lanes at a time (the same
/// operations in the same order, so the same values); returns how many it wrote.
pub fn bilinear_row(source: &Bilinear, left: Point, right: Point, us: &[f32], out: &mut [f32]) -> usize {
    let n = out.len().min(us.len());
    let quads = n / 4;
    let (lx, ly) = (f32x4_splat(left.x), f32x4_splat(left.y));
    let (dx, dy) = (f32x4_splat(right.x - left.x), f32x4_splat(right.y - left.y));
    // Dividing by a power of two is multiplying by its reciprocal, exactly (the analysis
    // image's scale of 12 MP photos is 4; a window's is 1).
    let exact_reciprocal = source.div.to_bits() & 0x7f_ffff == 0;
    let (div, reciprocal) = (f32x4_splat(source.div), f32x4_splat(1.0 / source.div));
    let scaled = |v: v128| if exact_reciprocal { f32x4_mul(v, reciprocal) } else { f32x4_div(v, div) };
    // Every index below is at most (rows - 1) * stride + stride - 1.
    assert!(source.data.len() >= source.rows * source.stride);
    let half = f32x4_splat(0.5);
    let zero = f32x4_splat(0.0);
    let (max_x, max_y) = (f32x4_splat((source.width - 1) as f32), f32x4_splat((source.height - 1) as f32));
    let (last_x, last_y) = (u32x4_splat(source.width as u32 - 1), u32x4_splat(source.height as u32 - 1));
    let (ox, oy) = (u32x4_splat(source.x0 as u32), u32x4_splat(source.y0 as u32));
    let (last_col, last_row) = (u32x4_splat(source.stride as u32 - 1), u32x4_splat(source.rows as u32 - 1));
    let stride = u32x4_splat(source.stride as u32);
    let one = u32x4_splat(1);
    for q in 0..quads {
        let i = q * 4;
        // SAFETY: i + 4 <= n <= us.len(); the load is unaligned.
        let u = unsafe { v128_load(us.as_ptr().add(i) as *const v128) };
        // along(left, right, u), then / div, - 0.5, and clamped as f32::clamp does.
        let x = f32x4_sub(scaled(f32x4_add(lx, f32x4_mul(dx, u))), half);
        let y = f32x4_sub(scaled(f32x4_add(ly, f32x4_mul(dy, u))), half);
        let fx = f32x4_pmin(f32x4_pmax(x, zero), max_x);
        let fy = f32x4_pmin(f32x4_pmax(y, zero), max_y);
        let (x0, y0) = (i32x4_trunc_sat_f32x4(fx), i32x4_trunc_sat_f32x4(fy));
        let (x1, y1) = (u32x4_min(i32x4_add(x0, one), last_x), u32x4_min(i32x4_add(y0, one), last_y));
        let tx = f32x4_sub(fx, f32x4_convert_i32x4(x0));
        let ty = f32x4_sub(fy, f32x4_convert_i32x4(y0));
        // Positions in the plane: saturating_sub(origin), then min(last).
        let col = |v: v128| u32x4_min(i32x4_sub(u32x4_max(v, ox), ox), last_col);
        let row = |v: v128| i32x4_mul(u32x4_min(i32x4_sub(u32x4_max(v, oy), oy), last_row), stride);
        let (c0, c1, r0, r1) = (col(x0), col(x1), row(y0), row(y1));
        let (p00, p10, p01, p11) = if i32x4_all_true(i32x4_eq(c1, i32x4_add(c0, one))) {
            // Each right neighbour follows its left one in memory: both read by one load.
            let (p00, p10) = gather_pairs(source.data, i32x4_add(r0, c0));
            let (p01, p11) = gather_pairs(source.data, i32x4_add(r1, c0));
            (p00, p10, p01, p11)
        } else {
            let gather = |r: v128, c: v128| gather(source.data, i32x4_add(r, c));
            (gather(r0, c0), gather(r0, c1), gather(r1, c0), gather(r1, c1))
        };
        let top = f32x4_add(p00, f32x4_mul(f32x4_sub(p10, p00), tx));
        let bottom = f32x4_add(p01, f32x4_mul(f32x4_sub(p11, p01), tx));
        let v = f32x4_add(top, f32x4_mul(f32x4_sub(bottom, top), ty));
        // SAFETY: i + 4 <= n <= out.len(); the store is unaligned.
        unsafe { v128_store(out.as_mut_ptr().add(i) as *mut v128, v) };
    }
    quads * 4
}

/// The four values of `data` at the four indices in `at`, which the caller keeps below
/// `data.len()` (see the assertion in [`bilinear_row`]).
#[inline(always)]
fn gather(data: &[f32], at: v128) -> v128 {
    // SAFETY: every index is below data.len(), as the caller asserts.
    let lane = |k: u32| unsafe { *data.get_unchecked(k as usize) };
    f32x4(
        lane(u32x4_extract_lane::<0>(at)),
        lane(u32x4_extract_lane::<1>(at)),
        lane(u32x4_extract_lane::<2>(at)),
        lane(u32x4_extract_lane::<3>(at)),
    )
}

/// The values of `data` at the four indices in `at` and just after each, as two vectors: the
/// caller keeps every index plus one below `data.len()` (see the assertion in [`bilinear_row`]:
/// the index after a pixel's is its right neighbour's, inside the same row).
#[inline(always)]
fn gather_pairs(data: &[f32], at: v128) -> (v128, v128) {
    let p = data.as_ptr();
    // SAFETY: every index plus one is below data.len(), as the caller keeps it; the 8-byte
    // loads are unaligned.
    unsafe {
        let pair = |k: u32| p.add(k as usize) as *const u64;
        let low = v128_load64_lane::<1>(v128_load64_zero(pair(u32x4_extract_lane::<0>(at))), pair(u32x4_extract_lane::<1>(at)));
        let high = v128_load64_lane::<1>(v128_load64_zero(pair(u32x4_extract_lane::<2>(at))), pair(u32x4_extract_lane::<3>(at)));
        (i32x4_shuffle::<0, 2, 4, 6>(low, high), i32x4_shuffle::<1, 3, 5, 7>(low, high))
    }
}

/// `out[i] = b[i] - a[i]` for the first multiple of four of the shortest slice's length, four
/// lanes at a time; returns how many it wrote.
pub fn difference(out: &mut [f32], a: &[f32], b: &[f32]) -> usize {
    let n = out.len().min(a.len()).min(b.len());
    for q in 0..n / 4 {
        let i = q * 4;
        // SAFETY: i + 4 <= n bounds all three slices; loads and stores are unaligned.
        unsafe {
            let (va, vb) = (v128_load(a.as_ptr().add(i) as *const v128), v128_load(b.as_ptr().add(i) as *const v128));
            v128_store(out.as_mut_ptr().add(i) as *mut v128, f32x4_sub(vb, va));
        }
    }
    n / 4 * 4
}
