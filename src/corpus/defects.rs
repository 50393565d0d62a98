//! The defects: blur (Gaussian, defocus disc, motion), glare highlights and black-and-white.
//!
//! Severity units: blur — the blur's standard deviation along its worst direction, in % of the
//! card's width (Gaussian σ; defocus radius / 2; motion length / √12); glare — the share of the
//! card's area, in %, covered by clipped highlight cores; crop — how far the farthest corner lies
//! outside the frame, in % of the card's width; black-and-white — 100 minus the saturation kept.

use super::{Band, Img};

/// Blur bands (σ in % of card width). Small print on an ID-1 card is 1.5–2 mm high (1.8–2.3 %
/// of the width) with strokes about 0.3 mm (0.35 %). Below σ = 0.12 % (0.1 mm) strokes stay
/// crisp: fine. From σ = 0.35 % (0.3 mm, a spread of ±0.6 mm, a third of a character's height)
/// neighbouring strokes of small print merge and the MRZ can no longer be read: bad.
pub const BLUR_FINE_MAX: f32 = 0.12;
pub const BLUR_BAD_MIN: f32 = 0.35;
/// Glare bands (% of card area). Specular dots of a glossy card cover under 0.1 %: fine. From
/// 1.5 % (a blot about 9 mm across on an ID-1 card) at least four or five characters of a text
/// row or a large part of the face are lost: bad.
pub const GLARE_FINE_MAX: f32 = 0.1;
pub const GLARE_BAD_MIN: f32 = 1.5;
/// Crop bands (% of card width beyond the frame). A corner 1 % of the width (0.9 mm) outside
/// the frame loses the corner itself and, on many cards, the edge of a field: bad. A corner
/// exactly at the edge or up to 1 % outside is borderline; corners inside the frame are fine.
pub const CROP_BAD_MIN: f32 = 1.0;

pub fn blur_band(sigma_pct: f32) -> Band {
    band(sigma_pct, BLUR_FINE_MAX, BLUR_BAD_MIN)
}
pub fn glare_band(share_pct: f32) -> Band {
    band(share_pct, GLARE_FINE_MAX, GLARE_BAD_MIN)
}
pub fn crop_band(out_pct: f32) -> Band {
    band(out_pct, 0.0, CROP_BAD_MIN)
}

fn band(v: f32, fine_max: f32, bad_min: f32) -> Band {
    if v >= bad_min {
        Band::Bad
    } else if v <= fine_max {
        Band::Fine
    } else {
        Band::Borderline
    }
}

/// The kind of blur.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Blur {
    Gaussian,
    Defocus,
    Motion { angle: f32 },
}

/// Blurs `img` so that its standard deviation along the worst direction is `sigma` pixels.
pub fn blur(img: &Img, kind: Blur, sigma: f32) -> Img {
    if sigma < 0.3 {
        return img.clone();
    }
    match kind {
        Blur::Gaussian => gaussian(img, sigma),
        Blur::Defocus => reduced(img, 2.0 * sigma, 10.0, |i, r| disc(i, r)),
        Blur::Motion { angle } => reduced(img, sigma * 12f32.sqrt(), 24.0, move |i, l| motion(i, l, angle)),
    }
}

/// Runs `f(img, size)` on a copy reduced so that `size` is at most `max` pixels, then enlarges
/// it back: a large blur removes the detail that the reduction loses, and it keeps the cost low.
fn reduced(img: &Img, size: f32, max: f32, f: impl Fn(&Img, f32) -> Img) -> Img {
    let k = (size / max).ceil().max(1.0) as usize;
    if k == 1 {
        return f(img, size);
    }
    let small = img.resized((img.w / k).max(1), (img.h / k).max(1));
    f(&small, size / k as f32).resized(img.w, img.h)
}

