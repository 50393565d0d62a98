//! The working representation: the full-size pixels plus one reduced copy for analysis.

use crate::decode::Pixels;
use crate::geometry::{Point, Quad, Rect};
use std::mem::MaybeUninit;

/// The long side of the reduced analysis image, in pixels.
pub const ANALYSIS_LONG_SIDE: u32 = 1024;

/// One channel of floating-point samples, row after row.
#[derive(Debug, Clone, PartialEq)]
pub struct Plane {
    pub width: usize,
    pub height: usize,
    pub data: Vec<f32>,
}

impl Plane {
    pub fn new(width: usize, height: usize) -> Plane {
        Plane { width, height, data: vec![0.0; width * height] }
    }

    #[inline]
    pub fn at(&self, x: usize, y: usize) -> f32 {
        self.data[y * self.width + x]
    }

    pub fn row(&self, y: usize) -> &[f32] {
        &self.data[y * self.width..(y + 1) * self.width]
    }

    /// The value at continuous position `p` (pixel i covers [i, i + 1)), clamped at the border.
    #[inline]
    pub fn bilinear(&self, p: Point) -> f32 {
        Taps::new(self.width, self.height, p).read(&self.data)
    }

    /// Reads one value of each 16 (64 bytes) in `bounds` widened by a pixel (clipped to the
    /// plane), no read waiting on another: see [`Frame::prefetch`].
    pub fn prefetch(&self, bounds: Rect) {
        // SAFETY: the floats' bytes, read as bytes: f32 has no padding.
        let bytes = unsafe { std::slice::from_raw_parts(self.data.as_ptr().cast::<u8>(), self.data.len() * 4) };
        let wider = Rect { x: bounds.x - 1.0, y: bounds.y - 1.0, width: bounds.width + 2.0, height: bounds.height + 2.0 };
        touch(bytes, self.width, self.height, 4, wider);
    }
}

/// Reads one byte of each 64 of the pixels of `bounds` (clipped to the image) in `data`, a
/// `width`×`height` image of `size` bytes a pixel, no read waiting on another (see
/// [`Frame::prefetch`]).
fn touch(data: &[u8], width: usize, height: usize, size: usize, bounds: Rect) {
    let (xs, ys) = pixel_span(bounds, width, height);
    let mut seen = 0u8;
    for y in ys {
        let mut i = (y * width + xs.start) * size;
        while i < (y * width + xs.end) * size {
            seen ^= data[i];
            i += 64;
        }
    }
    std::hint::black_box(seen);
}

/// The columns and rows of a `width`×`height` image that `bounds` covers, clipped to the image
/// (empty where it covers none).
fn pixel_span(bounds: Rect, width: usize, height: usize) -> (std::ops::Range<usize>, std::ops::Range<usize>) {
    let clip = |v: f32, limit: usize| (v.max(0.0) as usize).min(limit);
    let xs = clip(bounds.x, width)..clip((bounds.x + bounds.width).ceil(), width);
    (xs, clip(bounds.y, height)..clip((bounds.y + bounds.height).ceil(), height))
}

/// Where [`Plane::bilinear`] reads a plane at a point: the four pixels around it, and the weights.
struct Taps {
    /// Top left, top right, bottom left, bottom right.
    at: [usize; 4],
    fx: f32,
    fy: f32,
}

impl Taps {
    #[inline]
    fn new(width: usize, height: usize, p: Point) -> Taps {
        let x = (p.x - 0.5).clamp(0.0, (width - 1) as f32);
        let y = (p.y - 0.5).clamp(0.0, (height - 1) as f32);
        let (x0, y0) = (x as usize, y as usize);
        let (x1, y1) = ((x0 + 1).min(width - 1), (y0 + 1).min(height - 1));
        let at = [y0 * width + x0, y0 * width + x1, y1 * width + x0, y1 * width + x1];
        Taps { at, fx: x - x0 as f32, fy: y - y0 as f32 }
    }

    #[inline]
    fn read(&self, data: &[f32]) -> f32 {
        let (fx, fy) = (self.fx, self.fy);
        let top = data[self.at[0]] * (1.0 - fx) + data[self.at[1]] * fx;
        let bottom = data[self.at[2]] * (1.0 - fx) + data[self.at[3]] * fx;
        top * (1.0 - fy) + bottom * fy
    }
}

