//! Small generated images shared by the unit tests.

use crate::decode::Pixels;
use crate::frame::{Frame, Small};
use std::borrow::Cow;

/// An RGBA image of `w`×`h` whose pixel (x, y) has the colour `f(x, y)`.
pub fn card_scene(w: u32, h: u32, f: impl Fn(u32, u32) -> [u8; 3]) -> Pixels<'static> {
    let mut data = Vec::with_capacity((w * h * 4) as usize);
    for y in 0..h {
        for x in 0..w {
            let [r, g, b] = f(x, y);
            data.extend_from_slice(&[r, g, b, 255]);
        }
    }
    Pixels { data: Cow::Owned(data), width: w, height: h, channels: 4, format: None }
}

/// The analysis image of `p`.
pub fn small_of(p: &Pixels) -> Small {
    Frame::new(p).small
}

// ---------------------------------------------------------------------------------------------
// Scenes for the blur and glare checks: documents drawn with text-like strokes, busy desks,
// blur kernels (Gaussian, defocus disc, motion), resampling and highlights. Grey scenes are one
// `Plane` of 0..255 values; colour scenes are three.
// ---------------------------------------------------------------------------------------------

use crate::frame::Plane;

/// A small deterministic random generator (xorshift64*), so that scenes are reproducible.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    /// A value in [0, 1).
    pub fn next(&mut self) -> f32 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 40) as f32 / (1u64 << 24) as f32
    }
}

/// A plane of `w`×`h` filled with `value`.
pub fn plane(w: usize, h: usize, value: f32) -> Plane {
    Plane { width: w, height: h, data: vec![value; w * h] }
}

/// Paints the box [x0, x1)×[y0, y1) with `value`, blending edge pixels by their coverage.
pub fn paint_rect(p: &mut Plane, x0: f32, y0: f32, x1: f32, y1: f32, value: f32) {
    let cover = |a: f32, b: f32, i: usize| (b.min(i as f32 + 1.0) - a.max(i as f32)).clamp(0.0, 1.0);
    let (xa, xb) = (x0.floor().max(0.0) as usize, (x1.ceil().max(0.0) as usize).min(p.width));
    let (ya, yb) = (y0.floor().max(0.0) as usize, (y1.ceil().max(0.0) as usize).min(p.height));
    for y in ya..yb {
        let cy = cover(y0, y1, y);
        for x in xa..xb {
            let a = cy * cover(x0, x1, x);
            let v = &mut p.data[y * p.width + x];
            *v += (value - *v) * a;
        }
    }
}

/// Paints lines of text-like glyphs (bars in both directions) into the box, glyphs `size` high
/// with strokes `stroke` pixels wide.
pub fn paint_glyphs(p: &mut Plane, bx: [f32; 4], size: f32, stroke: f32, ink: f32, rng: &mut Rng) {
    let gw = size * 0.6;
    let mut y = bx[1];
    while y + size <= bx[3] {
        let mut x = bx[0];
        while x + gw <= bx[2] {
            if rng.next() < 0.15 {
                x += gw; // a space between words
                continue;
            }
            let bars = [
                [0.0, 0.0, stroke, size],
                [gw - stroke, 0.0, gw, size],
                [(gw - stroke) / 2.0, 0.0, (gw + stroke) / 2.0, size],
                [0.0, 0.0, gw, stroke],
                [0.0, (size - stroke) / 2.0, gw, (size + stroke) / 2.0],
                [0.0, size - stroke, gw, size],
            ];
            let pick = (rng.next() * 64.0) as usize | 1 << (rng.next() * 3.0) as usize | 8 << (rng.next() * 3.0) as usize;
            for (i, b) in bars.iter().enumerate() {
                if pick & (1 << i) != 0 {
                    paint_rect(p, x + b[0], y + b[1], x + b[2], y + b[3], ink);
                }
            }
            x += gw + size * 0.2;
        }
        y += size * 1.8;
    }
}

/// How a generated document looks: text size and weight, and its background pattern.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CardStyle {
    /// Glyph height of the body text, as a share of the card's width.
    pub text: f32,
    /// Stroke width as a share of the glyph height.
    pub weight: f32,
    /// Contrast (0..255) of a fine wavy guilloche pattern over the ground; 0 for none.
    pub guilloche: f32,
    /// Whether the portrait is a smooth blob (false) or has photo-like texture (true).
    pub textured_portrait: bool,
}

