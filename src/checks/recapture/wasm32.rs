//! The recapture check's FFT butterfly in explicit wasm SIMD: four columns at a time.

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