/// Gaussian blur by three box passes in each direction (within a few % of a true Gaussian), or,
/// below σ = √2 (three boxes of radius 1, the smallest they make), one pass of a sampled Gaussian.
pub fn gaussian(img: &Img, sigma: f32) -> Img {
    if sigma < SMALLEST_BOX_SIGMA {
        return small_gaussian(img, sigma);
    }
    let mut out = img.clone();
    // Box width for 3 passes: sqrt(12σ²/3 + 1) (Kovesi 2010).
    let width = (4.0 * sigma * sigma + 1.0).sqrt();
    let r = (((width - 1.0) / 2.0).round() as usize).max(1);
    for _ in 0..3 {
        box_h(&mut out, r);
        box_v(&mut out, r);
    }
    out
}

/// The σ of three box passes of radius 1: the least [`gaussian`]'s boxes can blur.
const SMALLEST_BOX_SIGMA: f32 = std::f32::consts::SQRT_2;

/// Gaussian blur of a small σ by a sampled kernel of radius ⌈3σ⌉, along rows then columns.
fn small_gaussian(img: &Img, sigma: f32) -> Img {
    let r = (3.0 * sigma).ceil() as usize;
    let taps = small_kernel(sigma, r as i64);
    let (w, h) = (img.w * 3, img.h);
    // 1. Along rows, from a copy of each row padded with its end pixels.
    let mut rows = Img::new(img.w, img.h, [0.0; 3]);
    let mut padded = vec![0.0f32; w + 6 * r];
    for (src, out) in img.data.chunks_exact(w).zip(rows.data.chunks_exact_mut(w)) {
        for k in 0..r {
            padded[k * 3..k * 3 + 3].copy_from_slice(&src[..3]);
            padded[3 * r + w + k * 3..3 * r + w + k * 3 + 3].copy_from_slice(&src[w - 3..]);
        }
        padded[3 * r..3 * r + w].copy_from_slice(src);
        for (k, &t) in taps.iter().enumerate() {
            for (o, v) in out.iter_mut().zip(&padded[k * 3..k * 3 + w]) {
                *o += t * v;
            }
        }
    }
    // 2. Along columns: each output row is the weighted sum of the rows around it.
    let mut out = Img::new(img.w, img.h, [0.0; 3]);
    for (y, o) in out.data.chunks_exact_mut(w).enumerate() {
        for (k, &t) in taps.iter().enumerate() {
            let yy = (y + k).saturating_sub(r).min(h - 1);
            for (o, v) in o.iter_mut().zip(&rows.data[yy * w..(yy + 1) * w]) {
                *o += t * v;
            }
        }
    }
    out
}