impl Default for CardStyle {
    fn default() -> Self {
        CardStyle { text: 0.03, weight: 1.0 / 7.0, guilloche: 0.0, textured_portrait: false }
    }
}

/// An ID-1 document (aspect 1.586) with its top-left corner at (x0, y0) and width `w`: a light
/// ground, a dark header band, a softly shaded portrait, text lines and two MRZ-like lines.
/// Every size is relative to `w`, so the same card can be drawn at any resolution.
pub fn paint_card(p: &mut Plane, x0: f32, y0: f32, w: f32, seed: u64) {
    paint_styled_card(p, x0, y0, w, seed, CardStyle::default());
}

/// [`paint_card`] in a given style.
pub fn paint_styled_card(p: &mut Plane, x0: f32, y0: f32, w: f32, seed: u64, style: CardStyle) {
    let h = w / 1.586;
    let mut rng = Rng::new(seed);
    paint_rect(p, x0, y0, x0 + w, y0 + h, 215.0);
    if style.guilloche > 0.0 {
        let period = 0.012 * w;
        for y in y0.max(0.0) as usize..((y0 + h) as usize).min(p.height) {
            for x in x0.max(0.0) as usize..((x0 + w) as usize).min(p.width) {
                let (u, v) = ((x as f32 - x0) / period, (y as f32 - y0) / period);
                let wave = (v + 0.8 * (u * 0.35).sin()).sin() * (u + 0.6 * (v * 0.5).cos()).cos();
                p.data[y * p.width + x] -= style.guilloche * (0.5 + 0.5 * wave);
            }
        }
    }
    paint_rect(p, x0, y0, x0 + w, y0 + 0.14 * h, 120.0);
    let text = |p: &mut Plane, bx: [f32; 4], size: f32, ink: f32, rng: &mut Rng| {
        paint_glyphs(p, bx, size, size * style.weight, ink, rng)
    };
    text(p, [x0 + 0.05 * w, y0 + 0.035 * h, x0 + 0.7 * w, y0 + 0.11 * h], 0.035 * w, 235.0, &mut rng);
    // The portrait: brighter at its centre; smooth, or with photo-like texture.
    let (cx, cy, rx, ry) = (x0 + 0.19 * w, y0 + 0.52 * h, 0.12 * w, 0.28 * h);
    for y in (cy - ry).max(0.0) as usize..((cy + ry) as usize).min(p.height) {
        for x in (cx - rx).max(0.0) as usize..((cx + rx) as usize).min(p.width) {
            let d = ((x as f32 + 0.5 - cx) / rx).powi(2) + ((y as f32 + 0.5 - cy) / ry).powi(2);
            if d < 1.0 {
                let grain = if style.textured_portrait {
                    let (u, v) = ((x as f32 - cx) / rx * 9.0, (y as f32 - cy) / ry * 7.0);
                    25.0 * (u.sin() * v.cos() + (2.3 * u + v).sin())
                } else {
                    0.0
                };
                p.data[y * p.width + x] = 100.0 + 80.0 * (1.0 - d) + grain;
            }
        }
    }
    text(p, [x0 + 0.38 * w, y0 + 0.2 * h, x0 + 0.95 * w, y0 + 0.72 * h], style.text * w, 40.0, &mut rng);
    text(p, [x0 + 0.04 * w, y0 + 0.78 * h, x0 + 0.96 * w, y0 + 0.97 * h], 0.032 * w, 30.0, &mut rng);
}

/// The quadrilateral of a card drawn by [`paint_card`].
pub fn card_quad(x0: f32, y0: f32, w: f32) -> crate::geometry::Quad {
    let h = w / 1.586;
    let p = |x, y| crate::geometry::Point { x, y };
    crate::geometry::Quad { corners: [p(x0, y0), p(x0 + w, y0), p(x0 + w, y0 + h), p(x0, y0 + h)] }
}