/// The reduced image: each pixel is the mean of a `scale`×`scale` block of the original.
#[derive(Debug, Clone)]
pub struct Small {
    /// Original pixels per small pixel, along each axis.
    pub scale: u32,
    pub r: Plane,
    pub g: Plane,
    pub b: Plane,
    /// Rec. 601 luma, 0..255.
    pub luma: Plane,
}

impl Small {
    pub fn width(&self) -> usize {
        self.luma.width
    }

    pub fn height(&self) -> usize {
        self.luma.height
    }

    /// [`Plane::bilinear`] of the red, green and blue planes at `p`, the same values with the
    /// pixels and weights found once.
    #[inline]
    pub fn rgb_bilinear(&self, p: Point) -> [f32; 3] {
        let taps = Taps::new(self.width(), self.height(), p);
        [&self.r, &self.g, &self.b].map(|plane| taps.read(&plane.data))
    }

    /// Calls `f(x, y)` for every small pixel whose centre lies inside `doc` (given in original
    /// image pixels), or for every pixel when there is no document.
    ///
    /// Row by row: the run of pixels inside the (convex) quadrilateral is found from where the
    /// row crosses its sides, then settled pixel by pixel at both ends with [`Quad::contains`],
    /// so the pixels visited are exactly those whose centre `contains` accepts.
    pub fn visit(&self, doc: Option<&Quad>, mut f: impl FnMut(usize, usize)) {
        self.visit_rows(doc, |y, xs| xs.for_each(|x| f(x, y)));
    }

    /// Calls `f(y, xa..xb)` for every row of the pixels that [`Small::visit`] visits, with the
    /// run of them in that row (never empty), so that a check may read each row as a slice.
    pub fn visit_rows(&self, doc: Option<&Quad>, mut f: impl FnMut(usize, std::ops::Range<usize>)) {
        self.visit_rows_with(doc, &mut f);
    }

    /// [`Small::visit_rows`] through one compiled body for every caller (a call per row, not
    /// a copy of the row search in each check's code).
    fn visit_rows_with(&self, doc: Option<&Quad>, f: &mut dyn FnMut(usize, std::ops::Range<usize>)) {
        let (w, h) = (self.width(), self.height());
        let Some(doc) = doc else {
            (0..h).for_each(|y| f(y, 0..w));
            return;
        };
        let q = doc.scaled(1.0 / self.scale as f32);
        let b = q.bounds();
        let (x0, y0) = (b.x.floor().max(0.0) as usize, b.y.floor().max(0.0) as usize);
        let x1 = ((b.x + b.width).ceil().max(0.0) as usize).min(w);
        let y1 = ((b.y + b.height).ceil().max(0.0) as usize).min(h);
        for y in y0..y1 {
            if let Some((xa, xb)) = row_span(&q, y, x0, x1) {
                f(y, xa..xb);
            }
        }
    }
}

/// The pixels `xa..xb` of row `y` whose centres `q` contains, searched within `x0..x1`.
fn row_span(q: &Quad, y: usize, x0: usize, x1: usize) -> Option<(usize, usize)> {
    let inside = |x: usize| q.contains(Point { x: x as f32 + 0.5, y: y as f32 + 0.5 });
    let (mut lo, mut hi) = (f32::MAX, f32::MIN);
    let yc = y as f32 + 0.5;
    for i in 0..4 {
        let (a, b) = (q.corners[i], q.corners[(i + 1) % 4]);
        if (a.y <= yc && yc <= b.y) || (b.y <= yc && yc <= a.y) {
            let x = if a.y == b.y { a.x.min(b.x) } else { a.x + (yc - a.y) * (b.x - a.x) / (b.y - a.y) };
            let x2 = if a.y == b.y { a.x.max(b.x) } else { x };
            (lo, hi) = (lo.min(x), hi.max(x2));
        }
    }
    if !(lo <= hi) {
        return None;
    }
    // First and one-past-last pixel whose centre falls in [lo, hi], then settled exactly.
    let mut xa = ((lo - 0.5).ceil().max(x0 as f32) as usize).min(x1);
    let mut xb = (((hi - 0.5).floor() + 1.0).max(x0 as f32) as usize).min(x1);
    while xa > x0 && inside(xa - 1) {
        xa -= 1;
    }
    while xa < x1 && !inside(xa) {
        xa += 1;
    }
    if xa == x1 {
        return None;
    }
    xb = xb.max(xa + 1);
    while xb < x1 && inside(xb) {
        xb += 1;
    }
    while xb > xa + 1 && !inside(xb - 1) {
        xb -= 1;
    }
    Some((xa, xb))
}

