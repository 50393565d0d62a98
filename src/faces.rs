//! Face detection: the SeetaFace frontal model (from the `rustface` crate), where it is kept, and
//! the detector run on a reduced grey copy of the photo or of the document.
//!
//! The model (`seeta_fd_frontal_v1.0.bin`, 1.2 MB, BSD-2) is not part of this crate's sources.
//! Native builds embed it when `build.rs` finds it in cargo's copy of rustface. The browser's
//! main wasm carries neither the model nor rustface: both come, only when faces are checked, as
//! the separate face module (`kyc_preflight_face_bg.wasm`, built with the `face-module`
//! feature) and the model file, and the main module reaches that module's detector through
//! [`set_detector`]. Pages that check only documents download neither.

#[cfg(seeta)]
use crate::error::Error;
use crate::frame::Plane;
use crate::geometry::{Quad, Rect};
use std::sync::Mutex;
#[cfg(seeta)]
use std::sync::OnceLock;

/// Size in bytes of the one model file we accept (rustface 0.1.7's `seeta_fd_frontal_v1.0.bin`).
pub const MODEL_LEN: usize = 1_209_904;
/// FNV-1a (64-bit) of that file. rustface's reader panics on some malformed files, so only
/// this exact file is parsed.
#[cfg(seeta)]
const MODEL_FNV1A: u64 = 0xa73c_f041_164d_43cb;
/// The detector's window side in pixels: the smallest face it can see in the image it is given.
pub const WINDOW: u32 = 40;

/// Finds faces in a grey image: rustface with the SeetaFace model, here or in the face module.
pub trait Detector {
    /// The faces found in `img`, in its pixels. Faces smaller than [`WINDOW`] are not seen.
    fn detect(&self, img: &Grey, s: &Settings) -> Vec<Face>;
}

/// The detector handed over by [`set_detector`] (the browser's face module).
static DETECTOR: Mutex<Option<&'static (dyn Detector + Sync)>> = Mutex::new(None);

/// Uses `detector` for every later face check; `None` goes back to the loaded model, if any.
pub fn set_detector(detector: Option<&'static (dyn Detector + Sync)>) {
    *DETECTOR.lock().unwrap_or_else(|e| e.into_inner()) = detector;
}

/// The detector face checks use: the one set by [`set_detector`], else the loaded model (on
/// native builds that embed it, loaded on first use).
pub fn detector() -> Option<&'static dyn Detector> {
    if let Some(d) = *DETECTOR.lock().unwrap_or_else(|e| e.into_inner()) {
        return Some(d);
    }
    #[cfg(seeta)]
    if let Some(m) = model() {
        return Some(m);
    }
    None
}

/// Whether a face check can run now.
pub fn model_loaded() -> bool {
    detector().is_some()
}

#[cfg(seeta)]
static MODEL: OnceLock<rustface::Model> = OnceLock::new();

/// Reads and keeps the model for every later face check. Loading it again is a no-op.
///
/// Returns [`Error::FaceModel`] when the bytes are not the SeetaFace frontal model v1.0.
#[cfg(seeta)]
pub fn load_model(bytes: &[u8]) -> Result<(), Error> {
    if bytes.len() != MODEL_LEN || fnv1a(bytes) != MODEL_FNV1A {
        return Err(Error::FaceModel(format!(
            "expected seeta_fd_frontal_v1.0.bin ({MODEL_LEN} bytes), got {} bytes of something else",
            bytes.len()
        )));
    }
    if MODEL.get().is_some() {
        return Ok(());
    }
    let model = rustface::read_model(bytes).map_err(|e| Error::FaceModel(e.to_string()))?;
    let _ = MODEL.set(model);
    Ok(())
}

/// The loaded model; on native builds that embed it, loads it on first use.
#[cfg(seeta)]
pub fn model() -> Option<&'static rustface::Model> {
    #[cfg(face_model_embedded)]
    if MODEL.get().is_none() {
        let _ = load_model(include_bytes!(concat!(env!("OUT_DIR"), "/face_model.bin")));
    }
    MODEL.get()
}

#[cfg(seeta)]
impl Detector for rustface::Model {
    fn detect(&self, img: &Grey, s: &Settings) -> Vec<Face> {
        detect(self, img, s)
    }
}

#[cfg(seeta)]
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| (h ^ b as u64).wrapping_mul(0x0000_0100_0000_01b3))
}

/// One detected face: a square box in the coordinates of the grey image it was found in.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Face {
    pub rect: Rect,
    /// The cascade's confidence (sum of the merged windows' scores); rustface suggests 2 to 4.5.
    pub score: f32,
}

/// A grey image of bytes, row after row.
pub struct Grey {
    pub width: u32,
    pub height: u32,
    pub data: Vec<u8>,
}

/// How the detector runs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    /// Faces scoring below this are dropped.
    pub min_score: f32,
    /// Ratio between the pyramid's levels, in (0.5, 0.95).
    pub pyramid_step: f32,
    /// Step of the sliding window in pixels (1..=8).
    pub window_step: u32,
}

