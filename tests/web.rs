//! The wasm binding layer, run in headless Chromium by wasm-bindgen-test (`make test-wasm`).
#![cfg(target_arch = "wasm32")]

mod common;

use js_sys::{Reflect, Uint8Array, JSON};
use kyc_preflight::wasm::{validate_bytes, validate_image_data, validate_pair};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn get(v: &JsValue, k: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(k)).unwrap()
}

fn bytes(b: &[u8]) -> JsValue {
    Uint8Array::from(b).into()
}

fn options(json: &str) -> JsValue {
    JSON::parse(json).unwrap()
}

fn checks(report: &JsValue) -> Vec<JsValue> {
    js_sys::Array::from(&get(report, "checks")).iter().collect()
}

fn finding(report: &JsValue, id: &str) -> JsValue {
    checks(report).into_iter().find(|c| get(c, "id").as_string().as_deref() == Some(id)).expect(id)
}

fn text(v: &JsValue, k: &str) -> String {
    get(v, k).as_string().unwrap_or_else(|| panic!("{k} is not a string"))
}

/// An `ImageData` holding its own copy of the pixels, as a canvas gives (one made straight from
/// a Rust slice would see wasm memory, and lose its pixels when that memory grows).
fn image_data(rgba: &[u8], width: u32, height: u32) -> web_sys::ImageData {
    let copy = js_sys::Uint8ClampedArray::from(rgba);
    web_sys::ImageData::new_with_js_u8_clamped_array_and_sh(&copy, width, height).unwrap()
}

/// The size of the module's linear memory, in bytes.
fn memory_bytes() -> f64 {
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    memory.buffer().unchecked_into::<js_sys::ArrayBuffer>().byte_length() as f64
}

/// Asserts that the call throws a real `Error` with `code`, within a second, growing memory by
/// less than 16 MiB.
fn throws(name: &str, code: &str, call: impl FnOnce() -> Result<JsValue, JsValue>) {
    let (mem, start) = (memory_bytes(), js_sys::Date::now());
    let err = call().expect_err(name);
    let (grown, ms) = (memory_bytes() - mem, js_sys::Date::now() - start);
    assert!(err.is_instance_of::<js_sys::Error>(), "{name}: not an Error");
    assert_eq!(text(&err, "code"), code, "{name}: {:?}", text(&err, "message"));
    assert!(!text(&err, "message").is_empty(), "{name}");
    assert!(ms < 1000.0, "{name}: took {ms} ms");
    assert!(grown < 16.0 * 1024.0 * 1024.0, "{name}: memory grew by {grown} bytes");
}

/// The report's shape: a verdict, its size, and findings with every field typed.
fn assert_report(report: &JsValue, width: u32, height: u32) {
    assert_eq!(get(report, "width").as_f64(), Some(width as f64));
    assert_eq!(get(report, "height").as_f64(), Some(height as f64));
    let worst = checks(report).iter().map(|c| rank(&text(c, "verdict"))).max().unwrap();
    assert_eq!(rank(&text(report, "verdict")), worst, "the verdict is the worst finding");
    for c in checks(report) {
        assert!(get(&c, "score").as_f64().is_some() && get(&c, "threshold").as_f64().is_some());
        assert!(!text(&c, "message").is_empty() && !text(&c, "id").is_empty());
    }
}

fn rank(verdict: &str) -> u8 {
    match verdict {
        "pass" => 0,
        "warn" => 1,
        "fail" => 2,
        other => panic!("unknown verdict {other}"),
    }
}

#[wasm_bindgen_test]
fn a_valid_jpeg_gives_a_report() {
    let report = validate_bytes(bytes(&common::colour_jpeg()), JsValue::UNDEFINED).unwrap();
    assert_report(&report, 320, 200);
    assert_eq!(text(&finding(&report, "color"), "verdict"), "pass");
}