/// A busy desk: random boxes of random grey, each `cell` pixels or smaller, with hard edges.
pub fn paint_clutter(p: &mut Plane, cell: f32, seed: u64) {
    let mut rng = Rng::new(seed);
    let n = (p.width as f32 * p.height as f32 / (cell * cell) * 2.0) as usize;
    for _ in 0..n {
        let (x, y) = (rng.next() * p.width as f32, rng.next() * p.height as f32);
        let (w, h) = (cell * (0.2 + rng.next()), cell * (0.2 + rng.next()));
        paint_rect(p, x, y, x + w, y + h, 20.0 + 200.0 * rng.next());
    }
}

/// A moving average of odd width `w` along rows (`dx` = 1) or columns (`dx` = 0), edges clamped.
fn box_pass(p: &Plane, w: usize, along_rows: bool) -> Plane {
    let (len, lines) = if along_rows { (p.width, p.height) } else { (p.height, p.width) };
    let idx = |line: usize, k: usize| if along_rows { line * p.width + k } else { k * p.width + line };
    let r = (w / 2) as isize;
    let mut out = p.clone();
    for line in 0..lines {
        let at = |k: isize| p.data[idx(line, k.clamp(0, len as isize - 1) as usize)];
        let mut sum: f32 = (-r..=r).map(at).sum();
        for k in 0..len {
            out.data[idx(line, k)] = sum / w as f32;
            sum += at(k as isize + r + 1) - at(k as isize - r);
        }
    }
    out
}

/// An approximate Gaussian blur of standard deviation `sigma` pixels (three box passes per axis).
pub fn gaussian_blur(p: &Plane, sigma: f32) -> Plane {
    // Box widths whose three-fold convolution has the variance sigma² (Kovesi's recipe).
    let ideal = (12.0 * sigma * sigma / 3.0 + 1.0).sqrt();
    let mut wl = ideal.floor() as usize;
    if wl % 2 == 0 {
        wl -= 1;
    }
    let m = ((12.0 * sigma * sigma - (3 * wl * wl + 12 * wl + 9) as f32) / (-4.0 * wl as f32 - 4.0)).round();
    let mut out = p.clone();
    for i in 0..3 {
        let w = if (i as f32) < m { wl } else { wl + 2 };
        out = box_pass(&box_pass(&out, w, true), w, false);
    }
    out
}

/// Motion blur: the mean along a straight path of `length` pixels at `angle_deg` (0 = horizontal).
pub fn motion_blur(p: &Plane, length: f32, angle_deg: f32) -> Plane {
    let n = length.ceil().max(1.0) as usize;
    let (dx, dy) = (angle_deg.to_radians().cos(), angle_deg.to_radians().sin());
    let mut out = plane(p.width, p.height, 0.0);
    for k in 0..n {
        let t = (k as f32 + 0.5) / n as f32 * length - length / 2.0;
        // floor(v + 0.5), not round(): rounding ±0.5 away from zero would leave a hole at 0.
        let (ox, oy) = ((t * dx + 0.5).floor() as isize, (t * dy + 0.5).floor() as isize);
        for y in 0..p.height {
            let sy = (y as isize + oy).clamp(0, p.height as isize - 1) as usize;
            for x in 0..p.width {
                let sx = (x as isize + ox).clamp(0, p.width as isize - 1) as usize;
                out.data[y * p.width + x] += p.data[sy * p.width + sx] / n as f32;
            }
        }
    }
    out
}

/// Defocus: the mean over a disc of `radius` pixels around each pixel, from row prefix sums.
pub fn disc_blur(p: &Plane, radius: f32) -> Plane {
    let (w, h) = (p.width, p.height);
    let mut prefix = vec![0.0f64; (w + 1) * h];
    for y in 0..h {
        for x in 0..w {
            prefix[y * (w + 1) + x + 1] = prefix[y * (w + 1) + x] + p.data[y * w + x] as f64;
        }
    }
    let r = radius.floor() as isize;
    let spans: Vec<isize> = (-r..=r).map(|dy| ((radius * radius - (dy * dy) as f32).sqrt()).floor() as isize).collect();
    let mut out = plane(w, h, 0.0);
    for y in 0..h as isize {
        for x in 0..w as isize {
            let (mut sum, mut n) = (0.0f64, 0.0f64);
            for (i, &s) in spans.iter().enumerate() {
                let sy = (y + i as isize - r).clamp(0, h as isize - 1) as usize;
                let (a, b) = ((x - s).max(0) as usize, ((x + s + 1) as usize).min(w));
                sum += prefix[sy * (w + 1) + b] - prefix[sy * (w + 1) + a];
                n += (b - a) as f64;
            }
            out.data[y as usize * w + x as usize] = (sum / n) as f32;
        }
    }
    out
}