/// The luma of a window of the original pixels, and where the window starts.
#[derive(Debug, Clone)]
pub struct Window {
    pub x0: usize,
    pub y0: usize,
    pub plane: Plane,
}

impl Window {
    /// Luma of the original pixel at (x, y); positions outside the window read its nearest edge.
    #[inline]
    pub fn at(&self, x: usize, y: usize) -> f32 {
        let x = x.saturating_sub(self.x0).min(self.plane.width - 1);
        let y = y.saturating_sub(self.y0).min(self.plane.height - 1);
        self.plane.data[y * self.plane.width + x]
    }
}

/// Pixels of the photo being checked, with the reduced copy every check starts from.
pub struct Frame<'a> {
    pub pixels: &'a Pixels<'a>,
    pub width: u32,
    pub height: u32,
    pub small: Small,
}

impl<'a> Frame<'a> {
    /// Builds the analysis image in one pass over the pixels.
    pub fn new(pixels: &'a Pixels<'a>) -> Frame<'a> {
        let small = reduce(pixels);
        Frame { pixels, width: pixels.width, height: pixels.height, small }
    }

    /// Luma of the original pixel at (x, y), 0..255.
    #[inline]
    pub fn luma_at(&self, x: u32, y: u32) -> f32 {
        let c = self.pixels.channels;
        let i = (y as usize * self.width as usize + x as usize) * c;
        let p = &self.pixels.data[i..i + 3];
        luma(p[0] as f32, p[1] as f32, p[2] as f32)
    }

    /// The luma of the original pixels in `bounds` widened by `margin` pixels (clipped to the
    /// photo), computed once, so that a check sampling the full-size image many times over one
    /// region does not convert each pixel again. Values equal [`Frame::luma_at`]'s.
    pub fn luma_window(&self, bounds: Rect, margin: usize) -> Window {
        let (w, h, c) = (self.width as usize, self.height as usize, self.pixels.channels);
        let (xs, ys) = pixel_span(bounds, w, h);
        let (x0, y0) = (xs.start.saturating_sub(margin), ys.start.saturating_sub(margin));
        let x1 = (xs.end + margin).clamp(x0 + 1, w);
        let y1 = (ys.end + margin).clamp(y0 + 1, h);
        let x0 = x0.min(x1 - 1);
        let y0 = y0.min(y1 - 1);
        let mut plane = Plane::new(x1 - x0, y1 - y0);
        let data: &[u8] = &self.pixels.data;
        for (y, out) in (y0..y1).zip(plane.data.chunks_exact_mut(x1 - x0)) {
            luma_row(out, &data[(y * w + x0) * c..(y * w + x1) * c], c);
        }
        Window { x0, y0, plane }
    }

    /// The luma of `m`×`m` blocks of the original pixels over `bounds` widened by a block on
    /// each side (clipped to the photo): block (i, j) is the mean of pixels i·m .. (i + 1)·m
    /// across and j·m .. (j + 1)·m down (fewer at the photo's right and bottom edges). The
    /// window's `x0` and `y0` count blocks. For a check that needs more detail over one region
    /// than the analysis image holds: each byte of the region is read once.
    pub fn block_luma_window(&self, bounds: Rect, m: usize) -> Window {
        let (w, h, c) = (self.width as usize, self.height as usize, self.pixels.channels);
        let m = m.clamp(1, MAX_BLOCK);
        let (xs, ys) = pixel_span(bounds, w, h);
        let (bx, by) = (block_span(xs, w, m), block_span(ys, h, m));
        let (x0, x1) = (bx.start * m, (bx.end * m).min(w));
        let mut plane = Plane::new(bx.len(), by.len());
        let mut sums = BandSums::for_photo(x1 - x0, c, m);
        let mut totals = vec![[0u32; 4]; bx.len()];
        for (j, out) in by.clone().zip(plane.data.chunks_exact_mut(bx.len())) {
            let n = ((j + 1) * m).min(h) - j * m;
            sums.add(&self.pixels.data[(j * m * w + x0) * c..], w * c, x1 - x0, n, c, m, &mut totals);
            for (i, (o, t)) in out.iter_mut().zip(&totals).enumerate() {
                let inv = 1.0 / (n * (((i + 1) * m).min(x1 - x0) - i * m)) as f32;
                *o = luma(t[0] as f32 * inv, t[1] as f32 * inv, t[2] as f32 * inv);
            }
        }
        Window { x0: bx.start, y0: by.start, plane }
    }

    /// Reads one byte of each 64 of the original pixels in each of `boxes` (clipped to the
    /// photo), no read waiting on another, so that memory brings their rows in side by side
    /// before a pass that reads them row after row (as [`Frame::luma_window`] does) would wait
    /// on each row in turn.
    pub fn prefetch(&self, boxes: &[Rect]) {
        for &b in boxes {
            touch(&self.pixels.data, self.width as usize, self.height as usize, self.pixels.channels, b);
        }
    }

    /// Luma of a box of the original resampled to `out_w`×`out_h` by area averaging
    /// (each output pixel is the mean of the input pixels whose centres fall in its footprint).
    pub fn resample_luma(&self, rect: Rect, out_w: usize, out_h: usize) -> Plane {
        let mut out = Plane::new(out_w, out_h);
        let x0 = rect.x.max(0.0);
        let y0 = rect.y.max(0.0);
        let x1 = (rect.x + rect.width).min(self.width as f32);
        let y1 = (rect.y + rect.height).min(self.height as f32);
        if out_w == 0 || out_h == 0 || x1 <= x0 || y1 <= y0 {
            return out;
        }
        let sx = (x1 - x0) / out_w as f32;
        let sy = (y1 - y0) / out_h as f32;
        let xs: Vec<(u32, u32)> = (0..out_w).map(|i| span(x0 + i as f32 * sx, sx, self.width)).collect();
        for j in 0..out_h {
            let (ya, yb) = span(y0 + j as f32 * sy, sy, self.height);
            for (i, &(xa, xb)) in xs.iter().enumerate() {
                let mut sum = 0.0;
                for y in ya..yb {
                    for x in xa..xb {
                        sum += self.luma_at(x, y);
                    }
                }
                out.data[j * out_w + i] = sum / ((yb - ya) * (xb - xa)) as f32;
            }
        }
        out
    }
}

