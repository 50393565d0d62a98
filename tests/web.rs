//! The wasm binding layer, run in headless Chromium by wasm-bindgen-test.
#![cfg(target_arch = "wasm32")]

use js_sys::{Reflect, Uint8Array};
use kyc_preflight::wasm::{validate_bytes, validate_image_data};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn get(v: &JsValue, k: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(k)).unwrap()
}

#[wasm_bindgen_test]
fn corrupt_bytes_throw_an_error_with_a_code() {
    let bytes = Uint8Array::from(&[0x89u8, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3][..]);
    let err = validate_bytes(&bytes, JsValue::UNDEFINED).unwrap_err();
    assert!(err.is_instance_of::<js_sys::Error>());
    assert_eq!(get(&err, "code").as_string().unwrap(), "corrupt");
}

#[wasm_bindgen_test]
fn image_data_of_a_grey_frame_fails_colour() {
    let data = web_sys::ImageData::new_with_sw(64, 40).unwrap();
    let report = validate_image_data(data.into(), JsValue::UNDEFINED).unwrap();
    assert_eq!(get(&report, "verdict").as_string().unwrap(), "fail");
}