/// The plane reduced `k` times along each axis by block means, as a sensor of larger pixels sees it.
pub fn downsample(p: &Plane, k: usize) -> Plane {
    let (w, h) = (p.width / k, p.height / k);
    let mut out = plane(w, h, 0.0);
    for y in 0..h * k {
        for x in 0..w * k {
            out.data[(y / k) * w + x / k] += p.data[y * p.width + x] / (k * k) as f32;
        }
    }
    out
}

/// The plane turned by `degrees` about (cx, cy), bilinear; `outside` where nothing maps back.
pub fn rotated(p: &Plane, degrees: f32, cx: f32, cy: f32, outside: f32) -> Plane {
    let (sin, cos) = degrees.to_radians().sin_cos();
    let mut out = plane(p.width, p.height, outside);
    for y in 0..p.height {
        for x in 0..p.width {
            let (dx, dy) = (x as f32 + 0.5 - cx, y as f32 + 0.5 - cy);
            let (sx, sy) = (cx + dx * cos + dy * sin - 0.5, cy - dx * sin + dy * cos - 0.5);
            if sx < 0.0 || sy < 0.0 || sx >= (p.width - 1) as f32 || sy >= (p.height - 1) as f32 {
                continue;
            }
            let (x0, y0, tx, ty) = (sx as usize, sy as usize, sx.fract(), sy.fract());
            let at = |x: usize, y: usize| p.data[y * p.width + x];
            let top = at(x0, y0) + (at(x0 + 1, y0) - at(x0, y0)) * tx;
            let bottom = at(x0, y0 + 1) + (at(x0 + 1, y0 + 1) - at(x0, y0 + 1)) * tx;
            out.data[y * p.width + x] = top + (bottom - top) * ty;
        }
    }
    out
}

/// The quadrilateral turned by `degrees` about (cx, cy), as [`rotated`] turns the plane.
pub fn rotated_quad(q: &crate::geometry::Quad, degrees: f32, cx: f32, cy: f32) -> crate::geometry::Quad {
    let (sin, cos) = degrees.to_radians().sin_cos();
    let mut out = *q;
    for c in &mut out.corners {
        let (dx, dy) = (c.x - cx, c.y - cy);
        (c.x, c.y) = (cx + dx * cos - dy * sin, cy + dx * sin + dy * cos);
    }
    out
}

/// Takes `inside` within the box [x0, x1)×[y0, y1) and `outside` elsewhere.
pub fn composite(inside: &Plane, outside: &Plane, bx: [f32; 4]) -> Plane {
    let mut out = outside.clone();
    for y in bx[1].max(0.0) as usize..(bx[3] as usize).min(out.height) {
        for x in bx[0].max(0.0) as usize..(bx[2] as usize).min(out.width) {
            out.data[y * out.width + x] = inside.data[y * out.width + x];
        }
    }
    out
}

/// Every value multiplied by `gain` and then shifted by `offset`.
pub fn scaled(p: &Plane, gain: f32, offset: f32) -> Plane {
    Plane { width: p.width, height: p.height, data: p.data.iter().map(|v| v * gain + offset).collect() }
}

/// Adds Gaussian-like sensor noise of standard deviation `sd` (sum of uniform draws).
pub fn add_noise(p: &mut Plane, sd: f32, seed: u64) {
    let mut rng = Rng::new(seed);
    for v in &mut p.data {
        let u: f32 = (0..4).map(|_| rng.next()).sum::<f32>() - 2.0; // variance 4/12
        *v += u * sd * 3f32.sqrt();
    }
}

/// Adds a colourless highlight: `peak` at (cx, cy), falling off as a Gaussian of `radius`.
pub fn add_highlight(planes: &mut [&mut Plane], cx: f32, cy: f32, radius: f32, peak: f32) {
    for p in planes.iter_mut() {
        let r = (3.0 * radius) as isize;
        for y in (cy as isize - r).max(0)..(cy as isize + r).min(p.height as isize) {
            for x in (cx as isize - r).max(0)..(cx as isize + r).min(p.width as isize) {
                let d2 = (x as f32 + 0.5 - cx).powi(2) + (y as f32 + 0.5 - cy).powi(2);
                p.data[y as usize * p.width + x as usize] += peak * (-d2 / (2.0 * radius * radius)).exp();
            }
        }
    }
}