/// The largest block [`Frame::block_luma_window`] takes.
const MAX_BLOCK: usize = 256;

/// The blocks of `m` pixels (of a `limit`-pixel side) that cover `span`, with one more on each
/// side, clipped to the side; never empty.
fn block_span(span: std::ops::Range<usize>, limit: usize, m: usize) -> std::ops::Range<usize> {
    let end = (span.end.div_ceil(m) + 1).clamp(1, limit.div_ceil(m).max(1));
    (span.start / m).saturating_sub(1).min(end - 1)..end
}

/// The integer pixel range whose centres fall in [start, start + len), never empty.
fn span(start: f32, len: f32, limit: u32) -> (u32, u32) {
    let a = (start.round() as u32).min(limit - 1);
    let b = ((start + len).round() as u32).clamp(a + 1, limit);
    (a, b)
}

/// The luma of each pixel of `row` (with `c` channels, red, green and blue first) into `out`:
/// four pixels at a time with simd128 in the browser when there are four channels, with the
/// same operations in the same order as [`luma`].
fn luma_row(out: &mut [f32], row: &[u8], c: usize) {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    if c == 4 {
        return wasm32::luma_row_rgba(out, row);
    }
    for (o, p) in out.iter_mut().zip(row.chunks_exact(c)) {
        *o = luma(p[0] as f32, p[1] as f32, p[2] as f32);
    }
}

/// Rec. 601 luma from 0..255 RGB.
#[inline]
pub fn luma(r: f32, g: f32, b: f32) -> f32 {
    0.299 * r + 0.587 * g + 0.114 * b
}

/// Block-averages the image so that its long side is at most [`ANALYSIS_LONG_SIDE`], one band
/// of rows after another (see [`Reducer`]). Every byte is read once.
fn reduce(p: &Pixels) -> Small {
    let mut reducer = Reducer::new(p.width, p.height, p.channels);
    for band in p.data.chunks(reducer.band_len()) {
        reducer.add_band(band);
    }
    reducer.finish()
}

/// Builds the analysis image band by band (`scale` rows of the photo each).
///
/// 1. For each band, add each `scale`×`scale` block's red, green and blue (16 bytes at a time
///    with simd128 in the browser, the band's rows added in registers).
/// 2. Divide the block totals into the band's row of means, and append the row to the planes.
///
/// The only allocations are the band's sums and the output planes, into whose spare capacity
/// each band's row of means is written (never zeroed first, never copied).
struct Reducer {
    width: usize,
    channels: usize,
    scale: usize,
    sums: BandSums,
    totals: Vec<[u32; 4]>,
    /// The red, green, blue and luma planes, filled row by row.
    planes: [Vec<f32>; 4],
}

