//! The recapture check's windowing and FFT butterflies in explicit wasm SIMD: four samples at a time.

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

/// `recapture::windowed_row`: `to[reversed[x]]` = `(row[x] − mean) · hann[x] · hann_y`, the
/// same operations four samples at a time. The bit reversal of 0..128 sends x = 32q + 4m + i
/// (q, i < 4) to 4·rev5(4m + i) + rev2(q), so the samples 4m + i + {0, 64, 32, 96} fill the
/// four values at `reversed[4m + i]`: for each m, the four vectors at 4m, 4m + 64, 4m + 32 and
/// 4m + 96, transposed, are four stores.
pub fn windowed_row(row: &[f32], mean: f32, hann: &[f32], hann_y: f32, reversed: &[usize], to: &mut [f32]) {
    let n = super::WINDOW;
    assert!(n == 128 && row.len() >= n && hann.len() >= n && to.len() >= n && reversed.len() >= n);
    assert!(reversed[..n / 4].iter().all(|&r| r + 4 <= n));
    let (mean, hann_y) = (f32x4_splat(mean), f32x4_splat(hann_y));
    for i in (0..n / 4).step_by(4) {
        // SAFETY: i + 96 + 4 <= n bounds the loads of `row` and `hann`; each store writes 4
        // values from reversed[i + j] (asserted to be at most n − 4) of `to`.
        unsafe {
            let windowed = |at: usize| {
                let v = v128_load(row.as_ptr().add(at) as *const v128);
                let h = v128_load(hann.as_ptr().add(at) as *const v128);
                f32x4_mul(f32x4_mul(f32x4_sub(v, mean), h), hann_y)
            };
            let columns = transpose([windowed(i), windowed(i + 64), windowed(i + 32), windowed(i + 96)]);
            for (j, col) in columns.into_iter().enumerate() {
                v128_store(to.as_mut_ptr().add(*reversed.get_unchecked(i + j)) as *mut v128, col);
            }
        }
    }
}

/// The 4×4 transpose: lane j of vector i becomes lane i of vector j.
fn transpose([v0, v1, v2, v3]: [v128; 4]) -> [v128; 4] {
    let (a, b) = (i32x4_shuffle::<0, 4, 1, 5>(v0, v1), i32x4_shuffle::<2, 6, 3, 7>(v0, v1));
    let (c, d) = (i32x4_shuffle::<0, 4, 1, 5>(v2, v3), i32x4_shuffle::<2, 6, 3, 7>(v2, v3));
    [i32x4_shuffle::<0, 1, 4, 5>(a, c), i32x4_shuffle::<2, 3, 6, 7>(a, c), i32x4_shuffle::<0, 1, 4, 5>(b, d), i32x4_shuffle::<2, 3, 6, 7>(b, d)]
}

/// One butterfly in four lanes, as `recapture::butterfly_scalar` computes each: with
/// t = (rb + i·ib)(c + i·s), returns (a + t, b = a − t) as (ra, ia, rb, ib).
#[inline(always)]
fn butterfly4(ra: v128, ia: v128, rb: v128, ib: v128, c: v128, s: v128) -> (v128, v128, v128, v128) {
    let tr = f32x4_sub(f32x4_mul(rb, c), f32x4_mul(ib, s));
    let ti = f32x4_add(f32x4_mul(rb, s), f32x4_mul(ib, c));
    (f32x4_add(ra, tr), f32x4_add(ia, ti), f32x4_sub(ra, tr), f32x4_sub(ia, ti))
}