/// An RGBA image from three 0..255 planes (rounded and clamped).
pub fn rgb_pixels(r: &Plane, g: &Plane, b: &Plane) -> Pixels<'static> {
    let q = |v: f32| v.round().clamp(0.0, 255.0) as u8;
    let w = r.width;
    card_scene(w as u32, r.height as u32, |x, y| {
        let i = y as usize * w + x as usize;
        [q(r.data[i]), q(g.data[i]), q(b.data[i])]
    })
}

/// A grey RGBA image from one 0..255 plane.
pub fn grey_pixels(p: &Plane) -> Pixels<'static> {
    rgb_pixels(p, p, p)
}
/// A JPEG of `w`×`h` at `quality`, made by the `image` crate (IJG-scaled standard tables),
/// showing a textured pattern so that every table entry matters.
pub fn encode_jpeg(w: u32, h: u32, quality: u8) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([((x * 7) ^ (y * 3)) as u8, (x * y) as u8, (x + 2 * y) as u8]));
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality).encode_image(&img).expect("encode jpeg");
    out
}

/// A PNG of `w`×`h` without any metadata chunk.
pub fn encode_png(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([x as u8, y as u8, 128]));
    let mut out = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png).expect("encode png");
    out
}

/// A lossless WebP of `w`×`h` (the wasm build has no WebP codec; see `decode::DECODES_WEBP`).
#[cfg(not(target_arch = "wasm32"))]
pub fn encode_webp(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([x as u8, y as u8, 128]));
    let mut out = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::WebP).expect("encode webp");
    out
}

/// The EXIF fields a test photo should carry.
#[derive(Default)]
pub struct ExifSpec<'a> {
    pub make: Option<&'a str>,
    pub model: Option<&'a str>,
    pub software: Option<&'a str>,
    pub user_comment: Option<&'a str>,
    /// ExposureTime 1/n s for `Some(n)`, with FNumber and DateTimeOriginal, as a camera writes them.
    pub exposure: Option<u32>,
}

/// A JPEG APP1 segment (marker, length, `Exif\0\0`, TIFF data) with the fields of `spec`,
/// written by `kamadak-exif`'s experimental writer.
pub fn exif_app1(spec: &ExifSpec) -> Vec<u8> {
    use exif::{Field, In, Rational, Tag, Value};
    let ascii = |tag, s: &str| Field { tag, ifd_num: In::PRIMARY, value: Value::Ascii(vec![s.as_bytes().to_vec()]) };
    let mut fields = Vec::new();
    for (tag, value) in [(Tag::Make, spec.make), (Tag::Model, spec.model), (Tag::Software, spec.software)] {
        fields.extend(value.map(|s| ascii(tag, s)));
    }
    if let Some(c) = spec.user_comment {
        let mut v = b"ASCII\0\0\0".to_vec();
        v.extend_from_slice(c.as_bytes());
        fields.push(Field { tag: Tag::UserComment, ifd_num: In::PRIMARY, value: Value::Undefined(v, 0) });
    }
    if let Some(n) = spec.exposure {
        let r = |num, denom| Value::Rational(vec![Rational { num, denom }]);
        fields.push(Field { tag: Tag::ExposureTime, ifd_num: In::PRIMARY, value: r(1, n) });
        fields.push(Field { tag: Tag::FNumber, ifd_num: In::PRIMARY, value: r(18, 10) });
        fields.push(ascii(Tag::DateTimeOriginal, "2026:11:21 10:00:00"));
    }
    let mut writer = exif::experimental::Writer::new();
    fields.iter().for_each(|f| writer.push_field(f));
    let mut tiff = std::io::Cursor::new(Vec::new());
    writer.write(&mut tiff, false).expect("write exif");
    let mut body = b"Exif\0\0".to_vec();
    body.extend_from_slice(tiff.get_ref());
    segment(0xE1, &body)
}

/// A JPEG marker segment: FF, marker, big-endian length (counting itself), body.
pub fn segment(marker: u8, body: &[u8]) -> Vec<u8> {
    let mut s = vec![0xFF, marker];
    s.extend_from_slice(&((body.len() + 2) as u16).to_be_bytes());
    s.extend_from_slice(body);
    s
}