/// A sampled Gaussian of radius `r` whose variance is σ²: sampling a narrow Gaussian loses some
/// of its variance, so the width it is sampled at is found by bisection.
fn small_kernel(sigma: f32, r: i64) -> Vec<f32> {
    let taps = |width: f32| -> Vec<f32> {
        let t: Vec<f32> = (-r..=r).map(|k| (-(k * k) as f32 / (2.0 * width * width)).exp()).collect();
        let total: f32 = t.iter().sum();
        t.iter().map(|v| v / total).collect()
    };
    let variance = |t: &[f32]| -> f32 { (-r..=r).zip(t).map(|(k, v)| (k * k) as f32 * v).sum() };
    let (mut lo, mut hi) = (0.01f32, 2.0 * sigma + 1.0);
    for _ in 0..40 {
        let mid = 0.5 * (lo + hi);
        if variance(&taps(mid)) < sigma * sigma {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    taps(0.5 * (lo + hi))
}

fn box_h(img: &mut Img, r: usize) {
    let w = img.w;
    let mut row = vec![0.0f32; w * 3];
    for y in 0..img.h {
        let line = &mut img.data[y * w * 3..(y + 1) * w * 3];
        row.copy_from_slice(line);
        for k in 0..3 {
            let mut acc = 0.0;
            let at = |x: i64| row[(x.clamp(0, w as i64 - 1) as usize) * 3 + k];
            for x in -(r as i64)..=(r as i64) {
                acc += at(x);
            }
            for x in 0..w as i64 {
                line[x as usize * 3 + k] = acc / (2 * r + 1) as f32;
                acc += at(x + r as i64 + 1) - at(x - r as i64);
            }
        }
    }
}

fn box_v(img: &mut Img, r: usize) {
    // Row by row with one running sum per column and channel, so that memory is read in order.
    let (w, h) = (img.w * 3, img.h);
    let src = img.data.clone();
    let row = |y: i64| {
        let y = y.clamp(0, h as i64 - 1) as usize;
        &src[y * w..(y + 1) * w]
    };
    let mut acc = vec![0.0f32; w];
    for y in -(r as i64)..=(r as i64) {
        for (a, v) in acc.iter_mut().zip(row(y)) {
            *a += v;
        }
    }
    let n = (2 * r + 1) as f32;
    for y in 0..h as i64 {
        let out = &mut img.data[y as usize * w..(y as usize + 1) * w];
        for (o, a) in out.iter_mut().zip(&acc) {
            *o = a / n;
        }
        let (add, sub) = (row(y + r as i64 + 1), row(y - r as i64));
        for i in 0..w {
            acc[i] += add[i] - sub[i];
        }
    }
}

/// Defocus: the mean over a disc of `radius` pixels, from row prefix sums.
pub fn disc(img: &Img, radius: f32) -> Img {
    let (w, h) = (img.w, img.h);
    let mut prefix = vec![0.0f32; (w + 1) * h * 3];
    for y in 0..h {
        for x in 0..w {
            for k in 0..3 {
                let i = (y * (w + 1) + x + 1) * 3 + k;
                prefix[i] = prefix[i - 3] + img.data[(y * w + x) * 3 + k];
            }
        }
    }
    let r = radius.ceil() as i64;
    let spans: Vec<(i64, i64)> = (-r..=r)
        .filter_map(|dy| {
            let half = (radius * radius - (dy * dy) as f32).max(0.0).sqrt().round() as i64;
            ((dy as f32).abs() <= radius).then_some((dy, half))
        })
        .collect();
    let mut out = Img::new(w, h, [0.0; 3]);
    for y in 0..h as i64 {
        for x in 0..w as i64 {
            let mut acc = [0.0f32; 3];
            let mut n = 0.0;
            for &(dy, half) in &spans {
                let yy = (y + dy).clamp(0, h as i64 - 1) as usize;
                let (a, b) = ((x - half).max(0) as usize, ((x + half + 1).min(w as i64)) as usize);
                for k in 0..3 {
                    acc[k] += prefix[(yy * (w + 1) + b) * 3 + k] - prefix[(yy * (w + 1) + a) * 3 + k];
                }
                n += (b - a) as f32;
            }
            out.set(x as usize, y as usize, acc.map(|v| v / n.max(1.0)));
        }
    }
    out
}

/// Motion blur: the mean along a line of `length` pixels at `angle` radians.
pub fn motion(img: &Img, length: f32, angle: f32) -> Img {
    let steps = (length.ceil() as usize).max(1);
    let (dx, dy) = (angle.cos(), angle.sin());
    let mut out = Img::new(img.w, img.h, [0.0; 3]);
    for y in 0..img.h {
        for x in 0..img.w {
            let mut acc = [0.0; 3];
            for s in 0..=steps {
                let t = (s as f32 / steps as f32 - 0.5) * length;
                let c = img.sample(x as f32 + t * dx, y as f32 + t * dy);
                for k in 0..3 {
                    acc[k] += c[k];
                }
            }
            out.set(x, y, acc.map(|v| v / (steps + 1) as f32));
        }
    }
    out
}

/// An elliptical highlight on the card: centre and semi-axes as fractions of the card's width
/// and height, rotation in radians. Inside the ellipse the light clips to white; around it a
/// halo fades over `halo` more semi-axes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Highlight {
    pub cx: f32,
    pub cy: f32,
    pub rx: f32,
    pub ry: f32,
    pub angle: f32,
    pub halo: f32,
}

impl Highlight {
    /// How strongly the highlight whitens the point (u, v) (fractions of the card), 0..1.
    pub fn strength(&self, u: f32, v: f32, aspect: f32) -> f32 {
        // Work in card-width units so that the rotation is undistorted.
        let (dx, dy) = (u - self.cx, (v - self.cy) / aspect);
        let (c, s) = (self.angle.cos(), self.angle.sin());
        let (a, b) = ((dx * c + dy * s) / self.rx, (-dx * s + dy * c) / (self.ry / aspect));
        let r = (a * a + b * b).sqrt();
        if r <= 1.0 {
            1.0
        } else {
            let t = (r - 1.0) / self.halo.max(0.05);
            (-3.0 * t * t).exp()
        }
    }
}

/// The share of the card (%) inside at least one highlight core, on a 400-point-wide grid.
pub fn glare_share(hs: &[Highlight], aspect: f32) -> f32 {
    let (nu, nv) = (400usize, (400.0 / aspect) as usize);
    let mut inside = 0usize;
    for j in 0..nv {
        for i in 0..nu {
            let (u, v) = ((i as f32 + 0.5) / nu as f32, (j as f32 + 0.5) / nv as f32);
            if hs.iter().any(|h| h.strength(u, v, aspect) >= 1.0) {
                inside += 1;
            }
        }
    }
    100.0 * inside as f32 / (nu * nv) as f32
}

/// Whitens a pixel by highlight strength `a`: clipped white in the core, colourless.
#[inline]
pub fn whiten(c: [f32; 3], a: f32) -> [f32; 3] {
    c.map(|v| (v + (275.0 - v) * a).min(255.0))
}

/// Black-and-white variants.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Gray {
    /// R = G = B.
    Exact,
    /// Grey multiplied by a faint tint (sepia, blue), as a B/W mode or a grey copy under warm light.
    Tinted([f32; 3]),
    /// Grey with a steep contrast curve, like a photocopy.
    Photocopy,
    /// Saturation scaled by the factor (borderline: washed-out but still coloured).
    Washed(f32),
}

