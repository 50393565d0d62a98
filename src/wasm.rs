//! The JavaScript binding: `validateBytes` and `validateImageData`, with typed errors.

use crate::{validate, Error, Input, Options};
use js_sys::{Reflect, Uint8Array};
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
export type Verdict = 'pass' | 'warn' | 'fail';
export type Kind = 'document' | 'selfie' | 'selfie-with-document';
export type Lang = 'en' | 'zh-Hans' | 'zh-Hant';
export interface Point { x: number; y: number }
export interface Rect { x: number; y: number; width: number; height: number }
export interface Quad { corners: [Point, Point, Point, Point] }
export type Region = ({ type: 'box' } & Rect) | ({ type: 'quad' } & Quad);
export type Corner = 'top-left' | 'top-right' | 'bottom-right' | 'bottom-left';
export interface Finding {
  id: string;
  verdict: Verdict;
  score: number;
  threshold: number;
  key: string;
  message: string;
  region?: Region;
  corners_cut?: Corner[];
}
export interface Report {
  verdict: Verdict;
  width: number;
  height: number;
  document?: Quad;
  checks: Finding[];
}
export interface Options {
  kind?: Kind;
  lang?: Lang;
  maxPixels?: number;
  maxAllocBytes?: number;
  color?: { minChromaSpread?: number };
}
export type ErrorCode = 'empty' | 'unsupported-format' | 'corrupt' | 'too-large' | 'buffer-size' | 'invalid-options';
/** Thrown by every function here: a real Error with a stable `code`. */
export interface PreflightError extends Error { code: ErrorCode }
"#;

/// Checks an encoded photo (JPEG, PNG or WebP bytes).
#[wasm_bindgen(js_name = validateBytes, unchecked_return_type = "Report")]
pub fn validate_bytes(
    bytes: &Uint8Array,
    #[wasm_bindgen(unchecked_param_type = "Options")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let opts = read_options(options)?;
    let data = bytes.to_vec();
    to_js(validate(Input::Encoded(&data), &opts))
}

/// Checks decoded pixels: an `ImageData`, or any `{data, width, height}` with RGBA bytes.
#[wasm_bindgen(js_name = validateImageData, unchecked_return_type = "Report")]
pub fn validate_image_data(
    #[wasm_bindgen(unchecked_param_type = "ImageData")] image: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Options")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let opts = read_options(options)?;
    let (data, width, height) = read_image_data(&image)?;
    to_js(validate(Input::Rgba { data: &data, width, height }, &opts))
}

fn read_image_data(image: &JsValue) -> Result<(Vec<u8>, u32, u32), JsValue> {
    let field = |name: &str| Reflect::get(image, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED);
    let bad = || js_error(&Error::Options("expected an ImageData with data, width and height".into()));
    let width = field("width").as_f64().ok_or_else(bad)?;
    let height = field("height").as_f64().ok_or_else(bad)?;
    let data = field("data");
    if !data.is_object() {
        return Err(bad());
    }
    let bytes = Uint8Array::new(&data).to_vec();
    Ok((bytes, width as u32, height as u32))
}

fn read_options(value: JsValue) -> Result<Options, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(Options::default());
    }
    serde_wasm_bindgen::from_value(value).map_err(|e| js_error(&Error::Options(e.to_string())))
}

fn to_js<T: Serialize>(result: Result<T, Error>) -> Result<JsValue, JsValue> {
    let value = result.map_err(|e| js_error(&e))?;
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    value.serialize(&serializer).map_err(|e| js_error(&Error::Options(e.to_string())))
}

/// A JS `Error` carrying the message and the stable `code`.
fn js_error(e: &Error) -> JsValue {
    let err = js_sys::Error::new(&e.to_string());
    let _ = Reflect::set(&err, &JsValue::from_str("code"), &JsValue::from_str(e.code()));
    err.into()
}