/// The JPEG with `app1` inserted right after its SOI marker.
pub fn with_app1(jpeg: &[u8], app1: &[u8]) -> Vec<u8> {
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(app1);
    out.extend_from_slice(&jpeg[2..]);
    out
}

// ---------------------------------------------------------------------------------------------
// Scenes for the document locator and the crop check: a printed card in perspective on a desk.
// ---------------------------------------------------------------------------------------------

/// A small deterministic random generator (SplitMix64) for generated scenes.
pub struct CardRng(pub u64);

impl CardRng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f32 {
        (self.next_u64() >> 40) as f32 / (1u64 << 24) as f32
    }

    /// Uniform in [a, b).
    pub fn range(&mut self, a: f32, b: f32) -> f32 {
        a + (b - a) * self.unit()
    }

    /// Roughly normal with mean 0 and deviation 1 (sum of four uniforms).
    pub fn normal(&mut self) -> f32 {
        (self.unit() + self.unit() + self.unit() + self.unit() - 2.0) * 1.732
    }
}

/// The surface a generated card lies on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Desk {
    /// Near-black, plain.
    Dark,
    /// Mid grey, plain.
    Grey,
    /// Light grey, nearly as bright as a white card.
    Light,
    /// Brown wood with grain and plank joints.
    Wood,
    /// Papers, objects and cables in many colours, with straight edges of their own.
    Busy,
}

/// A generated photo of a card: where its sharp (virtual) corners are, what it lies on, and how
/// it is lit. Corners are in image pixels (pixel i covers [i, i + 1)), ordered TL, TR, BR, BL.
#[derive(Debug, Clone, Copy)]
pub struct CardScene {
    pub width: u32,
    pub height: u32,
    pub corners: [crate::geometry::Point; 4],
    pub desk: Desk,
    /// Base colour of the card.
    pub card: [u8; 3],
    /// Brightness change across the photo, left to right, as a fraction (0.3 = ±15%).
    pub light: f32,
    /// Standard deviation of the sensor noise, in 0..255 levels.
    pub noise: f32,
    pub seed: u64,
}

impl CardScene {
    /// A pale blue ID-1 card on a dark desk, centred, `fraction` of the frame width wide.
    pub fn new(width: u32, height: u32, fraction: f32) -> CardScene {
        let cw = fraction * width as f32;
        let corners = card_corners(width as f32 / 2.0, height as f32 / 2.0, cw, cw / 1.586, 0.0, 0.0);
        CardScene { width, height, corners, desk: Desk::Dark, card: [200, 215, 235], light: 0.0, noise: 2.0, seed: 1 }
    }

    /// The same scene with the card moved by (dx, dy) pixels.
    pub fn shifted(mut self, dx: f32, dy: f32) -> CardScene {
        for p in &mut self.corners {
            p.x += dx;
            p.y += dy;
        }
        self
    }
}

/// Corners (TL, TR, BR, BL) of a `w`×`h` card centred at (cx, cy), turned by `angle` degrees
/// clockwise, with the far (top) edge shortened by `tilt` (0.2 = 20% shorter) for perspective.
pub fn card_corners(cx: f32, cy: f32, w: f32, h: f32, angle: f32, tilt: f32) -> [crate::geometry::Point; 4] {
    let (s, c) = angle.to_radians().sin_cos();
    let top = 1.0 - tilt;
    let local = [(-w / 2.0 * top, -h / 2.0), (w / 2.0 * top, -h / 2.0), (w / 2.0, h / 2.0), (-w / 2.0, h / 2.0)];
    local.map(|(x, y)| crate::geometry::Point { x: cx + x * c - y * s, y: cy + x * s + y * c })
}