/// Applies a black-and-white variant to the whole image.
pub fn grey(img: &mut Img, kind: Gray) {
    for px in img.data.chunks_exact_mut(3) {
        let l = 0.299 * px[0] + 0.587 * px[1] + 0.114 * px[2];
        let out = match kind {
            Gray::Exact => [l; 3],
            Gray::Tinted(t) => t.map(|k| l * k),
            Gray::Photocopy => {
                let v = 255.0 / (1.0 + (-(l - 140.0) / 18.0).exp());
                [v; 3]
            }
            Gray::Washed(s) => [px[0], px[1], px[2]].map(|v| l + (v - l) * s),
        };
        px.copy_from_slice(&out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The variance along x of a blurred point of light.
    fn spread(sigma: f32) -> f32 {
        let mut img = Img::new(41, 41, [0.0; 3]);
        img.set(20, 20, [1.0; 3]);
        let out = gaussian(&img, sigma);
        let (mut sum, mut moment) = (0.0, 0.0);
        for y in 0..41 {
            for x in 0..41 {
                let v = out.get(x, y)[0];
                sum += v;
                moment += v * (x as f32 - 20.0).powi(2);
            }
        }
        moment / sum
    }

    #[test]
    fn gaussian_blurs_by_the_sigma_asked_for() {
        // Three boxes of radius 1 would give 2.0 for every σ below √2.
        for sigma in [0.4f32, 0.7, 1.0, 1.3, 2.5, 3.5] {
            let v = spread(sigma);
            assert!((v.sqrt() / sigma - 1.0).abs() < 0.12, "σ {sigma}: measured {}", v.sqrt());
        }
    }
}