#[wasm_bindgen_test]
fn a_valid_png_gives_a_report_and_grey_fails_colour() {
    let report = validate_bytes(bytes(&common::colour_png()), JsValue::NULL).unwrap();
    assert_report(&report, 320, 200);
    assert_eq!(text(&finding(&report, "color"), "verdict"), "pass");
    let grey = validate_bytes(bytes(&common::grey_png()), JsValue::UNDEFINED).unwrap();
    assert_eq!(text(&finding(&grey, "color"), "verdict"), "fail");
    assert_eq!(text(&grey, "verdict"), "fail");
}

#[wasm_bindgen_test]
fn an_array_buffer_is_accepted_too() {
    let buffer = Uint8Array::from(&common::colour_png()[..]).buffer();
    let report = validate_bytes(buffer.into(), JsValue::UNDEFINED).unwrap();
    assert_report(&report, 320, 200);
}

#[wasm_bindgen_test]
fn image_data_is_checked_like_the_same_pixels_encoded() {
    let rgba = common::rgba(&common::scene_rgb(320, 200));
    let data = image_data(&rgba, 320, 200);
    let report = validate_image_data(data.into(), JsValue::UNDEFINED, JsValue::UNDEFINED).unwrap();
    assert_report(&report, 320, 200);
    let from_png = validate_bytes(bytes(&common::colour_png()), JsValue::UNDEFINED).unwrap();
    let score = |r: &JsValue| get(&finding(r, "color"), "score").as_f64().unwrap();
    assert_eq!(score(&report), score(&from_png), "PNG is lossless, so the scores agree");
}

#[wasm_bindgen_test]
fn image_data_with_its_file_runs_the_file_checks_too() {
    let png = common::colour_png();
    let rgba = common::rgba(&common::scene_rgb(320, 200));
    let data = image_data(&rgba, 320, 200);
    let with_file = validate_image_data(data.clone().into(), JsValue::UNDEFINED, bytes(&png)).unwrap();
    let from_bytes = validate_bytes(bytes(&png), JsValue::UNDEFINED).unwrap();
    let ids = |r: &JsValue| checks(r).iter().map(|c| text(c, "id")).collect::<Vec<_>>();
    assert_eq!(ids(&with_file), ids(&from_bytes));
    let without = validate_image_data(data.into(), JsValue::UNDEFINED, JsValue::UNDEFINED).unwrap();
    assert!(ids(&without).len() < ids(&with_file).len(), "the file checks need the file");
    assert!(ids(&with_file).iter().any(|id| id == "file"));
    throws("an empty file", "empty", || {
        let data = web_sys::ImageData::new_with_sw(4, 4).unwrap();
        validate_image_data(data.into(), JsValue::UNDEFINED, bytes(&[]))
    });
}

#[wasm_bindgen_test]
fn blank_image_data_fails_colour() {
    let data = web_sys::ImageData::new_with_sw(64, 40).unwrap();
    let report = validate_image_data(data.into(), JsValue::UNDEFINED, JsValue::UNDEFINED).unwrap();
    assert_eq!(text(&report, "verdict"), "fail");
}

#[wasm_bindgen_test]
fn a_plain_object_with_rgba_bytes_works_and_a_wrong_length_is_refused() {
    let ok = js_sys::Object::new();
    Reflect::set(&ok, &"data".into(), &bytes(&common::rgba(&common::scene_rgb(32, 20)))).unwrap();
    Reflect::set(&ok, &"width".into(), &32.into()).unwrap();
    Reflect::set(&ok, &"height".into(), &20.into()).unwrap();
    assert_report(&validate_image_data(ok.clone().into(), JsValue::UNDEFINED, JsValue::UNDEFINED).unwrap(), 32, 20);
    Reflect::set(&ok, &"height".into(), &21.into()).unwrap();
    throws("wrong length", "buffer-size", || validate_image_data(ok.into(), JsValue::UNDEFINED, JsValue::UNDEFINED));
}