/// The homography taking the unit square's corners (0,0), (1,0), (1,1), (0,1) to `q`.
fn square_to_quad(q: &[crate::geometry::Point; 4]) -> [f32; 9] {
    let (x0, y0, x1, y1, x2, y2, x3, y3) = (q[0].x, q[0].y, q[1].x, q[1].y, q[2].x, q[2].y, q[3].x, q[3].y);
    let (dx1, dx2, dx3) = (x1 - x2, x3 - x2, x0 - x1 + x2 - x3);
    let (dy1, dy2, dy3) = (y1 - y2, y3 - y2, y0 - y1 + y2 - y3);
    let den = dx1 * dy2 - dx2 * dy1;
    let g = (dx3 * dy2 - dx2 * dy3) / den;
    let h = (dx1 * dy3 - dx3 * dy1) / den;
    [x1 - x0 + g * x1, x3 - x0 + h * x3, x0, y1 - y0 + g * y1, y3 - y0 + h * y3, y0, g, h, 1.0]
}

fn invert3(m: &[f32; 9]) -> [f32; 9] {
    let [a, b, c, d, e, f, g, h, i] = *m;
    let (ca, cb, cc) = (e * i - f * h, f * g - d * i, d * h - e * g);
    let det = a * ca + b * cb + c * cc;
    [ca / det, (c * h - b * i) / det, (b * f - c * e) / det, cb / det, (a * i - c * g) / det, (c * d - a * f) / det, cc / det, (b * g - a * h) / det, (a * e - b * d) / det]
}

/// Renders the scene: desk, card with a printed design, rounded corners and anti-aliased edges,
/// a lighting gradient and sensor noise.
pub fn render(s: &CardScene) -> Pixels<'static> {
    let inv = invert3(&square_to_quad(&s.corners));
    let q = s.corners;
    // Side lines with inward normals, for the anti-aliased coverage of the card.
    let centre = crate::geometry::Quad { corners: q }.center();
    let sides: Vec<(f32, f32, f32)> = (0..4)
        .map(|i| {
            let (a, b) = (q[i], q[(i + 1) % 4]);
            let (dx, dy) = (b.x - a.x, b.y - a.y);
            let len = (dx * dx + dy * dy).sqrt();
            let (mut nx, mut ny) = (-dy / len, dx / len);
            if (centre.x - a.x) * nx + (centre.y - a.y) * ny < 0.0 {
                nx = -nx;
                ny = -ny;
            }
            (nx, ny, -(a.x * nx + a.y * ny))
        })
        .collect();
    let mut rng = CardRng(s.seed);
    let props = desk_props(s.desk, &mut rng, s.width as f32, s.height as f32);
    let (w, h) = (s.width, s.height);
    let mut data = Vec::with_capacity((w * h * 4) as usize);
    for y in 0..h {
        for x in 0..w {
            let (px, py) = (x as f32 + 0.5, y as f32 + 0.5);
            let desk = desk_colour(s.desk, &props, px, py);
            let inside = sides.iter().map(|&(nx, ny, c)| nx * px + ny * py + c).fold(f32::MAX, f32::min);
            let cover = (inside + 0.5).clamp(0.0, 1.0);
            let mut rgb = desk;
            if cover > 0.0 {
                let zw = inv[6] * px + inv[7] * py + inv[8];
                let u = (inv[0] * px + inv[1] * py + inv[2]) / zw;
                let v = (inv[3] * px + inv[4] * py + inv[5]) / zw;
                if !cut_by_rounding(u, v) {
                    let card = card_colour(s.card, u, v);
                    rgb = [0, 1, 2].map(|c| desk[c] * (1.0 - cover) + card[c] * cover);
                }
            }
            let gain = 1.0 + s.light * (px / w as f32 - 0.5);
            let px_out = rgb.map(|v| (v * gain + s.noise * rng.normal()).round().clamp(0.0, 255.0) as u8);
            data.extend_from_slice(&[px_out[0], px_out[1], px_out[2], 255]);
        }
    }
    Pixels { data: Cow::Owned(data), width: w, height: h, channels: 4, format: None }
}

/// Whether card point (u, v) lies in a corner cut away by the ID-1 rounding (radius 3.18 mm of 85.6).
fn cut_by_rounding(u: f32, v: f32) -> bool {
    let (ru, rv) = (0.037, 0.037 * 1.586);
    let du = if u < ru { ru - u } else if u > 1.0 - ru { u - (1.0 - ru) } else { return false };
    let dv = if v < rv { rv - v } else if v > 1.0 - rv { v - (1.0 - rv) } else { return false };
    (du / ru).powi(2) + (dv / rv).powi(2) > 1.0
}

