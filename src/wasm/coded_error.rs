//! The JS `Error` both wasm modules throw: a message and a stable `code` property.

use js_sys::Reflect;
use wasm_bindgen::JsValue;

/// A JS `Error` with `message`, and `code` set as a property the page can branch on.
pub fn coded_error(message: &str, code: &str) -> JsValue {
    let err = js_sys::Error::new(message);
    let _ = Reflect::set(&err, &JsValue::from_str("code"), &JsValue::from_str(code));
    err.into()
}