#[wasm_bindgen_test]
fn things_that_are_not_images_throw_invalid_input() {
    throws("string bytes", "invalid-input", || validate_bytes("photo.jpg".into(), JsValue::UNDEFINED));
    throws("number image", "invalid-input", || validate_image_data(3.into(), JsValue::UNDEFINED, JsValue::UNDEFINED));
    throws("object without data", "invalid-input", || {
        validate_image_data(options(r#"{"width": 2, "height": 2}"#), JsValue::UNDEFINED, JsValue::UNDEFINED)
    });
    throws("fractional width", "invalid-input", || {
        let o = options(r#"{"width": 2.5, "height": 2}"#);
        Reflect::set(&o, &"data".into(), &bytes(&[0; 16])).unwrap();
        validate_image_data(o, JsValue::UNDEFINED, JsValue::UNDEFINED)
    });
}

#[wasm_bindgen_test]
fn options_change_the_result() {
    let png = common::colour_png();
    let en = validate_bytes(bytes(&png), JsValue::UNDEFINED).unwrap();
    let zh = validate_bytes(bytes(&png), options(r#"{"lang": "zh-Hans"}"#)).unwrap();
    let (m_en, m_zh) = (text(&finding(&en, "color"), "message"), text(&finding(&zh, "color"), "message"));
    assert_ne!(m_en, m_zh);
    assert!(m_zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{m_zh}");
    let strict = validate_bytes(bytes(&png), options(r#"{"color": {"minChromaSpread": 1000}}"#)).unwrap();
    let color = finding(&strict, "color");
    assert_eq!(text(&color, "verdict"), "fail");
    assert_eq!(get(&color, "threshold").as_f64(), Some(1000.0));
    throws("a low pixel limit", "too-large", || validate_bytes(bytes(&png), options(r#"{"maxPixels": 1000}"#)));
}

#[wasm_bindgen_test]
fn bad_options_throw_invalid_options() {
    let png = common::colour_png();
    for json in [r#"{"langage": "en"}"#, r#"{"lang": "fr"}"#, r#"{"kind": "passport"}"#, r#"{"color": {"min": 1}}"#, "42"] {
        throws(json, "invalid-options", || validate_bytes(bytes(&png), options(json)));
    }
}

#[wasm_bindgen_test]
fn bad_bytes_throw_errors_with_their_codes() {
    let cases = [
        ("empty", Vec::new(), "empty"),
        ("corrupt png", common::corrupt_png(), "corrupt"),
        ("truncated jpeg", common::truncated_jpeg(), "corrupt"),
        ("truncated jpeg after a thumbnail", common::truncated_jpeg_after_thumbnail(), "corrupt"),
        ("truncated png", common::truncated_png(), "corrupt"),
        ("random bytes", common::random_bytes(5000, 1), "unsupported-format"),
        ("png claiming 100000×100000", common::huge_png(), "too-large"),
        ("jpeg claiming 65535×65535", common::huge_jpeg(), "too-large"),
    ];
    for (name, data, code) in cases {
        let input = bytes(&data);
        throws(name, code, || validate_bytes(input, JsValue::UNDEFINED));
    }
}

#[wasm_bindgen_test]
fn file_checks_run_on_bytes_with_options_and_heic_says_convert() {
    let jpeg = common::colour_jpeg();
    let report = validate_bytes(bytes(&jpeg), JsValue::UNDEFINED).unwrap();
    for id in ["file", "edited", "screenshot", "compression"] {
        assert!(!finding(&report, id).is_undefined(), "{id} missing");
    }
    let quality = get(&finding(&report, "compression"), "score").as_f64().unwrap();
    assert!(quality >= 50.0, "estimated quality {quality}");
    let png_only = validate_bytes(bytes(&jpeg), options(r#"{"file": {"formats": ["png"]}, "lang": "zh-Hant"}"#)).unwrap();
    let file = finding(&png_only, "file");
    assert_eq!(text(&file, "verdict"), "fail");
    assert_eq!(text(&get(&file, "params"), "format"), "JPEG");
    assert!(text(&file, "message").contains("JPEG"), "{}", text(&file, "message"));
    let heic = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic\0\0\0\x08mdat";
    throws("heic", "unsupported-format", || validate_bytes(bytes(heic), JsValue::UNDEFINED));
    let err = validate_bytes(bytes(heic), JsValue::UNDEFINED).unwrap_err();
    assert!(text(&err, "message").contains("JPEG"), "{}", text(&err, "message"));
    throws("unknown format name", "invalid-options", || validate_bytes(bytes(&jpeg), options(r#"{"file": {"formats": ["heic"]}}"#)));
}

#[wasm_bindgen_test]
fn webp_is_left_to_the_browser_but_its_container_is_still_judged() {
    // A whole container: the module says to decode it in the browser.
    let whole = common::webp_with_bad_bitstream(320, 200);
    throws("whole webp", "unsupported-format", || validate_bytes(bytes(&whole), JsValue::UNDEFINED));
    let err = validate_bytes(bytes(&whole), JsValue::UNDEFINED).unwrap_err();
    assert!(text(&err, "message").contains("validateImageData"), "{}", text(&err, "message"));
    throws("cut webp", "corrupt", || validate_bytes(bytes(&common::truncated_webp()), JsValue::UNDEFINED));
    throws("webp claiming 20000×20000", "too-large", || validate_bytes(bytes(&common::huge_webp()), JsValue::UNDEFINED));
    // The browser's pixels with the WebP file: the file's own checks read the container.
    let data = image_data(&common::rgba(&common::scene_rgb(320, 200)), 320, 200);
    let report = validate_image_data(data.clone().into(), JsValue::UNDEFINED, bytes(&whole)).unwrap();
    assert_eq!(text(&finding(&report, "file"), "verdict"), "pass");
    let jpeg_only = options(r#"{"file": {"formats": ["jpeg"]}}"#);
    let report = validate_image_data(data.into(), jpeg_only, bytes(&whole)).unwrap();
    assert_eq!(text(&get(&finding(&report, "file"), "params"), "format"), "WebP");
}

#[wasm_bindgen_test]
fn options_are_read_with_every_key_and_type_checked() {
    let png = common::colour_png();
    // Whole numbers fill integer and float fields alike; `undefined` is left out, as in JSON.
    let o = options(r#"{"maxPixels": 1000000, "color": {"minChromaSpread": 5}}"#);
    Reflect::set(&o, &"kind".into(), &JsValue::UNDEFINED).unwrap();
    let report = validate_bytes(bytes(&png), o).unwrap();
    assert_eq!(get(&finding(&report, "color"), "threshold").as_f64(), Some(5.0));
    for json in [r#"{"maxPixels": 2.5}"#, r#"{"maxPixels": -1}"#, r#"{"color": []}"#, r#"{"color": 3}"#, "[]",
                 r#"{"lang": 1}"#, r#"{"exposure": {"minPaperLevel": 1, "typo": 2}}"#] {
        throws(json, "invalid-options", || validate_bytes(bytes(&png), options(json)));
    }
    let err = validate_bytes(bytes(&png), options(r#"{"colour": {}}"#)).unwrap_err();
    assert!(text(&err, "message").contains("unknown field `colour`"), "{}", text(&err, "message"));
}

#[wasm_bindgen_test]
fn huge_or_empty_image_data_is_refused_before_reading_it() {
    let empty = options(r#"{"width": 0, "height": 0}"#);
    Reflect::set(&empty, &"data".into(), &bytes(&[])).unwrap();
    throws("empty ImageData", "empty", || validate_image_data(empty, JsValue::UNDEFINED, JsValue::UNDEFINED));
    let huge = options(r#"{"width": 100000, "height": 100000}"#);
    Reflect::set(&huge, &"data".into(), &bytes(&[0; 16])).unwrap();
    throws("huge ImageData", "too-large", || validate_image_data(huge, JsValue::UNDEFINED, JsValue::UNDEFINED));
}

// --- Form-data rules (issue 7): `checkPolicy`. ---

fn json(text: &str) -> JsValue {
    js_sys::JSON::parse(text).unwrap()
}

fn rules(report: &JsValue) -> js_sys::Array {
    get(report, "rules").into()
}

#[wasm_bindgen_test]
fn check_policy_runs_the_given_rules_with_profile_options_and_language() {
    use kyc_preflight::wasm::check_policy;
    let form = json(r#"{"expiryDate": "2027-01-19", "dateOfBirth": "2008-11-21", "mrz": null}"#);
    let today = json(r#"{"today": "2026-11-21"}"#);
    let report = check_policy(form.clone(), None, Some(today.clone())).unwrap();
    assert_eq!(get(&report, "verdict").as_string().unwrap(), "fail");
    let list = rules(&report);
    assert_eq!(list.length(), 2, "only the rules whose inputs are given");
    assert_eq!(get(&list.get(0), "id").as_string().unwrap(), "document-validity");
    assert_eq!(get(&list.get(0), "key").as_string().unwrap(), "document-validity.too-soon");
    assert_eq!(get(&list.get(1), "verdict").as_string().unwrap(), "pass", "the 18th birthday itself passes");

    // A profile that needs only 59 days lets the same form pass.
    let lenient = json(r#"{"minValidityDays": 59}"#);
    let report = check_policy(form.clone(), Some(lenient), Some(today)).unwrap();
    assert_eq!(get(&report, "verdict").as_string().unwrap(), "pass");

    let zh = json(r#"{"today": "2026-11-21", "lang": "zh-Hans"}"#);
    let report = check_policy(form, Some(JsValue::NULL), Some(zh)).unwrap();
    let message = get(&rules(&report).get(0), "message").as_string().unwrap();
    assert!(message.contains("有效期"), "{message}");

    // Without options, today is the browser's date: a far expiry passes, a past one fails.
    let far = check_policy(json(r#"{"expiryDate": "2999-01-01"}"#), None, None).unwrap();
    assert_eq!(get(&far, "verdict").as_string().unwrap(), "pass");
    let past = check_policy(json(r#"{"expiryDate": "2000-01-01"}"#), None, None).unwrap();
    assert_eq!(get(&rules(&past).get(0), "key").as_string().unwrap(), "document-validity.expired");
}

#[wasm_bindgen_test]
fn check_policy_throws_errors_with_codes() {
    use kyc_preflight::wasm::check_policy;
    let cases: [(JsValue, Option<JsValue>, Option<JsValue>, &str); 6] = [
        (json(r#"{"birthday": "2000-01-01"}"#), None, None, "invalid-form"),
        (json(r#"{"idNumber": 123}"#), None, None, "invalid-form"),
        (json("[]"), None, None, "invalid-form"),
        (JsValue::from_str("form"), None, None, "invalid-form"),
        (json("{}"), Some(json(r#"{"restrictedResidenceCountries": ["XX"]}"#)), None, "invalid-profile"),
        (json("{}"), None, Some(json(r#"{"today": "2026-02-30"}"#)), "invalid-date"),
    ];
    for (form, profile, options, code) in cases {
        let err = check_policy(form, profile, options).unwrap_err();
        assert!(err.is_instance_of::<js_sys::Error>());
        assert_eq!(get(&err, "code").as_string().unwrap(), code);
    }
}

#[wasm_bindgen_test]
fn check_policy_refuses_misspelt_profile_and_option_keys() {
    use kyc_preflight::wasm::check_policy;
    let err = check_policy(json("{}"), Some(json(r#"{"minimumAge": 21}"#)), None).unwrap_err();
    assert_eq!(get(&err, "code").as_string().unwrap(), "invalid-profile");
    let err = check_policy(json("{}"), None, Some(json(r#"{"date": "2026-11-21"}"#))).unwrap_err();
    assert_eq!(get(&err, "code").as_string().unwrap(), "invalid-form");
    // `undefined` fields are left out, like missing ones.
    let form = js_sys::Object::new();
    Reflect::set(&form, &JsValue::from_str("mrz"), &JsValue::UNDEFINED).unwrap();
    let report = check_policy(form.into(), None, None).unwrap();
    assert_eq!(rules(&report).length(), 0);
}

#[wasm_bindgen_test]
fn validate_pair_judges_the_pair_from_bytes_or_image_data() {
    let png = common::colour_png();
    let rgba = common::rgba(&common::scene_rgb(320, 200));
    let same = validate_pair(bytes(&png), image_data(&rgba, 320, 200).into(), "id-card".into(), JsValue::UNDEFINED).unwrap();
    assert_eq!(text(&get(&same, "pair"), "key"), "pair.same-image");
    assert_eq!(text(&same, "verdict"), "fail");
    assert!(!get(&same, "back").is_undefined());
    let missing = validate_pair(bytes(&png), JsValue::NULL, "driving-licence".into(), options(r#"{"lang": "zh-Hans"}"#)).unwrap();
    assert_eq!(text(&get(&missing, "pair"), "key"), "pair.back-missing");
    assert!(get(&missing, "back").is_undefined());
    let passport = validate_pair(bytes(&png), JsValue::UNDEFINED, "passport".into(), JsValue::UNDEFINED).unwrap();
    assert_eq!(text(&get(&passport, "pair"), "verdict"), "pass");
    throws("unknown document type", "invalid-input", || validate_pair(bytes(&png), JsValue::NULL, "visa".into(), JsValue::UNDEFINED));
}

#[wasm_bindgen_test]
fn without_the_face_module_selfies_warn_and_documents_skip_the_face_check() {
    use kyc_preflight::wasm::{face_model_loaded, set_face_detector};
    // The main wasm has no face detector: the page loads the face module and hands over its detectFaces.
    assert!(!face_model_loaded());
    throws("not a function", "invalid-input", || set_face_detector(JsValue::from(3)).map(|_| JsValue::UNDEFINED));
    assert!(!face_model_loaded());
    let png = common::colour_png();
    let selfie = validate_bytes(bytes(&png), options(r#"{"kind": "selfie"}"#)).unwrap();
    let face = finding(&selfie, "face");
    assert_eq!((text(&face, "verdict"), text(&face, "key")), ("warn".to_string(), "face.no-model".to_string()));
    assert!(text(&face, "message").contains("loadFaceModel"));
    let document = validate_bytes(bytes(&png), JsValue::UNDEFINED).unwrap();
    assert!(checks(&document).iter().all(|c| text(c, "id") != "face"));
}

#[wasm_bindgen_test]
fn the_face_check_reads_the_faces_that_the_detector_gives() {
    use kyc_preflight::wasm::{face_model_loaded, set_face_detector};
    // A stand-in for the face module's detectFaces: one face half the grey image's short side
    // wide, in its middle, after checking that it was given a grey image of width × height bytes.
    let detect = js_sys::Function::new_with_args(
        "grey, w, h, minScore, pyramidStep, windowStep",
        "if (!(grey instanceof Uint8Array) || grey.length !== w * h || !(minScore > 0) || !(pyramidStep > 0) || !(windowStep >= 1)) throw new Error('bad call');
         const s = Math.min(w, h) / 2;
         return new Float32Array([(w - s) / 2, (h - s) / 2, s, s, 5]);",
    );
    set_face_detector(detect.into()).unwrap();
    assert!(face_model_loaded());
    let png = common::colour_png();
    let selfie = validate_bytes(bytes(&png), options(r#"{"kind": "selfie"}"#));
    set_face_detector(JsValue::NULL).unwrap();
    assert!(!face_model_loaded());
    let face = finding(&selfie.unwrap(), "face");
    assert_eq!((text(&face, "verdict"), text(&face, "key")), ("pass".to_string(), "face.pass".to_string()));
    let share = get(&face, "score").as_f64().unwrap();
    assert!((share - 0.5).abs() < 0.02, "face side over the short side: {share}");
}

#[wasm_bindgen_test]
fn values_of_the_wrong_type_are_refused_with_serde_sentences() {
    use kyc_preflight::wasm::check_policy;
    let png = common::colour_png();
    let option_cases = [
        (r#"{"maxPixels": "x"}"#, r#"invalid type: string "x", expected u64"#),
        (r#"{"maxPixels": true}"#, "invalid type: boolean `true`, expected u64"),
        (r#"{"maxPixels": [1]}"#, "invalid type: sequence, expected u64"),
        (r#"{"maxPixels": {}}"#, "invalid type: map, expected u64"),
        (r#"{"maxPixels": 2.5}"#, "invalid type: floating point `2.5`, expected u64"),
        (r#"{"maxPixels": -1}"#, "invalid value: integer `-1`, expected u64"),
        (r#"{"color": {"minChromaSpread": "5"}}"#, r#"invalid type: string "5", expected f32"#),
        (r#"{"color": {"minChromaSpread": null}}"#, "invalid type: unit value, expected f32"),
        (r#"{"crop": {"failMissing": 1}}"#, "invalid type: integer `1`, expected a boolean"),
        (r#"{"crop": {"failMissing": -1.5}}"#, "invalid type: floating point `-1.5`, expected a boolean"),
        (r#"{"file": {"formats": "jpeg"}}"#, r#"invalid type: string "jpeg", expected a sequence"#),
        (r#"{"file": {"formats": -3}}"#, "invalid type: integer `-3`, expected a sequence"),
        (r#"{"file": {"formats": {}}}"#, "invalid type: map, expected a sequence"),
        (r#"{"color": [1]}"#, "invalid type: sequence, expected struct ColorOptions"),
    ];
    for (json, sentence) in option_cases {
        let err = validate_bytes(bytes(&png), options(json)).unwrap_err();
        assert!(text(&err, "message").contains(sentence), "{json}: {}", text(&err, "message"));
    }
    let form_cases = [
        (r#"{"idNumber": 123}"#, "invalid type: integer `123`, expected a string"),
        (r#"{"idNumber": [1]}"#, "invalid type: sequence, expected a string"),
        (r#"{"fullName": false}"#, "invalid type: boolean `false`, expected a string"),
    ];
    for (json, sentence) in form_cases {
        let err = check_policy(options(json), None, None).unwrap_err();
        assert!(text(&err, "message").contains(sentence), "{json}: {}", text(&err, "message"));
    }
    let profile_cases = [
        (r#"{"minAge": -3}"#, "invalid value: integer `-3`, expected u32"),
        (r#"{"minAge": "18"}"#, r#"invalid type: string "18", expected u32"#),
        (r#"{"restrictedIssuingCountries": "XX"}"#, r#"invalid type: string "XX", expected a sequence"#),
    ];
    for (json, sentence) in profile_cases {
        let err = check_policy(options("{}"), Some(options(json)), None).unwrap_err();
        assert!(text(&err, "message").contains(sentence), "{json}: {}", text(&err, "message"));
    }
}

#[wasm_bindgen_test]
fn the_simd_dot_products_of_two_row_pairs_equal_two_plain_ones() {
    use kyc_preflight::frame::{dot, dot2};
    // This module is built with simd128 as shipped, so `dot2` takes its one-loop path here.
    let mut state = 12345u32;
    let row: Vec<f32> = (0..700)
        .map(|_| {
            state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            (state >> 8) as f32 / (1 << 24) as f32 * 200.0 - 100.0
        })
        .collect();
    // Lengths with and without a multiple of eight; pairs sharing their first row or not.
    for (n, m, shift) in [(512, 511, 1), (507, 500, 7), (64, 600, 3), (9, 17, 0), (0, 5, 2), (300, 299, 13)] {
        let (a, b) = (&row[..n], &row[shift..shift + n]);
        for c in [&row[..m], &row[2..2 + m]] {
            let d = &row[shift + 1..shift + 1 + m];
            assert_eq!(dot2((a, b), (c, d)), (dot(a, b), dot(c, d)), "{n} {m} {shift}");
        }
    }
}

#[wasm_bindgen_test]
fn the_simd_frame_pass_gives_each_blocks_mean() {
    use kyc_preflight::decode::Pixels;
    use kyc_preflight::frame::Frame;
    use std::borrow::Cow;
    let mut state = 777u32;
    // Scale 4 with an odd number of blocks (4036 px: 1009), scale 2 with a narrower last block
    // (2047 px), scale 1, and odd heights so that the last band is shorter.
    for (w, h) in [(4036u32, 9u32), (4032, 8), (2047, 5), (2046, 4), (1023, 3)] {
        let data: Vec<u8> = (0..w * h * 4)
            .map(|_| {
                state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                (state >> 24) as u8
            })
            .collect();
        let pixels = Pixels { data: Cow::Owned(data), width: w, height: h, channels: 4, format: None };
        let small = Frame::new(&pixels).small;
        let scale = small.scale as usize;
        let (w, h) = (w as usize, h as usize);
        for (sy, sx) in (0..h.div_ceil(scale)).flat_map(|sy| (0..w.div_ceil(scale)).map(move |sx| (sy, sx))) {
            let (mut sum, mut n) = ([0u32; 3], 0u32);
            for y in sy * scale..((sy + 1) * scale).min(h) {
                for x in sx * scale..((sx + 1) * scale).min(w) {
                    (0..3).for_each(|k| sum[k] += pixels.data[(y * w + x) * 4 + k] as u32);
                    n += 1;
                }
            }
            let got = [small.r.at(sx, sy), small.g.at(sx, sy), small.b.at(sx, sy)];
            for k in 0..3 {
                let want = sum[k] as f32 / n as f32;
                assert!((got[k] - want).abs() < 1e-3, "{w}x{h} block ({sx}, {sy}) channel {k}: {} vs {want}", got[k]);
            }
        }
    }
}

#[wasm_bindgen_test]
fn the_simd_block_luma_window_gives_each_blocks_luma() {
    use kyc_preflight::decode::Pixels;
    use kyc_preflight::frame::{luma, Frame};
    use kyc_preflight::geometry::Rect;
    use std::borrow::Cow;
    let (w, h) = (2051usize, 23usize);
    let mut state = 99u32;
    let data: Vec<u8> = (0..w * h * 4)
        .map(|_| {
            state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            (state >> 24) as u8
        })
        .collect();
    let pixels = Pixels { data: Cow::Owned(data), width: w as u32, height: h as u32, channels: 4, format: None };
    let frame = Frame::new(&pixels);
    // Blocks of 2, 3, 4, 5 and 8 over a region whose rows are not a multiple of 16 bytes long,
    // reaching the photo's right and bottom edges (narrower and shorter last blocks).
    for m in [2usize, 3, 4, 5, 8] {
        let win = frame.block_luma_window(Rect { x: 1001.0, y: 2.0, width: 2000.0, height: 30.0 }, m);
        for j in 0..win.plane.height {
            for i in 0..win.plane.width {
                let (bx, by) = (win.x0 + i, win.y0 + j);
                let (mut sum, mut n) = ([0u32; 3], 0u32);
                for y in by * m..((by + 1) * m).min(h) {
                    for x in bx * m..((bx + 1) * m).min(w) {
                        (0..3).for_each(|k| sum[k] += pixels.data[(y * w + x) * 4 + k] as u32);
                        n += 1;
                    }
                }
                let mean = sum.map(|s| s as f32 / n as f32);
                let want = luma(mean[0], mean[1], mean[2]);
                let got = win.plane.at(i, j);
                assert!((got - want).abs() < 1e-3, "m {m} block ({bx}, {by}): {got} vs {want}");
            }
        }
    }
}
