//! The peers' published rules, run side by side in the evaluation.
//!
//! - is-image-blurry (npm): blurry when the variance of the Laplacian is below 400.
//! - Smile ID's web client: blurry below 150 on a phone and below 60 on a desktop; glare when
//!   more than 5 % of the pixels are brighter than 240.
//!
//! The rules are written here from those published descriptions (see `shared/TOOLCHAIN.md`),
//! over 8-bit luma as OpenCV's `cvtColor(RGBA2GRAY)` gives it.

use crate::frame::{Frame, Plane};

/// is-image-blurry: blurry when the Laplacian variance is below this.
pub const IS_IMAGE_BLURRY_MIN_VARIANCE: f32 = 400.0;
/// Smile ID, phone captures: blurry when the Laplacian variance is below this.
pub const SMILE_PHONE_MIN_VARIANCE: f32 = 150.0;
/// Smile ID, desktop captures: blurry when the Laplacian variance is below this.
pub const SMILE_DESKTOP_MIN_VARIANCE: f32 = 60.0;
/// Smile ID: a pixel is bright when its grey value is above this...
pub const SMILE_GLARE_LEVEL: f32 = 240.0;
/// ...and the photo has glare when more than this share of pixels is bright.
pub const SMILE_GLARE_SHARE: f32 = 0.05;

/// The full-size luma of the frame, rounded to whole grey levels like an 8-bit grey image.
pub fn luma_plane(frame: &Frame) -> Plane {
    let (w, h) = (frame.width as usize, frame.height as usize);
    let mut out = Plane::new(w, h);
    for y in 0..h {
        for x in 0..w {
            out.data[y * w + x] = frame.luma_at(x as u32, y as u32).round();
        }
    }
    out
}

/// The variance of the 4-neighbour Laplacian (kernel 0 1 0 / 1 −4 1 / 0 1 0) over the interior
/// pixels of a 0..255 luma plane; 0 for planes smaller than 3×3.
pub fn laplacian_variance(luma: &Plane) -> f32 {
    let (w, h) = (luma.width, luma.height);
    if w < 3 || h < 3 {
        return 0.0;
    }
    let (mut sum, mut sum_sq) = (0.0f64, 0.0f64);
    for y in 1..h - 1 {
        let (up, row, down) = (luma.row(y - 1), luma.row(y), luma.row(y + 1));
        for x in 1..w - 1 {
            let l = (up[x] + down[x] + row[x - 1] + row[x + 1] - 4.0 * row[x]) as f64;
            sum += l;
            sum_sq += l * l;
        }
    }
    let n = ((w - 2) * (h - 2)) as f64;
    let mean = sum / n;
    (sum_sq / n - mean * mean).max(0.0) as f32
}

/// The share (0..1) of pixels brighter than `level`.
pub fn bright_share(luma: &Plane, level: f32) -> f32 {
    if luma.data.is_empty() {
        return 0.0;
    }
    luma.data.iter().filter(|&&v| v > level).count() as f32 / luma.data.len() as f32
}

/// Smile ID's glare rule: more than 5 % of the pixels are brighter than 240.
pub fn smile_glare(luma: &Plane) -> bool {
    bright_share(luma, SMILE_GLARE_LEVEL) > SMILE_GLARE_SHARE
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plane_of(w: usize, h: usize, f: impl Fn(usize, usize) -> f32) -> Plane {
        let mut p = Plane::new(w, h);
        for y in 0..h {
            for x in 0..w {
                p.data[y * w + x] = f(x, y);
            }
        }
        p
    }

    #[test]
    fn laplacian_variance_of_flat_and_checkered_planes() {
        assert_eq!(laplacian_variance(&plane_of(10, 10, |_, _| 77.0)), 0.0);
        // A 0/255 checkerboard: the Laplacian is ±1020 everywhere, so its variance is 1020².
        let checker = plane_of(10, 10, |x, y| if (x + y) % 2 == 0 { 0.0 } else { 255.0 });
        assert!((laplacian_variance(&checker) - 1020.0 * 1020.0).abs() < 1.0);
        assert_eq!(laplacian_variance(&Plane::new(2, 2)), 0.0);
    }

    #[test]
    fn smile_glare_counts_bright_pixels() {
        // 6 of 100 pixels at 250: more than 5 %.
        let six = plane_of(10, 10, |x, y| if y == 0 && x < 6 { 250.0 } else { 100.0 });
        assert!(smile_glare(&six));
        let five = plane_of(10, 10, |x, y| if y == 0 && x < 5 { 250.0 } else { 100.0 });
        assert!(!smile_glare(&five));
        let at_240 = plane_of(10, 10, |_, _| 240.0);
        assert!(!smile_glare(&at_240));
    }
}