/// How a band's block totals are added, chosen once per photo (or per window of it).
enum BandSums {
    /// RGBA blocks a multiple of 4 pixels wide, without a row of sums (simd128).
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    Quads,
    /// RGBA pixels that are their own blocks (scale 1), four per 16 bytes (simd128).
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    Pixels,
    /// RGBA blocks of 2×2 pixels, two blocks per 16 bytes of a row (simd128).
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    Pairs,
    /// Column sums in 16-bit lanes, then the blocks (simd128, RGBA).
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    Columns16(Vec<u16>),
    /// Column sums in 32 bits, then the blocks, for any channel count.
    Columns32(Vec<u32>),
}

impl Reducer {
    /// A reducer for a `width`×`height` photo with `channels` bytes per pixel (red, green and
    /// blue first).
    fn new(width: u32, height: u32, channels: usize) -> Reducer {
        let (w, h) = (width as usize, height as usize);
        let scale = (width.max(height).div_ceil(ANALYSIS_LONG_SIDE).max(1)) as usize;
        let (sw, sh) = (w.div_ceil(scale), h.div_ceil(scale));
        Reducer {
            width: w,
            channels,
            scale,
            sums: BandSums::for_photo(w, channels, scale),
            totals: vec![[0u32; 4]; sw],
            planes: std::array::from_fn(|_| Vec::with_capacity(sw * sh)),
        }
    }

    /// The bytes of one band: `scale` rows (the last band of the photo may be shorter).
    fn band_len(&self) -> usize {
        self.scale * self.width * self.channels
    }

    /// Adds the next band of rows: [`Reducer::band_len`] bytes, or fewer (whole rows) for the
    /// photo's last band.
    fn add_band(&mut self, band: &[u8]) {
        let (w, c, scale) = (self.width, self.channels, self.scale);
        let rows = band.len() / (w * c);
        if rows == 0 {
            return;
        }
        self.sums.add(band, w * c, w, rows, c, scale, &mut self.totals);
        let sw = self.totals.len();
        self.planes.iter_mut().for_each(|p| p.reserve(sw));
        let [r, g, b, l] = self.planes.each_mut().map(|p| &mut p.spare_capacity_mut()[..sw]);
        means(&self.totals, rows, w, scale, [r, g, b, l]);
        for plane in &mut self.planes {
            // SAFETY: `means` wrote the first `sw` values of the spare capacity, and `reserve`
            // made room for them.
            unsafe { plane.set_len(plane.len() + sw) };
        }
    }

    /// The analysis image, once every band was added.
    fn finish(self) -> Small {
        let sw = self.totals.len();
        let [r, g, b, l] = self.planes.map(|data| Plane { width: sw, height: data.len() / sw.max(1), data });
        Small { scale: self.scale as u32, r, g, b, luma: l }
    }
}

/// Writes each block's red, green and blue means and their luma into `out` (one value per block
/// in each; as many as `totals`), for a band of `rows` rows of `w` pixels in blocks of `scale`.
/// The full blocks four at a time with simd128; the rest (and a last, narrower block) one by one.
fn means(totals: &[[u32; 4]], rows: usize, w: usize, scale: usize, out: [&mut [MaybeUninit<f32>]; 4]) {
    let [r, g, b, l] = out;
    let inv_full = 1.0 / (rows * scale) as f32;
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    let done = {
        let full = (w / scale) & !3;
        wasm32::block_means(&totals[..full], inv_full, [&mut *r, &mut *g, &mut *b, &mut *l]);
        full
    };
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    let done = 0;
    for (sx, t) in totals.iter().enumerate().skip(done) {
        let cols = ((sx + 1) * scale).min(w) - sx * scale;
        let inv = if cols == scale { inv_full } else { 1.0 / (rows * cols) as f32 };
        let (vr, vg, vb) = (t[0] as f32 * inv, t[1] as f32 * inv, t[2] as f32 * inv);
        r[sx].write(vr);
        g[sx].write(vg);
        b[sx].write(vb);
        l[sx].write(luma(vr, vg, vb));
    }
}

