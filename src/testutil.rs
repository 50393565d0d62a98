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

/// Paints lines of text-like glyphs (bars in both directions) into the box, glyphs `size` high.
pub fn paint_text(p: &mut Plane, bx: [f32; 4], size: f32, ink: f32, rng: &mut Rng) {
    let (stroke, gw) = (size / 7.0, size * 0.6);
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

/// An ID-1 document (aspect 1.586) with its top-left corner at (x0, y0) and width `w`: a light
/// ground, a dark header band, a softly shaded portrait, text lines and two MRZ-like lines.
/// Every size is relative to `w`, so the same card can be drawn at any resolution.
pub fn paint_card(p: &mut Plane, x0: f32, y0: f32, w: f32, seed: u64) {
    let h = w / 1.586;
    let mut rng = Rng::new(seed);
    paint_rect(p, x0, y0, x0 + w, y0 + h, 215.0);
    paint_rect(p, x0, y0, x0 + w, y0 + 0.14 * h, 120.0);
    paint_text(p, [x0 + 0.05 * w, y0 + 0.035 * h, x0 + 0.7 * w, y0 + 0.11 * h], 0.035 * w, 235.0, &mut rng);
    // The portrait: a smooth blob, brighter at its centre, with no sharp detail of its own.
    let (cx, cy, rx, ry) = (x0 + 0.19 * w, y0 + 0.52 * h, 0.12 * w, 0.28 * h);
    for y in (cy - ry).max(0.0) as usize..((cy + ry) as usize).min(p.height) {
        for x in (cx - rx).max(0.0) as usize..((cx + rx) as usize).min(p.width) {
            let d = ((x as f32 + 0.5 - cx) / rx).powi(2) + ((y as f32 + 0.5 - cy) / ry).powi(2);
            if d < 1.0 {
                p.data[y * p.width + x] = 100.0 + 80.0 * (1.0 - d);
            }
        }
    }
    paint_text(p, [x0 + 0.38 * w, y0 + 0.2 * h, x0 + 0.95 * w, y0 + 0.72 * h], 0.03 * w, 40.0, &mut rng);
    paint_text(p, [x0 + 0.04 * w, y0 + 0.78 * h, x0 + 0.96 * w, y0 + 0.97 * h], 0.032 * w, 30.0, &mut rng);
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
        let (ox, oy) = ((t * dx).round() as isize, (t * dy).round() as isize);
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

/// The EXIF fields a test photo should carry.
#[derive(Default)]
pub struct ExifSpec<'a> {
    pub make: Option<&'a str>,
    pub model: Option<&'a str>,
    pub software: Option<&'a str>,
    pub user_comment: Option<&'a str>,
    /// ExposureTime, FNumber and DateTimeOriginal, as a camera writes them.
    pub exposure: bool,
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
    if spec.exposure {
        let r = |num, denom| Value::Rational(vec![Rational { num, denom }]);
        fields.push(Field { tag: Tag::ExposureTime, ifd_num: In::PRIMARY, value: r(1, 120) });
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
