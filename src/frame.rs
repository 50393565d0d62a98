//! The working representation: the full-size pixels plus one reduced copy for analysis.

use crate::decode::Pixels;
use crate::geometry::{Point, Quad, Rect};

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

    /// Calls `f(x, y)` for every small pixel whose centre lies inside `doc` (given in original
    /// image pixels), or for every pixel when there is no document.
    pub fn visit(&self, doc: Option<&Quad>, mut f: impl FnMut(usize, usize)) {
        let (w, h) = (self.width(), self.height());
        let Some(doc) = doc else {
            (0..h).for_each(|y| (0..w).for_each(|x| f(x, y)));
            return;
        };
        let q = doc.scaled(1.0 / self.scale as f32);
        let b = q.bounds();
        let (x0, y0) = (b.x.floor().max(0.0) as usize, b.y.floor().max(0.0) as usize);
        let x1 = ((b.x + b.width).ceil().max(0.0) as usize).min(w);
        let y1 = ((b.y + b.height).ceil().max(0.0) as usize).min(h);
        for y in y0..y1 {
            for x in x0..x1 {
                if q.contains(Point { x: x as f32 + 0.5, y: y as f32 + 0.5 }) {
                    f(x, y);
                }
            }
        }
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

/// The integer pixel range whose centres fall in [start, start + len), never empty.
fn span(start: f32, len: f32, limit: u32) -> (u32, u32) {
    let a = (start.round() as u32).min(limit - 1);
    let b = ((start + len).round() as u32).clamp(a + 1, limit);
    (a, b)
}

/// Rec. 601 luma from 0..255 RGB.
#[inline]
pub fn luma(r: f32, g: f32, b: f32) -> f32 {
    0.299 * r + 0.587 * g + 0.114 * b
}

/// Block-averages the image so that its long side is at most [`ANALYSIS_LONG_SIDE`].
///
/// 1. For each band of `scale` rows, add the rows byte by byte into one row of sums: a widening
///    add over contiguous memory, which the compiler turns into SIMD (simd128 in the browser).
/// 2. Once per band, add the band's sums across each block of `scale` pixels and divide.
///
/// Every byte is read once; the only allocations are the band's sums and the output planes.
fn reduce(p: &Pixels) -> Small {
    let (w, h, c) = (p.width as usize, p.height as usize, p.channels);
    let long = w.max(h) as u32;
    let scale = long.div_ceil(ANALYSIS_LONG_SIDE).max(1) as usize;
    let (sw, sh) = (w.div_ceil(scale), h.div_ceil(scale));
    let stride = w * c;
    // At most `scale` rows of bytes: below 2³² for any u32 image size.
    let mut band = vec![0u32; stride];
    let (mut r, mut g, mut b) = (Plane::new(sw, sh), Plane::new(sw, sh), Plane::new(sw, sh));
    for sy in 0..sh {
        let (ya, yb) = (sy * scale, ((sy + 1) * scale).min(h));
        band.fill(0);
        for row in p.data[ya * stride..yb * stride].chunks_exact(stride) {
            add_row(&mut band, row);
        }
        for sx in 0..sw {
            let (xa, xb) = (sx * scale, ((sx + 1) * scale).min(w));
            let s = block_sum(&band[xa * c..xb * c], c);
            let n = ((yb - ya) * (xb - xa)) as f32;
            let i = sy * sw + sx;
            r.data[i] = s[0] as f32 / n;
            g.data[i] = s[1] as f32 / n;
            b.data[i] = s[2] as f32 / n;
        }
    }
    let luma_data = (0..sw * sh).map(|i| luma(r.data[i], g.data[i], b.data[i])).collect();
    Small { scale: scale as u32, r, g, b, luma: Plane { width: sw, height: sh, data: luma_data } }
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod wasm32;
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
use wasm32::add_row;

/// Adds a row of bytes into a row of sums, element by element.
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
#[inline]
fn add_row(sums: &mut [u32], row: &[u8]) {
    for (s, &v) in sums.iter_mut().zip(row) {
        *s += v as u32;
    }
}

/// The red, green and blue totals of a run of pixels with `c` channels each.
#[inline]
fn block_sum(sums: &[u32], c: usize) -> [u64; 3] {
    let mut t = [0u64; 3];
    for px in sums.chunks_exact(c) {
        t[0] += px[0] as u64;
        t[1] += px[1] as u64;
        t[2] += px[2] as u64;
    }
    t
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
    fn resample_averages_areas() {
        let p = pixels(4, 4, |x, _| if x < 2 { [0, 0, 0, 255] } else { [255, 255, 255, 255] });
        let f = Frame::new(&p);
        let out = f.resample_luma(Rect { x: 0.0, y: 0.0, width: 4.0, height: 4.0 }, 2, 1);
        assert!(out.at(0, 0).abs() < 1e-3);
        assert!((out.at(1, 0) - 255.0).abs() < 0.01);
    }
}
