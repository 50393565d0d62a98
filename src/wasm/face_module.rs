//! The face module: rustface's detector with the SeetaFace model, as a wasm of its own.
//!
//! Built with the feature `face-module` (`make wasm` writes `kyc_preflight_face_bg.wasm` and its
//! glue `kyc_preflight_face.js` beside the main module). The main module has no face detector:
//! the page loads this module and the model only when faces are checked, gives it the model
//! with `loadFaceModel`, and hands its `detectFaces` to the main module's `setFaceDetector`. The
//! face check itself (which faces count, how large, where) stays in the main module; only the
//! detection on its small grey image runs here.

use crate::error::Error;
use crate::faces::{self, Grey, Settings};
use crate::coded_error::coded_error;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/**
 * Loads the face model, `seeta_fd_frontal_v1.0.bin` (1.2 MB), for every later `detectFaces`;
 * loading it again does nothing.
 * @throws {Error} with `code` `face-model` when the bytes are not that model.
 */
export function loadFaceModel(bytes: Uint8Array): void;
/** Whether `loadFaceModel` has succeeded. */
export function faceModelLoaded(): boolean;
/**
 * The faces in a grey image (one byte per pixel, row after row), 5 numbers each: x, y, width,
 * height (in the image's pixels) and the detector's score. Pass this function to the main
 * module's `setFaceDetector`; it is not meant to be called on its own.
 * @throws {Error} with `code` `face-model` before `loadFaceModel`, `invalid-input` when the
 * image's length is not `width × height`.
 */
export function detectFaces(grey: Uint8Array, width: number, height: number, minScore: number, pyramidStep: number, windowStep: number): Float32Array;
"#;

/// Reads and keeps the SeetaFace model (see [`faces::load_model`]).
#[wasm_bindgen(js_name = loadFaceModel, skip_typescript)]
pub fn load_face_model(bytes: &[u8]) -> Result<(), JsValue> {
    faces::load_model(bytes).map_err(|e| js_error(&e))
}

/// Whether the model is loaded.
#[wasm_bindgen(js_name = faceModelLoaded, skip_typescript)]
pub fn face_model_loaded() -> bool {
    faces::model().is_some()
}

/// Finds the faces in a `width`×`height` grey image with the loaded model.
#[wasm_bindgen(js_name = detectFaces, skip_typescript)]
pub fn detect_faces(
    grey: &[u8],
    width: u32,
    height: u32,
    min_score: f32,
    pyramid_step: f32,
    window_step: u32,
) -> Result<Vec<f32>, JsValue> {
    let model = faces::model()
        .ok_or_else(|| js_error(&Error::FaceModel("call loadFaceModel before detectFaces".into())))?;
    if grey.len() as u64 != width as u64 * height as u64 {
        let why = format!("a {width}×{height} grey image has {} bytes, not {}", width as u64 * height as u64, grey.len());
        return Err(js_error(&Error::InvalidInput(why)));
    }
    let img = Grey { width, height, data: grey.to_vec() };
    let found = faces::detect(model, &img, &Settings { min_score, pyramid_step, window_step });
    Ok(found.iter().flat_map(|f| [f.rect.x, f.rect.y, f.rect.width, f.rect.height, f.score]).collect())
}

/// The core's error as a JS `Error` with its stable `code`.
fn js_error(e: &Error) -> JsValue {
    coded_error(&e.to_string(), e.code())
}