/// The printed card at (u, v) in [0, 1]²: a header band, a portrait, text lines, two MRZ-like
/// lines and a fine guilloche pattern.
fn card_colour(base: [u8; 3], u: f32, v: f32) -> [f32; 3] {
    let b = base.map(|c| c as f32);
    let ink = [40.0, 45.0, 60.0];
    let guilloche = 8.0 * (60.0 * u + 6.0 * (25.0 * v).sin()).sin();
    let mut c = b.map(|x| x + guilloche);
    if v < 0.16 && (0.04..0.96).contains(&u) {
        c = b.map(|x| x * 0.7);
    }
    if (0.05..0.3).contains(&u) && (0.24..0.74).contains(&v) {
        let (du, dv) = ((u - 0.175) / 0.08, (v - 0.45) / 0.14);
        c = if du * du + dv * dv < 1.0 { [200.0, 160.0, 130.0] } else { [170.0, 175.0, 180.0] };
    }
    let text_row = (0.26..0.72).contains(&v) && ((v - 0.26) / 0.09).fract() < 0.35;
    let word = (u * 37.0).sin() + (u * 11.0).sin() > -0.6;
    if (0.36..0.92).contains(&u) && text_row && word {
        c = ink;
    }
    let mrz = ((0.80..0.85).contains(&v) || (0.88..0.93).contains(&v)) && (0.05..0.95).contains(&u);
    if mrz && (u * 120.0).fract() < 0.6 {
        c = ink;
    }
    c
}

/// Random layout of a desk (plank joints, objects), drawn once per scene.
struct DeskProps {
    rects: Vec<([f32; 4], [f32; 3])>,
    phase: f32,
}

fn desk_props(desk: Desk, rng: &mut CardRng, w: f32, h: f32) -> DeskProps {
    let mut rects = Vec::new();
    if desk == Desk::Busy {
        for _ in 0..14 {
            let (x, y) = (rng.range(-0.1, 1.0) * w, rng.range(-0.1, 1.0) * h);
            let (rw, rh) = (rng.range(0.05, 0.4) * w, rng.range(0.02, 0.3) * h);
            let colour = [rng.range(20.0, 240.0), rng.range(20.0, 240.0), rng.range(20.0, 240.0)];
            rects.push(([x, y, x + rw, y + rh], colour));
        }
    }
    DeskProps { rects, phase: rng.range(0.0, 6.28) }
}

fn desk_colour(desk: Desk, p: &DeskProps, x: f32, y: f32) -> [f32; 3] {
    match desk {
        Desk::Dark => [34.0, 32.0, 38.0],
        Desk::Grey => [128.0, 126.0, 124.0],
        Desk::Light => [205.0, 205.0, 202.0],
        Desk::Wood => {
            let grain = 0.12 * (y * 0.09 + 2.5 * (x * 0.013 + p.phase).sin()).sin() + 0.05 * (y * 0.7 + x * 0.02).sin();
            let joint = if (y / 97.0 + p.phase).fract() < 0.02 { 0.6 } else { 1.0 };
            [150.0, 98.0, 58.0].map(|c| c * (1.0 + grain) * joint)
        }
        Desk::Busy => {
            let mut c = [95.0 + 20.0 * (x * 0.05).sin(), 90.0, 85.0 + 15.0 * (y * 0.03).sin()];
            for (r, colour) in &p.rects {
                if x >= r[0] && x < r[2] && y >= r[1] && y < r[3] {
                    c = *colour;
                }
            }
            c
        }
    }
}

/// The PNG with a chunk of `kind` holding `data` inserted after IHDR, with its CRC-32.
pub fn png_with_chunk(png: &[u8], kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut chunk = (data.len() as u32).to_be_bytes().to_vec();
    chunk.extend_from_slice(kind);
    chunk.extend_from_slice(data);
    let mut crc = 0xFFFF_FFFFu32;
    for &byte in &chunk[4..] {
        crc ^= byte as u32;
        for _ in 0..8 {
            crc = if crc & 1 != 0 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    chunk.extend_from_slice(&(!crc).to_be_bytes());
    let after_ihdr = 8 + 25; // signature, then IHDR: length, type, 13 bytes, CRC
    let mut out = png[..after_ihdr].to_vec();
    out.extend_from_slice(&chunk);
    out.extend_from_slice(&png[after_ihdr..]);
    out
}
