//! The recapture check's FFT butterfly and transpose in explicit wasm SIMD: four columns at a time.

use core::arch::wasm32::*;

/// One butterfly applied to every column of two rows, as the scalar loop of
/// `recapture::butterfly` does it, four lanes at a time (the same operations in the same order,
/// so the same results): with t = (re_b + i·im_b)(c + i·s), b = a − t and a = a + t.
pub fn butterfly(re_a: &mut [f32], im_a: &mut [f32], re_b: &mut [f32], im_b: &mut [f32], c: f32, s: f32) {
    let n = re_a.len().min(im_a.len()).min(re_b.len()).min(im_b.len());
    let (cv, sv) = (f32x4_splat(c), f32x4_splat(s));
    let quads = n / 4;
    for q in 0..quads {
        let i = q * 4;
        // SAFETY: i + 4 <= n bounds all four rows; loads and stores are unaligned.
        unsafe {
            let (pra, pia) = (re_a.as_mut_ptr().add(i) as *mut v128, im_a.as_mut_ptr().add(i) as *mut v128);
            let (prb, pib) = (re_b.as_mut_ptr().add(i) as *mut v128, im_b.as_mut_ptr().add(i) as *mut v128);
            let (ra, ia, rb, ib) = (v128_load(pra), v128_load(pia), v128_load(prb), v128_load(pib));
            let tr = f32x4_sub(f32x4_mul(rb, cv), f32x4_mul(ib, sv));
            let ti = f32x4_add(f32x4_mul(rb, sv), f32x4_mul(ib, cv));
            v128_store(prb, f32x4_sub(ra, tr));
            v128_store(pib, f32x4_sub(ia, ti));
            v128_store(pra, f32x4_add(ra, tr));
            v128_store(pia, f32x4_add(ia, ti));
        }
    }
    let rest = quads * 4..n;
    super::butterfly_scalar(&mut re_a[rest.clone()], &mut im_a[rest.clone()], &mut re_b[rest.clone()], &mut im_b[rest], c, s);
}

/// `to` = the transpose of the 128×128 plane `from`, column x of `from` becoming row
/// `reversed[x]` of `to`: 4×4 blocks at a time, four rows loaded, transposed in registers and
/// stored as four row pieces (the same values, moved).
pub fn transpose_reversed(from: &[f32], to: &mut [f32], reversed: &[usize]) {
    let n = super::WINDOW;
    assert!(from.len() >= n * n && to.len() >= n * n && reversed.len() >= n);
    assert!(reversed[..n].iter().all(|&r| r < n));
    for by in (0..n).step_by(4) {
        for bx in (0..n).step_by(4) {
            // SAFETY: by + 3 < n and bx + 3 < n, so every load reads 4 values of `from`'s n×n;
            // every store writes 4 values of row reversed[bx + j] < n of `to`, at column by.
            unsafe {
                let p = from.as_ptr().add(by * n + bx);
                let v0 = v128_load(p as *const v128);
                let v1 = v128_load(p.add(n) as *const v128);
                let v2 = v128_load(p.add(2 * n) as *const v128);
                let v3 = v128_load(p.add(3 * n) as *const v128);
                let (a, b) = (i32x4_shuffle::<0, 4, 1, 5>(v0, v1), i32x4_shuffle::<2, 6, 3, 7>(v0, v1));
                let (c, d) = (i32x4_shuffle::<0, 4, 1, 5>(v2, v3), i32x4_shuffle::<2, 6, 3, 7>(v2, v3));
                let columns = [
                    i32x4_shuffle::<0, 1, 4, 5>(a, c),
                    i32x4_shuffle::<2, 3, 6, 7>(a, c),
                    i32x4_shuffle::<0, 1, 4, 5>(b, d),
                    i32x4_shuffle::<2, 3, 6, 7>(b, d),
                ];
                for (j, col) in columns.into_iter().enumerate() {
                    let q = to.as_mut_ptr().add(*reversed.get_unchecked(bx + j) * n + by);
                    v128_store(q as *mut v128, col);
                }
            }
        }
    }
}

/// `recapture::row_max` for the bins 1 to 4k of a row (those whose right neighbour lies in
/// the row), four at a time: the returned index is the first bin left to the caller. Powers
/// are never NaN, so the pseudo-maximum (`a < b ? b : a`) is the larger one.
pub fn row_max(src: &[f32], out: &mut [f32]) -> usize {
    let n = src.len().min(out.len());
    let mut x = 1;
    while x + 5 <= n {
        // SAFETY: x - 1 >= 0 and x + 5 <= n bound the three loads and the store.
        unsafe {
            let p = src.as_ptr().add(x);
            let (left, mid, right) = (v128_load(p.sub(1) as *const v128), v128_load(p as *const v128), v128_load(p.add(1) as *const v128));
            v128_store(out.as_mut_ptr().add(x) as *mut v128, f32x4_pmax(f32x4_pmax(left, mid), right));
        }
        x += 4;
    }
    x
}

/// `recapture::column_max`: the largest of three rows, four bins at a time (the rest one by
/// one); powers are never NaN.
pub fn column_max(above: &[f32], row: &[f32], below: &[f32], out: &mut [f32]) {
    let n = above.len().min(row.len()).min(below.len()).min(out.len());
    let quads = n / 4;
    for q in 0..quads {
        let i = q * 4;
        // SAFETY: i + 4 <= n bounds the three loads and the store.
        unsafe {
            let load = |s: &[f32]| v128_load(s.as_ptr().add(i) as *const v128);
            let m = f32x4_pmax(f32x4_pmax(load(above), load(row)), load(below));
            v128_store(out.as_mut_ptr().add(i) as *mut v128, m);
        }
    }
    for i in quads * 4..n {
        out[i] = super::larger(super::larger(above[i], row[i]), below[i]);
    }
}