impl BandSums {
    fn for_photo(w: usize, c: usize, scale: usize) -> BandSums {
        #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
        if c == 4 && scale % 4 == 0 && scale <= wasm32::MAX_ROWS_OF_QUADS {
            return BandSums::Quads;
        }
        #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
        if c == 4 && scale == 1 {
            return BandSums::Pixels;
        }
        #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
        if c == 4 && scale == 2 {
            return BandSums::Pairs;
        }
        #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
        if c == 4 && scale <= wasm32::MAX_ROWS {
            return BandSums::Columns16(vec![0u16; w * 4]);
        }
        let _ = scale;
        BandSums::Columns32(vec![0u32; w * c])
    }

    /// Adds each `scale`×`scale` block of `rows` rows of `width` pixels of `c` bytes (the first
    /// at the start of `band`, each `stride` bytes after the last) into `totals`.
    #[allow(clippy::too_many_arguments)]
    fn add(&mut self, band: &[u8], stride: usize, width: usize, rows: usize, c: usize, scale: usize, totals: &mut [[u32; 4]]) {
        let _ = width; // the column sums know it from their length
        match self {
            #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
            BandSums::Quads => wasm32::quad_block_sums(band, stride, width, rows, scale, totals),
            #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
            BandSums::Pixels => wasm32::pixel_totals(&band[..width * 4], totals),
            #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
            BandSums::Pairs => wasm32::pair_block_sums(band, stride, width, rows, totals),
            #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
            BandSums::Columns16(sums) => {
                wasm32::column_sums(sums, band, stride, rows);
                wasm32::block_sums_rgba(sums, 4, scale, totals);
            }
            BandSums::Columns32(sums) => {
                column_sums(sums, band, stride, rows);
                block_sums(sums, c, scale, totals);
            }
        }
    }
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod wasm32;

/// The dot product of two rows, over the shorter one's length: four lanes at a time with
/// simd128 in the browser, otherwise in eight running sums that the compiler may vectorise.
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    return wasm32::dot(a, b);
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    {
        let mut acc = [0f32; 8];
        let (ca, cb) = (a.chunks_exact(8), b.chunks_exact(8));
        let tail: f32 = ca.remainder().iter().zip(cb.remainder()).map(|(p, q)| p * q).sum();
        for (p, q) in ca.zip(cb) {
            for k in 0..8 {
                acc[k] += p[k] * q[k];
            }
        }
        acc.iter().sum::<f32>() + tail
    }
}

/// The dot products of two pairs of rows, each exactly as [`dot`] computes it: in one loop
/// with simd128 in the browser, where two sums side by side do not wait on each other.
pub fn dot2(first: (&[f32], &[f32]), second: (&[f32], &[f32])) -> (f32, f32) {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    return wasm32::dot2(first, second);
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    (dot(first.0, first.1), dot(second.0, second.1))
}

/// Sums `rows` rows of `band` (the first at its start, each `stride` bytes after the last)
/// column by column into `sums`, over `sums.len()` bytes of each row.
fn column_sums(sums: &mut [u32], band: &[u8], stride: usize, rows: usize) {
    sums.fill(0);
    let width = sums.len();
    for r in 0..rows {
        for (s, &v) in sums.iter_mut().zip(&band[r * stride..r * stride + width]) {
            *s += v as u32;
        }
    }
}

