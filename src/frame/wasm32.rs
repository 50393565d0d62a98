//! The per-pixel loops of the frame pass in explicit wasm SIMD (the release profile's
//! `opt-level` leaves loops unvectorised): column sums of a band of rows, block sums of RGBA
//! pixels, the blocks' means, and the luma of a row of RGBA pixels.

use core::arch::wasm32::*;
use core::mem::MaybeUninit;

/// Most rows a band may have: their column sums stay in 16-bit lanes (257 × 255 < 2¹⁶).
pub const MAX_ROWS: usize = 257;

/// Sums `rows` rows of `band` (the first at its start, each `stride` bytes after the last, at
/// most [`MAX_ROWS`] of them) column by column into `sums`, over `sums.len()` bytes of each
/// row: 16 columns at a time, every row added in registers.
pub fn column_sums(sums: &mut [u16], band: &[u8], stride: usize, rows: usize) {
    let width = sums.len();
    if rows == 0 {
        sums.fill(0);
        return;
    }
    let band = &band[..(rows - 1) * stride + width];
    let chunks = width / 16;
    for k in 0..chunks {
        let i = k * 16;
        let (mut lo, mut hi) = (u16x8_splat(0), u16x8_splat(0));
        for r in 0..rows {
            // SAFETY: r * stride + i + 16 <= (rows - 1) * stride + width = band.len(); loads
            // are unaligned.
            let (l, h) = unsafe { halves(band.as_ptr().add(r * stride + i)) };
            (lo, hi) = (i16x8_add(lo, l), i16x8_add(hi, h));
        }
        // SAFETY: i + 16 <= width = sums.len(); stores are unaligned.
        unsafe {
            v128_store(sums.as_mut_ptr().add(i) as *mut v128, lo);
            v128_store(sums.as_mut_ptr().add(i + 8) as *mut v128, hi);
        }
    }
    for i in chunks * 16..width {
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

/// Most rows a band may have for [`quad_block_sums`]: a channel's sums over two pixels of
/// every row stay in 16-bit lanes (128 × 2 × 255 < 2¹⁶).
pub const MAX_ROWS_OF_QUADS: usize = 128;

/// Adds each `scale`×`scale` block of `rows` RGBA rows of `width` pixels (the first at the
/// start of `band`, each `stride` bytes after the last; at most [`MAX_ROWS_OF_QUADS`] rows)
/// into `out`, for a `scale` that is a multiple of 4. Each 16 bytes (4 pixels) of a row are
/// widened to 16 bits in two halves, which are added ([`pixel_pairs`]); the band's rows add up
/// in registers, and the two pixels of the sum, widened to 32 bits and added, are the 4 pixels'
/// red, green, blue and alpha, added to their block's total. No row of sums is stored.
pub fn quad_block_sums(band: &[u8], stride: usize, width: usize, rows: usize, scale: usize, out: &mut [[u32; 4]]) {
    out.iter_mut().for_each(|o| *o = [0; 4]);
    if rows == 0 {
        return;
    }
    let band = &band[..(rows - 1) * stride + width * 4];
    let quads = width / 4;
    let per_block = scale / 4;
    if rows == 4 && per_block == 1 {
        let full = quads.min(out.len());
        four_by_four(band, stride, &mut out[..full]);
    } else {
        blocks_of_quads(band, stride, rows, per_block, quads, out);
    }
    // The last 0 to 3 pixels of each row, when the width is not a multiple of 4.
    if let Some(last) = out.last_mut() {
        for r in 0..rows {
            for px in band[r * stride + quads * 16..r * stride + width * 4].chunks_exact(4) {
                (0..3).for_each(|k| last[k] += px[k] as u32);
            }
        }
    }
}

/// The 16 bytes at `p` widened to 16 bits: the low eight, then the high eight (of 4 RGBA
/// pixels, the two left ones, then the two right ones). Widening takes V8 fewer instructions
/// than regrouping the bytes by channel with a shuffle.
///
/// # Safety
/// `p` must point to 16 readable bytes.
#[inline(always)]
unsafe fn halves(p: *const u8) -> (v128, v128) {
    let v = v128_load(p as *const v128);
    (u16x8_extend_low_u8x16(v), u16x8_extend_high_u8x16(v))
}

/// The [`halves`] at `p` added: the red, green, blue and alpha of pixels 0 + 2, then of 1 + 3.
///
/// # Safety
/// `p` must point to 16 readable bytes.
#[inline(always)]
unsafe fn pixel_pairs(p: *const u8) -> v128 {
    let (left, right) = halves(p);
    i16x8_add(left, right)
}

/// The two pixels of 16-bit channel sums added into one pixel of 32-bit sums.
#[inline(always)]
fn both_halves(v: v128) -> v128 {
    i32x4_add(u32x4_extend_low_u16x8(v), u32x4_extend_high_u16x8(v))
}

/// Adds each 2×2 block of `rows` RGBA rows of `width` pixels (the first at the start of `band`,
/// each `stride` bytes after the last; two rows, or one for a photo's last band) into `out` (one
/// block per 2 pixels of a row, the last one narrower when the width is odd). Each 16 bytes (4
/// pixels, 2 blocks) of a row are widened to 16 bits, a block's two pixels in each half; the
/// rows' halves are added, and each half's two pixels, added ([`store_two_blocks`]), are its
/// block's red, green, blue and alpha.
pub fn pair_block_sums(band: &[u8], stride: usize, width: usize, rows: usize, out: &mut [[u32; 4]]) {
    if rows == 0 {
        out.fill([0; 4]);
        return;
    }
    let band = &band[..(rows - 1) * stride + width * 4];
    let quads = (width / 4).min(out.len() / 2);
    let (pairs, rest) = out.split_at_mut(quads * 2);
    if rows == 2 {
        two_rows_of_pairs(band, stride, pairs);
    } else {
        for (q, o) in pairs.as_chunks_mut::<2>().0.iter_mut().enumerate() {
            let (mut left, mut right) = (u16x8_splat(0), u16x8_splat(0));
            for r in 0..rows {
                // SAFETY: r * stride + q * 16 + 16 <= (rows - 1) * stride + quads * 16 <= band.len().
                let (l, h) = unsafe { halves(band.as_ptr().add(r * stride + q * 16)) };
                (left, right) = (i16x8_add(left, l), i16x8_add(right, h));
            }
            store_two_blocks(o, left, right);
        }
    }
    // The blocks past the last whole 16 bytes of a row (0 to 3 pixels), one by one.
    for (k, o) in rest.iter_mut().enumerate() {
        let x0 = (quads * 2 + k) * 2;
        *o = [0; 4];
        for r in 0..rows {
            for px in band[r * stride + x0 * 4..r * stride + (x0 + 2).min(width) * 4].chunks_exact(4) {
                (0..4).for_each(|c| o[c] += px[c] as u32);
            }
        }
    }
}

/// Copies each RGBA pixel of a one-row band into `out` as its own block's totals (analysis
/// scale 1: photos of at most 1024 pixels a side), 16 bytes at a time.
pub fn pixel_totals(row: &[u8], out: &mut [[u32; 4]]) {
    let n = out.len().min(row.len() / 4);
    let quads = n / 4;
    for q in 0..quads {
        // SAFETY: (q + 1) * 16 <= row.len() and (q + 1) * 4 <= out.len(); each total is 16
        // bytes; loads and stores are unaligned.
        unsafe {
            let (lo, hi) = halves(row.as_ptr().add(q * 16));
            let o = out.as_mut_ptr().add(q * 4) as *mut v128;
            v128_store(o, u32x4_extend_low_u16x8(lo));
            v128_store(o.add(1), u32x4_extend_high_u16x8(lo));
            v128_store(o.add(2), u32x4_extend_low_u16x8(hi));
            v128_store(o.add(3), u32x4_extend_high_u16x8(hi));
        }
    }
    for (o, px) in out[quads * 4..n].iter_mut().zip(row[quads * 16..].chunks_exact(4)) {
        *o = [px[0] as u32, px[1] as u32, px[2] as u32, px[3] as u32];
    }
}

/// [`pair_block_sums`] for a band of two rows, in straight-line code; `out` holds two blocks
/// per 16 bytes of a row.
fn two_rows_of_pairs(band: &[u8], stride: usize, out: &mut [[u32; 4]]) {
    assert!(band.len() >= stride + out.len() * 8);
    for (q, o) in out.as_chunks_mut::<2>().0.iter_mut().enumerate() {
        // SAFETY: stride + q * 16 + 16 <= stride + out.len() * 8 <= band.len().
        unsafe {
            let p = band.as_ptr().add(q * 16);
            let ((top_l, top_r), (bottom_l, bottom_r)) = (halves(p), halves(p.add(stride)));
            store_two_blocks(o, i16x8_add(top_l, bottom_l), i16x8_add(top_r, bottom_r));
        }
    }
}

/// [`quad_block_sums`] for blocks of 4×4 pixels (12 MP photos): each block's four rows in
/// straight-line code, two blocks at a time (see [`store_two_blocks`]). `out` holds one block
/// per 4 whole pixels of a row.
fn four_by_four(band: &[u8], stride: usize, out: &mut [[u32; 4]]) {
    assert!(band.len() >= 3 * stride + out.len() * 16);
    // SAFETY: block b reads bytes b * 16 .. b * 16 + 16 of each of the band's 4 rows, and
    // 3 * stride + b * 16 + 16 <= 3 * stride + out.len() * 16 <= band.len().
    let block = |b: usize| unsafe {
        let p = band.as_ptr().add(b * 16);
        let top = i16x8_add(pixel_pairs(p), pixel_pairs(p.add(stride)));
        i16x8_add(top, i16x8_add(pixel_pairs(p.add(2 * stride)), pixel_pairs(p.add(3 * stride))))
    };
    let (pairs, last) = out.as_chunks_mut::<2>();
    for (k, o) in pairs.iter_mut().enumerate() {
        store_two_blocks(o, block(2 * k), block(2 * k + 1));
    }
    if let [o] = last {
        // SAFETY: `o` is 16 bytes; stores are unaligned.
        unsafe { v128_store(o.as_mut_ptr() as *mut v128, both_halves(block(2 * pairs.len()))) };
    }
}

/// Stores two blocks' totals from their two pixels of 16-bit sums each (at most 2¹⁶ − 1 once
/// added): the blocks' first pixels side by side plus their second pixels, then widened to 32
/// bits. The 64-bit interleaves are single instructions in V8, where adding each block's
/// halves alone compiles to a byte shuffle with a constant built in the loop.
#[inline(always)]
fn store_two_blocks(o: &mut [[u32; 4]; 2], first: v128, second: v128) {
    let sums = i16x8_add(i64x2_shuffle::<0, 2>(first, second), i64x2_shuffle::<1, 3>(first, second));
    // SAFETY: each total is 16 bytes; stores are unaligned.
    unsafe {
        v128_store(o[0].as_mut_ptr() as *mut v128, u32x4_extend_low_u16x8(sums));
        v128_store(o[1].as_mut_ptr() as *mut v128, u32x4_extend_high_u16x8(sums));
    }
}

/// [`quad_block_sums`] for any number of rows and of 4-pixel quads per block.
fn blocks_of_quads(band: &[u8], stride: usize, rows: usize, per_block: usize, quads: usize, out: &mut [[u32; 4]]) {
    for (b, o) in out.iter_mut().enumerate() {
        let (qa, qb) = ((b * per_block).min(quads), ((b + 1) * per_block).min(quads));
        let mut acc = u32x4_splat(0);
        for q in qa..qb {
            let i = q * 16;
            let mut pairs = u16x8_splat(0);
            for r in 0..rows {
                // SAFETY: r * stride + i + 16 <= (rows - 1) * stride + quads * 16 <= band.len().
                pairs = i16x8_add(pairs, unsafe { pixel_pairs(band.as_ptr().add(r * stride + i)) });
            }
            acc = i32x4_add(acc, both_halves(pairs));
        }
        // SAFETY: `o` is 16 bytes; stores are unaligned.
        unsafe { v128_store(o.as_mut_ptr() as *mut v128, acc) };
    }
}

/// Turns each full block's totals (red, green, blue, unused) into means, four blocks at a time:
/// the red, green, blue and luma of the blocks go to `out`'s four rows (as many as `totals`).
/// The same operations in the same order as the scalar loop of `frame::means`; the totals
/// (under 2³¹) convert to floats as signed integers, which V8 does in one instruction where an
/// unsigned conversion takes several.
pub fn block_means(totals: &[[u32; 4]], inv: f32, out: [&mut [MaybeUninit<f32>]; 4]) {
    let [r, g, b, l] = out;
    let n = totals.len().min(r.len()).min(g.len()).min(b.len()).min(l.len());
    let inv = f32x4_splat(inv);
    let (kr, kg, kb) = (f32x4_splat(0.299), f32x4_splat(0.587), f32x4_splat(0.114));
    let quads = n / 4;
    for q in 0..quads {
        let i = q * 4;
        // SAFETY: i + 4 <= n bounds `totals` (16 bytes per block) and the four rows.
        unsafe {
            let t = totals.as_ptr().add(i) as *const v128;
            let (v0, v1, v2, v3) = (v128_load(t), v128_load(t.add(1)), v128_load(t.add(2)), v128_load(t.add(3)));
            // Transpose: one vector of reds, one of greens, one of blues.
            let rg01 = i32x4_shuffle::<0, 4, 1, 5>(v0, v1);
            let rg23 = i32x4_shuffle::<0, 4, 1, 5>(v2, v3);
            let ba01 = i32x4_shuffle::<2, 6, 3, 7>(v0, v1);
            let ba23 = i32x4_shuffle::<2, 6, 3, 7>(v2, v3);
            let vr = f32x4_mul(f32x4_convert_i32x4(i32x4_shuffle::<0, 1, 4, 5>(rg01, rg23)), inv);
            let vg = f32x4_mul(f32x4_convert_i32x4(i32x4_shuffle::<2, 3, 6, 7>(rg01, rg23)), inv);
            let vb = f32x4_mul(f32x4_convert_i32x4(i32x4_shuffle::<0, 1, 4, 5>(ba01, ba23)), inv);
            let vl = f32x4_add(f32x4_add(f32x4_mul(kr, vr), f32x4_mul(kg, vg)), f32x4_mul(kb, vb));
            v128_store(r.as_mut_ptr().add(i) as *mut v128, vr);
            v128_store(g.as_mut_ptr().add(i) as *mut v128, vg);
            v128_store(b.as_mut_ptr().add(i) as *mut v128, vb);
            v128_store(l.as_mut_ptr().add(i) as *mut v128, vl);
        }
    }
}

/// The luma of each RGBA pixel of `row` into `out` (as many as both hold), four pixels at a
/// time: each 16 bytes read as four 32-bit pixels, whose low three bytes (red, green, blue) are
/// masked out and converted to f32, then weighed as `frame::luma` does (0.299·R + 0.587·G, then
/// + 0.114·B), so the values are the scalar ones.
pub fn luma_row_rgba(out: &mut [f32], row: &[u8]) {
    let n = out.len().min(row.len() / 4);
    let (kr, kg, kb) = (f32x4_splat(0.299), f32x4_splat(0.587), f32x4_splat(0.114));
    let byte = u32x4_splat(0xFF);
    let quads = n / 4;
    for q in 0..quads {
        // SAFETY: (q + 1) * 16 <= n * 4 <= row.len() and (q + 1) * 4 <= n <= out.len();
        // loads and stores are unaligned.
        unsafe {
            let v = v128_load(row.as_ptr().add(q * 16) as *const v128);
            let r = f32x4_convert_i32x4(v128_and(v, byte));
            let g = f32x4_convert_i32x4(v128_and(u32x4_shr(v, 8), byte));
            let b = f32x4_convert_i32x4(v128_and(u32x4_shr(v, 16), byte));
            let l = f32x4_add(f32x4_add(f32x4_mul(kr, r), f32x4_mul(kg, g)), f32x4_mul(kb, b));
            v128_store(out.as_mut_ptr().add(q * 4) as *mut v128, l);
        }
    }
    for (o, p) in out[quads * 4..n].iter_mut().zip(row[quads * 16..].chunks_exact(4)) {
        *o = super::luma(p[0] as f32, p[1] as f32, p[2] as f32);
    }
}

/// The dot product of two rows, over the shorter one's length: two sums of four lanes.
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    let n = a.len().min(b.len());
    let (a, b) = (&a[..n], &b[..n]);
    let (mut s0, mut s1) = (f32x4_splat(0.0), f32x4_splat(0.0));
    add_products(a, b, 0..n / 8, &mut s0, &mut s1);
    finish_dot(a, b, s0, s1)
}

/// `frame::dot2`: two dot products in one loop, each with its own running sums, so that
/// neither waits on the last addition to its own; each sum is `dot`'s, bit for bit.
pub fn dot2((a, b): (&[f32], &[f32]), (c, d): (&[f32], &[f32])) -> (f32, f32) {
    let (n, m) = (a.len().min(b.len()), c.len().min(d.len()));
    let (a, b, c, d) = (&a[..n], &b[..n], &c[..m], &d[..m]);
    let (mut s0, mut s1, mut t0, mut t1) = (f32x4_splat(0.0), f32x4_splat(0.0), f32x4_splat(0.0), f32x4_splat(0.0));
    let both = n.min(m) / 8;
    if a.as_ptr() == c.as_ptr() {
        // The same first row (as for two lags along rows, columns or a diagonal): its values
        // are loaded once for both products.
        for k in 0..both {
            let i = k * 8;
            // SAFETY: i + 8 <= n and i + 8 <= m bound the three rows; loads are unaligned.
            unsafe {
                let (pa, pb, pd) = (a.as_ptr().add(i) as *const v128, b.as_ptr().add(i) as *const v128, d.as_ptr().add(i) as *const v128);
                let (a0, a1) = (v128_load(pa), v128_load(pa.add(1)));
                s0 = f32x4_add(s0, f32x4_mul(a0, v128_load(pb)));
                t0 = f32x4_add(t0, f32x4_mul(a0, v128_load(pd)));
                s1 = f32x4_add(s1, f32x4_mul(a1, v128_load(pb.add(1))));
                t1 = f32x4_add(t1, f32x4_mul(a1, v128_load(pd.add(1))));
            }
        }
    } else {
        for k in 0..both {
            let i = k * 8;
            // SAFETY: i + 8 <= n and i + 8 <= m bound the four rows; loads are unaligned.
            unsafe {
                let (pa, pb) = (a.as_ptr().add(i) as *const v128, b.as_ptr().add(i) as *const v128);
                let (pc, pd) = (c.as_ptr().add(i) as *const v128, d.as_ptr().add(i) as *const v128);
                s0 = f32x4_add(s0, f32x4_mul(v128_load(pa), v128_load(pb)));
                t0 = f32x4_add(t0, f32x4_mul(v128_load(pc), v128_load(pd)));
                s1 = f32x4_add(s1, f32x4_mul(v128_load(pa.add(1)), v128_load(pb.add(1))));
                t1 = f32x4_add(t1, f32x4_mul(v128_load(pc.add(1)), v128_load(pd.add(1))));
            }
        }
    }
    add_products(a, b, both..n / 8, &mut s0, &mut s1);
    add_products(c, d, both..m / 8, &mut t0, &mut t1);
    (finish_dot(a, b, s0, s1), finish_dot(c, d, t0, t1))
}

/// Adds the products of the blocks of eight in `blocks` of two rows of equal length to the
/// running sums: the first four of each block to `s0`, the last four to `s1`.
#[inline(always)]
fn add_products(a: &[f32], b: &[f32], blocks: core::ops::Range<usize>, s0: &mut v128, s1: &mut v128) {
    let n = a.len().min(b.len());
    assert!(blocks.end * 8 <= n);
    for k in blocks {
        let i = k * 8;
        // SAFETY: i + 8 <= blocks.end * 8 <= n bounds both rows; loads are unaligned.
        unsafe {
            let (pa, pb) = (a.as_ptr().add(i) as *const v128, b.as_ptr().add(i) as *const v128);
            *s0 = f32x4_add(*s0, f32x4_mul(v128_load(pa), v128_load(pb)));
            *s1 = f32x4_add(*s1, f32x4_mul(v128_load(pa.add(1)), v128_load(pb.add(1))));
        }
    }
}

/// A dot product from its running sums: the two vectors' lanes added, then the products of
/// the last `len % 8` values one by one.
#[inline(always)]
fn finish_dot(a: &[f32], b: &[f32], s0: v128, s1: v128) -> f32 {
    let blocks = a.len().min(b.len()) / 8;
    let s = f32x4_add(s0, s1);
    let lanes = f32x4_extract_lane::<0>(s) + f32x4_extract_lane::<1>(s) + f32x4_extract_lane::<2>(s) + f32x4_extract_lane::<3>(s);
    lanes + a[blocks * 8..].iter().zip(&b[blocks * 8..]).map(|(p, q)| p * q).sum::<f32>()
}