/// `recapture::fft_real_row`: the same butterflies, four at a time. The sizes 2 and 4 go
/// together, eight samples at a time: their pairs are gathered into lanes by shuffles (with
/// zero imaginary parts for the first), combined, and put back in place. The larger sizes'
/// butterflies lie four side by side, with their twiddle factors side by side in the tables.
pub fn fft_real_row(re: &mut [f32], im: &mut [f32], tw: &super::Twiddles) {
    let n = super::WINDOW;
    assert!(n == 128 && re.len() >= n && im.len() >= n && tw.cos.len() >= n - 1 && tw.sin.len() >= n - 1);
    let zero = f32x4_splat(0.0);
    // Half-size 1's factor (k = 0) is entry 0; half-size 2's (k = 0 and n/4) are entries 1 and 2.
    let (c1, s1) = (f32x4_splat(tw.cos[0]), f32x4_splat(tw.sin[0]));
    let c2 = f32x4(tw.cos[1], tw.cos[2], tw.cos[1], tw.cos[2]);
    let s2 = f32x4(tw.sin[1], tw.sin[2], tw.sin[1], tw.sin[2]);
    let (pr, pi) = (re.as_mut_ptr(), im.as_mut_ptr());
    for g in (0..n).step_by(8) {
        // SAFETY: g + 8 <= n bounds the two vectors of each row read and written.
        unsafe {
            let (v0, v1) = (v128_load(pr.add(g) as *const v128), v128_load(pr.add(g + 4) as *const v128));
            // Size 2: the pairs (0, 1), (2, 3), (4, 5), (6, 7); a holds samples 0, 2, 4, 6.
            let (ra, rb) = (i32x4_shuffle::<0, 2, 4, 6>(v0, v1), i32x4_shuffle::<1, 3, 5, 7>(v0, v1));
            let (ra, ia, rb, ib) = butterfly4(ra, zero, rb, zero, c1, s1);
            // Size 4: the pairs (0, 2) and (1, 3) with k = 0 and 1, then (4, 6) and (5, 7).
            let (rc, rd) = (i32x4_shuffle::<0, 4, 2, 6>(ra, rb), i32x4_shuffle::<1, 5, 3, 7>(ra, rb));
            let (ic, id) = (i32x4_shuffle::<0, 4, 2, 6>(ia, ib), i32x4_shuffle::<1, 5, 3, 7>(ia, ib));
            let (rc, ic, rd, id) = butterfly4(rc, ic, rd, id, c2, s2);
            v128_store(pr.add(g) as *mut v128, i32x4_shuffle::<0, 1, 4, 5>(rc, rd));
            v128_store(pr.add(g + 4) as *mut v128, i32x4_shuffle::<2, 3, 6, 7>(rc, rd));
            v128_store(pi.add(g) as *mut v128, i32x4_shuffle::<0, 1, 4, 5>(ic, id));
            v128_store(pi.add(g + 4) as *mut v128, i32x4_shuffle::<2, 3, 6, 7>(ic, id));
        }
    }
    let (tc, ts) = (tw.cos.as_ptr(), tw.sin.as_ptr());
    let mut half = 4;
    while half < n {
        for start in (0..n).step_by(2 * half) {
            for k in (0..half).step_by(4) {
                let (a, b) = (start + k, start + k + half);
                // SAFETY: b + 4 <= start + 2·half <= n bounds the rows; half − 1 + k + 4 <=
                // 2·half − 1 <= n − 1 bounds the twiddle tables.
                unsafe {
                    let (c, s) = (v128_load(tc.add(half - 1 + k) as *const v128), v128_load(ts.add(half - 1 + k) as *const v128));
                    let load = |p: *mut f32, i: usize| v128_load(p.add(i) as *const v128);
                    let (ra, ia, rb, ib) = butterfly4(load(pr, a), load(pi, a), load(pr, b), load(pi, b), c, s);
                    v128_store(pr.add(a) as *mut v128, ra);
                    v128_store(pi.add(a) as *mut v128, ia);
                    v128_store(pr.add(b) as *mut v128, rb);
                    v128_store(pi.add(b) as *mut v128, ib);
                }
            }
        }
        half *= 2;
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

/// `recapture::local_maxima`, four bins at a time: the lanes where `searched` is set and
/// `around` is not above `power` give their indices, lowest first (the rest one by one).
pub fn local_maxima(power: &[f32], around: &[f32], searched: &[u32], out: &mut Vec<u32>) {
    let n = power.len().min(around.len()).min(searched.len());
    let quads = n / 4;
    for q in 0..quads {
        let i = q * 4;
        // SAFETY: i + 4 <= n bounds the three loads.
        let mut lanes = unsafe {
            let load = |p: *const u32| v128_load(p.add(i) as *const v128);
            let above = f32x4_gt(load(around.as_ptr() as *const u32), load(power.as_ptr() as *const u32));
            i32x4_bitmask(v128_andnot(load(searched.as_ptr()), above))
        };
        while lanes != 0 {
            out.push((i + lanes.trailing_zeros() as usize) as u32);
            lanes &= lanes - 1;
        }
    }
    for i in quads * 4..n {
        if searched[i] != 0 && !(around[i] > power[i]) {
            out.push(i as u32);
        }
    }
}