/// Finds faces in `img`. Faces smaller than [`WINDOW`] pixels are not seen.
///
/// 1. The image pyramid runs from the given size down to the size where the short side equals
///    the window; the largest face searched is 2 px under the short side, so that rounding never
///    makes a level smaller than the window.
/// 2. rustface scans each level with the LAB cascade, refines the survivors with the SURF-MLP
///    stages on the full image, and merges overlapping boxes.
#[cfg(seeta)]
pub fn detect(model: &rustface::Model, img: &Grey, s: &Settings) -> Vec<Face> {
    let short = img.width.min(img.height);
    if short < WINDOW + 4 || img.data.len() != img.width as usize * img.height as usize {
        return Vec::new();
    }
    let mut d = rustface::create_detector_with_model(model.clone());
    // Each value is clamped into the range where rustface does not panic.
    d.set_min_face_size(WINDOW);
    d.set_max_face_size(short - 2);
    d.set_score_thresh(s.min_score.max(0.01) as f64);
    d.set_pyramid_scale_factor(s.pyramid_step.clamp(0.5, 0.95));
    d.set_slide_window_step(s.window_step.clamp(1, 8), s.window_step.clamp(1, 8));
    let image = rustface::ImageData::new(&img.data, img.width, img.height);
    d.detect(&image)
        .into_iter()
        .map(|f| {
            let b = f.bbox();
            let rect = Rect { x: b.x() as f32, y: b.y() as f32, width: b.width() as f32, height: b.height() as f32 };
            Face { rect, score: f.score() as f32 }
        })
        .collect()
}

/// The part `rect` of `plane` reduced by area averaging to `out_w`×`out_h` grey bytes.
pub fn reduce(plane: &Plane, rect: Rect, out_w: u32, out_h: u32) -> Grey {
    let (w, h) = (out_w.max(1), out_h.max(1));
    let sx = rect.width / w as f32;
    let sy = rect.height / h as f32;
    let span = |start: f32, len: f32, limit: usize| {
        let a = (start.floor().max(0.0) as usize).min(limit - 1);
        let b = ((start + len).ceil().max(0.0) as usize).clamp(a + 1, limit);
        (a, b)
    };
    let mut data = Vec::with_capacity((w * h) as usize);
    for j in 0..h {
        let (ya, yb) = span(rect.y + j as f32 * sy, sy, plane.height);
        for i in 0..w {
            let (xa, xb) = span(rect.x + i as f32 * sx, sx, plane.width);
            let mut sum = 0.0;
            for y in ya..yb {
                sum += plane.row(y)[xa..xb].iter().sum::<f32>();
            }
            data.push((sum / ((yb - ya) * (xb - xa)) as f32).round().clamp(0.0, 255.0) as u8);
        }
    }
    Grey { width: w, height: h, data }
}

/// The quadrilateral `quad` (in `plane` pixels) pulled straight onto an `out_w`×`out_h` grey
/// image: each output pixel is the mean of 2×2 bilinear samples at the matching points of the
/// quadrilateral. With `flip`, the result is turned by 180°.
pub fn rectify(plane: &Plane, quad: &Quad, out_w: u32, out_h: u32, flip: bool) -> Grey {
    let (w, h) = (out_w.max(1), out_h.max(1));
    let mut data = Vec::with_capacity((w * h) as usize);
    for j in 0..h {
        for i in 0..w {
            let mut sum = 0.0;
            for (di, dj) in [(0.25, 0.25), (0.75, 0.25), (0.25, 0.75), (0.75, 0.75)] {
                let (mut u, mut v) = ((i as f32 + di) / w as f32, (j as f32 + dj) / h as f32);
                if flip {
                    (u, v) = (1.0 - u, 1.0 - v);
                }
                sum += plane.bilinear(quad.lerp(u, v));
            }
            data.push((sum / 4.0).round().clamp(0.0, 255.0) as u8);
        }
    }
    Grey { width: w, height: h, data }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(seeta)]
    fn other_bytes_are_refused_as_a_model() {
        assert!(matches!(load_model(b"not a model"), Err(Error::FaceModel(_))));
        assert!(matches!(load_model(&vec![0u8; MODEL_LEN]), Err(Error::FaceModel(_))));
    }

    #[test]
    fn reduce_averages_blocks() {
        let p = Plane { width: 4, height: 2, data: vec![0.0, 0.0, 200.0, 200.0, 0.0, 0.0, 200.0, 200.0] };
        let g = reduce(&p, Rect { x: 0.0, y: 0.0, width: 4.0, height: 2.0 }, 2, 1);
        assert_eq!(g.data, vec![0, 200]);
    }

    #[test]
    fn rectify_can_turn_the_image_over() {
        let p = Plane { width: 2, height: 2, data: vec![0.0, 100.0, 150.0, 250.0] };
        let pt = |x, y| crate::geometry::Point { x, y };
        let q = Quad { corners: [pt(0.0, 0.0), pt(2.0, 0.0), pt(2.0, 2.0), pt(0.0, 2.0)] };
        let up = rectify(&p, &q, 2, 2, false);
        let down = rectify(&p, &q, 2, 2, true);
        assert!(up.data[0] < 60 && up.data[3] > 190, "{:?}", up.data);
        assert_eq!(down.data.iter().rev().copied().collect::<Vec<_>>(), up.data);
    }
}