/// Adds each block of `scale` pixels (with `c` channels each) of a row of sums into `out`:
/// red, green, blue, and 0.
fn block_sums(sums: &[u32], c: usize, scale: usize, out: &mut [[u32; 4]]) {
    for (o, block) in out.iter_mut().zip(sums.chunks(scale * c)) {
        *o = [0; 4];
        for px in block.chunks_exact(c) {
            o[0] += px[0];
            o[1] += px[1];
            o[2] += px[2];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;

    fn pixels(w: u32, h: u32, f: impl Fn(u32, u32) -> [u8; 4]) -> Pixels<'static> {
        let mut data = Vec::new();
        for y in 0..h {
            for x in 0..w {
                data.extend_from_slice(&f(x, y));
            }
        }
        Pixels { data: Cow::Owned(data), width: w, height: h, channels: 4, format: None }
    }

    #[test]
    fn small_image_is_not_reduced() {
        let p = pixels(8, 4, |x, _| [x as u8 * 10, 0, 0, 255]);
        let f = Frame::new(&p);
        assert_eq!(f.small.scale, 1);
        assert_eq!((f.small.r.width, f.small.r.height), (8, 4));
        assert_eq!(f.small.r.at(3, 2), 30.0);
    }

    #[test]
    fn rgb_bilinear_equals_each_plane_bilinear() {
        let p = pixels(13, 9, |x, y| [(x * 19 + y * 7) as u8, (x * y * 5) as u8, (200 - x * 3 - y * 11) as u8, 255]);
        let small = Frame::new(&p).small;
        for i in -20..180 {
            let q = Point { x: i as f32 * 0.077, y: 9.6 - i as f32 * 0.061 };
            let want = [&small.r, &small.g, &small.b].map(|pl| pl.bilinear(q).to_bits());
            assert_eq!(small.rgb_bilinear(q).map(f32::to_bits), want, "at {q:?}");
        }
    }

    #[test]
    fn large_image_is_block_averaged() {
        let p = pixels(3000, 10, |x, _| if x % 2 == 0 { [0, 100, 200, 255] } else { [200, 100, 0, 255] });
        let f = Frame::new(&p);
        assert_eq!(f.small.scale, 3);
        assert_eq!(f.small.r.width, 1000);
        assert_eq!(f.small.luma.height, 4);
        // Blocks of 3 alternate 2:1 or 1:2 between the two colours.
        assert!((f.small.r.at(0, 0) - 200.0 / 3.0).abs() < 1e-3);
        assert!((f.small.g.at(5, 3) - 100.0).abs() < 1e-3);
    }

    /// The mean of each block, pixel by pixel: what `reduce` must give, however it adds.
    fn reference_means(p: &Pixels, scale: usize) -> Vec<[f32; 3]> {
        let (w, h, c) = (p.width as usize, p.height as usize, p.channels);
        let (sw, sh) = (w.div_ceil(scale), h.div_ceil(scale));
        let mut out = Vec::new();
        for sy in 0..sh {
            for sx in 0..sw {
                let (mut s, mut n) = ([0f64; 3], 0f64);
                for y in sy * scale..((sy + 1) * scale).min(h) {
                    for x in sx * scale..((sx + 1) * scale).min(w) {
                        let i = (y * w + x) * c;
                        (0..3).for_each(|k| s[k] += p.data[i + k] as f64);
                        n += 1.0;
                    }
                }
                out.push(s.map(|v| (v / n) as f32));
            }
        }
        out
    }

    #[test]
    fn reduce_matches_block_means_with_partial_blocks_and_three_channels() {
        let mut seed = 12345u32;
        let mut next = move || {
            seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            (seed >> 24) as u8
        };
        for (w, h, c) in [(3001u32, 7u32, 4usize), (5, 2050, 3), (1030, 1031, 4)] {
            let data: Vec<u8> = (0..w as usize * h as usize * c).map(|_| next()).collect();
            let p = Pixels { data: Cow::Owned(data), width: w, height: h, channels: c, format: None };
            let f = Frame::new(&p);
            let expected = reference_means(&p, f.small.scale as usize);
            assert_eq!(f.small.r.data.len(), expected.len());
            for (i, e) in expected.iter().enumerate() {
                let got = [f.small.r.data[i], f.small.g.data[i], f.small.b.data[i]];
                for k in 0..3 {
                    assert!((got[k] - e[k]).abs() < 1e-3, "{w}x{h}x{c} pixel {i}: {got:?} vs {e:?}");
                }
            }
        }
    }

    #[test]
    fn visit_takes_exactly_the_pixels_whose_centres_the_quad_contains() {
        let p = pixels(90, 70, |_, _| [0, 0, 0, 255]);
        let small = Frame::new(&p).small;
        let pt = |x, y| Point { x, y };
        let quads = [
            Quad { corners: [pt(10.0, 5.0), pt(80.0, 12.0), pt(70.0, 60.0), pt(5.0, 50.0)] },
            Quad { corners: [pt(-20.0, -8.0), pt(50.5, 3.5), pt(95.0, 80.0), pt(2.5, 66.5)] },
            Quad { corners: [pt(20.5, 10.5), pt(60.5, 10.5), pt(60.5, 30.5), pt(20.5, 30.5)] },
            Quad { corners: [pt(45.0, 0.0), pt(89.0, 35.0), pt(45.0, 69.0), pt(1.0, 35.0)] },
            Quad { corners: [pt(30.0, 30.0), pt(30.2, 30.0), pt(30.2, 30.1), pt(30.0, 30.1)] },
        ];
        for q in quads {
            let mut seen = Vec::new();
            small.visit(Some(&q), |x, y| seen.push((x, y)));
            let mut all = Vec::new();
            for y in 0..70 {
                for x in 0..90 {
                    if q.contains(Point { x: x as f32 + 0.5, y: y as f32 + 0.5 }) {
                        all.push((x, y));
                    }
                }
            }
            assert_eq!(seen, all, "{q:?}");
        }
    }

    #[test]
    fn luma_window_equals_luma_at_and_clips_to_the_photo() {
        let p = pixels(40, 30, |x, y| [(x * 6) as u8, (y * 8) as u8, ((x + y) * 3) as u8, 255]);
        let f = Frame::new(&p);
        let win = f.luma_window(Rect { x: 30.5, y: -4.0, width: 20.0, height: 10.0 }, 2);
        assert_eq!((win.x0, win.y0, win.plane.width, win.plane.height), (28, 0, 12, 8));
        for y in 0..8 {
            for x in 28..40 {
                assert_eq!(win.at(x, y), f.luma_at(x as u32, y as u32));
            }
        }
        // Outside the window, the nearest edge.
        assert_eq!(win.at(0, 29), f.luma_at(28, 7));
    }

    #[test]
    fn block_luma_window_holds_the_block_means_around_the_bounds() {
        let p = pixels(103, 61, |x, y| [(x * 7 + y) as u8, (x * y) as u8, (250 - x - y) as u8, 255]);
        let f = Frame::new(&p);
        let m = 4;
        let win = f.block_luma_window(Rect { x: 50.5, y: -3.0, width: 70.0, height: 20.0 }, m);
        // Columns 50..103 and rows 0..17 with a block more on each side, clipped: blocks 11..26
        // across (the last one 3 pixels wide) and 0..6 down.
        assert_eq!((win.x0, win.y0, win.plane.width, win.plane.height), (11, 0, 15, 6));
        for j in 0..6 {
            for i in 11..26 {
                let (mut sum, mut n) = (0.0f64, 0.0f64);
                for y in j * m..((j + 1) * m).min(61) {
                    for x in i * m..((i + 1) * m).min(103) {
                        let px = &p.data[(y * 103 + x) * 4..];
                        sum += [0, 1, 2].map(|k| px[k] as f64).iter().zip([0.299, 0.587, 0.114]).map(|(v, k)| v * k).sum::<f64>();
                        n += 1.0;
                    }
                }
                let got = win.at(i, j);
                assert!((got as f64 - sum / n).abs() < 1e-3, "block ({i}, {j}): {got} vs {}", sum / n);
            }
        }
        // Bounds outside the photo give its nearest blocks, never an empty window.
        let far = f.block_luma_window(Rect { x: 500.0, y: 500.0, width: 5.0, height: 5.0 }, 8);
        assert_eq!((far.x0, far.y0, far.plane.width, far.plane.height), (11, 6, 2, 2));
    }

    #[test]
    fn prefetch_takes_any_box_and_clips_it() {
        let p = pixels(40, 30, |x, y| [x as u8, y as u8, 0, 255]);
        let f = Frame::new(&p);
        let r = |x, y, width, height| Rect { x, y, width, height };
        // Each box, and the columns and rows of the 40×30 photo it covers.
        let boxes = [
            (r(-10.0, -5.0, 100.0, 100.0), 0..40, 0..30),
            (r(39.5, 29.5, 3.0, 3.0), 39..40, 29..30),
            (r(50.0, 40.0, 5.0, 5.0), 40..40, 30..30),
            (r(10.0, 10.0, -4.0, 0.0), 10..6, 10..10),
            (r(f32::NAN, 3.0, 1.0, f32::INFINITY), 0..0, 3..30),
        ];
        let rects = boxes.each_ref().map(|(b, ..)| *b);
        for (b, xs, ys) in boxes {
            assert_eq!(pixel_span(b, 40, 30), (xs, ys), "{b:?}");
        }
        // Reading them, in the photo and in its analysis luma, stays inside both.
        f.prefetch(&rects);
        rects.iter().for_each(|&b| f.small.luma.prefetch(b));
    }

    #[test]
    fn resample_averages_areas() {
        let p = pixels(4, 4, |x, _| if x < 2 { [0, 0, 0, 255] } else { [255, 255, 255, 255] });
        let f = Frame::new(&p);
        let out = f.resample_luma(Rect { x: 0.0, y: 0.0, width: 4.0, height: 4.0 }, 2, 1);
        assert!(out.at(0, 0).abs() < 1e-3);
        assert!((out.at(1, 0) - 255.0).abs() < 0.01);
    }
}
