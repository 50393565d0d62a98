//! The JavaScript binding: `validateBytes` and `validateImageData`, with typed errors.
//!
//! The binding only converts: JS values in, the core's [`Report`](crate::Report) out as a plain
//! object, and the core's [`Error`] out as a JS `Error` with a stable `code`. It makes no network
//! requests and touches no DOM. The TypeScript types are written out below (the functions skip
//! wasm-bindgen's own, which would say `any`); keep `Options` in step with `src/options.rs`.

use crate::coded_error::coded_error;
use crate::{messages, validate, validate_decoded, Error, Input, Lang, Options};
use js_sys::{ArrayBuffer, Reflect, Uint8Array};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

mod strict;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
export type Verdict = 'pass' | 'warn' | 'fail';
export type Kind = 'document' | 'selfie' | 'selfie-with-document';
export type Lang = 'en' | 'zh-Hans' | 'zh-Hant';
/** A point in pixels of the input image; x grows right, y grows down. */
export interface Point { x: number; y: number }
export interface Rect { x: number; y: number; width: number; height: number }
/** Corners in the order top-left, top-right, bottom-right, bottom-left. */
export interface Quad { corners: [Point, Point, Point, Point] }
export type Region = ({ type: 'box' } & Rect) | ({ type: 'quad' } & Quad);
export type Corner = 'top-left' | 'top-right' | 'bottom-right' | 'bottom-left';
export type CheckId = 'blur' | 'glare' | 'crop' | 'color' | 'resolution' | 'recapture' | (string & {});
export interface Finding {
  id: CheckId;
  verdict: Verdict;
  /** The measured value; its unit is documented with each check. */
  score: number;
  /** The value the score was held to. */
  threshold: number;
  /** Stable message key, e.g. `blur.fail`. */
  key: string;
  /** One plain sentence saying what to do, in the requested language. */
  message: string;
  region?: Region;
  /** For `crop`: the document corners outside the frame or too near its edge. */
  corners_cut?: Corner[];
  /** Values of the message's placeholders, such as `{ program: 'GIMP' }`. */
  params?: Record<string, string>;
}
export interface Report {
  /** The worst verdict among the checks. */
  verdict: Verdict;
  width: number;
  height: number;
  /** The document's quadrilateral, when one was found. */
  document?: Quad;
  checks: Finding[];
}
/** Thresholds of the blur check, in ‰ of the document's long side (see `src/checks/blur.rs`). */
export interface BlurOptions { maxBlur?: number; warnBlur?: number }
/** Thresholds of the glare check, in % of the document's area (see `src/checks/glare.rs`). */
export interface GlareOptions { maxShare?: number; warnShare?: number }
/** Margin of the crop check, as a fraction of the photo's short side (see `src/checks/crop.rs`). */
export interface CropOptions { minMargin?: number; failMissing?: boolean }
/** How the document's outline is searched for (see `src/locate.rs`). */
export interface LocateOptions { workLongSide?: number; minEdgeStrength?: number; minArea?: number; minSupport?: number }
/** Threshold of the colour check, in percentage points of chromaticity (see `src/checks/color.rs`). */
export interface ColorOptions { minChromaSpread?: number }
/** Accepted formats (default all three) and the size limit in bytes (default 10 MiB). */
export interface FileOptions { formats?: ('jpeg' | 'png' | 'webp')[]; maxBytes?: number }
export interface EditedOptions { warnOnly?: boolean }
export interface ScreenshotOptions { warnOnSizeOnly?: boolean }
/** Estimated JPEG quality (1..100) below which the check fails (default 50) or warns (default 70). */
export interface CompressionOptions { minQuality?: number; warnQuality?: number }
/** Luma levels 0..255 and shares 0..1; see `src/checks/exposure.rs` for each default. */
export interface ExposureOptions {
  minPaperLevel?: number; warnPaperLevel?: number; maxInkLevel?: number; warnInkLevel?: number;
  shadowRatio?: number; maxShadowShare?: number; warnShadowShare?: number; failShadow?: boolean;
}
/** Document pixels per mm (fail / warn; a small document only warns unless `failSmallDocument`) and the smallest photo in pixels; see `src/checks/resolution.rs`. */
export interface ResolutionOptions { minPxPerMm?: number; warnPxPerMm?: number; minLongSide?: number; minShortSide?: number; failSmallDocument?: boolean }
/** Bits (of 63) of the perceptual hashes within which two photos are one picture (default 4) or one side (default 12); see `src/pair.rs`. */
export interface PairOptions { sameImageBits?: number; sameSideBits?: number }
/** Peak over its surroundings in the document's spectrum, in dB: warn (default 20) and fail (default 40); see `src/checks/recapture.rs`. */
export interface RecaptureOptions { warnPeak?: number; maxPeak?: number }
/**
 * The face check (see `src/checks/face.rs`): shares are fractions of the photo's short side,
 * sizes in pixels, `minScore` in rustface's cascade score. Runs only after `loadFaceModel`.
 */
export interface FaceOptions {
  minFaceShare?: number; headMargin?: number; workShortSide?: number; portraitWorkHeight?: number;
  minScore?: number; selfieFaceShare?: number; documentRequired?: boolean; portraitRequired?: boolean;
}
/** Every field is optional; an unknown field throws an `invalid-options` error. */
export interface Options {
  kind?: Kind;
  lang?: Lang;
  /** Largest image accepted, in pixels. Default 50 000 000. */
  maxPixels?: number;
  /** Largest decoder allocation, in bytes. Default 512 MiB. */
  maxAllocBytes?: number;
  color?: ColorOptions;
  file?: FileOptions;
  edited?: EditedOptions;
  screenshot?: ScreenshotOptions;
  compression?: CompressionOptions;
  blur?: BlurOptions;
  glare?: GlareOptions;
  crop?: CropOptions;
  locate?: LocateOptions;
  exposure?: ExposureOptions;
  resolution?: ResolutionOptions;
  recapture?: RecaptureOptions;
  pair?: PairOptions;
  face?: FaceOptions;
}
/** RGBA pixels with their size; an `ImageData` is one. */
export interface RgbaImage { data: Uint8ClampedArray | Uint8Array; width: number; height: number }
export type ErrorCode =
  | 'empty' | 'unsupported-format' | 'corrupt' | 'too-large' | 'buffer-size' | 'invalid-input' | 'invalid-options'
  | 'face-model';
/** Thrown by every function here: a real `Error` with a stable `code`. */
export interface PreflightError extends Error { code: ErrorCode }

/**
 * Checks an encoded photo (JPEG or PNG bytes). WebP is left to the browser's decoder: pass its
 * pixels to `validateImageData`; given a WebP, this throws `corrupt`, `too-large` or
 * `unsupported-format` (README, Formats).
 * @throws {PreflightError}
 */
export function validateBytes(bytes: Uint8Array | ArrayBuffer, options?: Options): Report;
/**
 * Checks decoded pixels, such as the `ImageData` of a canvas. Pass the `file` the pixels were
 * decoded from to run the checks that read the file itself (format, metadata, compression).
 * @throws {PreflightError}
 */
export function validateImageData(image: ImageData | RgbaImage, options?: Options, file?: Uint8Array | ArrayBuffer): Report;
/**
 * The catalogue's text for a message key (such as `camera.move-closer`) in `lang` (default `en`),
 * with its `{name}` placeholders left as they are; `undefined` when the catalogue lacks the key.
 * @throws {PreflightError} `invalid-options` for a language with no catalogue.
 */
export function messageText(key: string, lang?: Lang): string | undefined;
/**
 * A face detector: the `detectFaces` of the face module (`kyc_preflight_face.js`). It gets a grey
 * image (one byte per pixel, row after row) and returns each face as 5 numbers, x, y, width,
 * height (in that image's pixels) and score.
 */
export type FaceDetector = (grey: Uint8Array, width: number, height: number, minScore: number, pyramidStep: number, windowStep: number) => Float32Array;
/**
 * Hands the face check its detector, for every later check. The detector and the face model are
 * not in this module, so that pages that check only documents stay small: load the face module
 * (`kyc_preflight_face.js` and `kyc_preflight_face_bg.wasm`, served next to this one), give it
 * the model with its `loadFaceModel` (`seeta_fd_frontal_v1.0.bin`, 1.2 MB), then pass its
 * `detectFaces` here. Until then, `selfie` and `selfie-with-document` reports carry a `face`
 * finding with verdict `warn` and key `face.no-model`, and `document` reports have no `face` finding.
 * `null` takes the detector away again.
 * @throws {PreflightError} `invalid-input` when `detect` is neither a function nor `null`.
 */
export function setFaceDetector(detect: FaceDetector | null): void;
/** Whether `setFaceDetector` has been given a detector. */
export function faceModelLoaded(): boolean;
"#;

/// Installs the panic hook of the `dev` build, so that a bug shows its message in the console.
#[cfg(feature = "dev")]
#[wasm_bindgen(start)]
fn start() {
    console_error_panic_hook::set_once();
}

/// Checks an encoded photo (JPEG or PNG bytes, as a `Uint8Array` or `ArrayBuffer`); WebP is left
/// to the browser (see [`crate::decode::DECODES_WEBP`]).
#[wasm_bindgen(js_name = validateBytes, skip_typescript)]
pub fn validate_bytes(bytes: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let opts = read_options(options)?;
    let data = read_bytes(&bytes)?;
    to_js(validate(Input::Encoded(&data), &opts))
}

/// Checks decoded pixels: an `ImageData`, or any `{data, width, height}` with RGBA bytes; with
/// the encoded `file` they came from, the file's own checks run too.
#[wasm_bindgen(js_name = validateImageData, skip_typescript)]
pub fn validate_image_data(image: JsValue, options: JsValue, file: JsValue) -> Result<JsValue, JsValue> {
    let opts = read_options(options)?;
    let (data, width, height) = read_image_data(&image, opts.limits().max_pixels)?;
    let pixels = Input::Rgba { data: &data, width, height };
    if file.is_undefined() || file.is_null() {
        return to_js(validate(pixels, &opts));
    }
    let bytes = read_bytes(&file)?;
    to_js(validate_decoded(pixels, &bytes, &opts))
}

// --- Front and back (src/pair.rs): `validatePair`. ---

#[wasm_bindgen(typescript_custom_section)]
const TS_PAIR_TYPES: &'static str = r#"
/** A photo given as its encoded bytes, or as decoded RGBA pixels (then the file's own checks do not run). */
export type PhotoInput = Uint8Array | ArrayBuffer | ImageData | RgbaImage;
/** Both photos' reports and the finding on the pair (`id: 'pair'`). */
export interface PairReport {
  /** The worst verdict of the two reports and the pair finding. */
  verdict: Verdict;
  front: Report;
  back?: Report;
  /** Keys: `pair.pass`, `pair.same-image`, `pair.same-side`, `pair.back-missing`, `pair.one-side`, `pair.single`. */
  pair: Finding;
}
/**
 * Checks the front and (optionally) the back of one document: each photo as `validateBytes`
 * does, and the pair: the same picture twice, the same side twice, or a back missing where
 * `documentType` needs one (every type but `passport`).
 * @throws {PreflightError}
 */
export function validatePair(front: PhotoInput, back?: PhotoInput | null, documentType?: DocumentType | null, options?: Options): PairReport;
"#;

/// Checks a front and an optional back; each is encoded bytes or `{data, width, height}` RGBA.
#[wasm_bindgen(js_name = validatePair, skip_typescript)]
pub fn validate_pair(front: JsValue, back: JsValue, document_type: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    use crate::pair::{self, Photo};
    let opts = read_options(options)?;
    let max = opts.limits().max_pixels;
    let doc_type = match document_type.as_string() {
        Some(t) => Some(crate::policy::DocumentType::parse(&t).ok_or_else(|| {
            js_error(&Error::InvalidInput(format!("unknown document type `{t}`: use passport, id-card, driving-licence or residence-permit")))
        })?),
        None if document_type.is_undefined() || document_type.is_null() => None,
        None => return Err(js_error(&Error::InvalidInput("the document type must be a string".into()))),
    };
    let front = read_photo(&front, max)?;
    let back = if back.is_undefined() || back.is_null() { None } else { Some(read_photo(&back, max)?) };
    fn photo(p: &PhotoData) -> Photo<'_> {
        match p {
            PhotoData::Encoded(bytes) => Photo::encoded(bytes),
            PhotoData::Rgba(data, width, height) => Photo { pixels: Input::Rgba { data, width: *width, height: *height }, file: None },
        }
    }
    to_js(pair::validate_pair(photo(&front), back.as_ref().map(photo), doc_type, &opts))
}

/// A photo read from JS: encoded bytes, or RGBA pixels with their size.
enum PhotoData {
    Encoded(Vec<u8>),
    Rgba(Vec<u8>, u32, u32),
}

fn read_photo(value: &JsValue, max_pixels: u64) -> Result<PhotoData, JsValue> {
    if value.is_instance_of::<ArrayBuffer>() || ArrayBuffer::is_view(value) {
        return read_bytes(value).map(PhotoData::Encoded);
    }
    let (data, width, height) = read_image_data(value, max_pixels)?;
    Ok(PhotoData::Rgba(data, width, height))
}

/// The catalogue's text for `key` in `lang` (a BCP 47 tag; English when absent), or `undefined`.
#[wasm_bindgen(js_name = messageText, skip_typescript)]
pub fn message_text(key: &str, lang: Option<String>) -> Result<Option<String>, JsValue> {
    let lang = match lang {
        None => Lang::En,
        Some(tag) => Lang::from_tag(&tag)
            .ok_or_else(|| js_error(&Error::Options(format!("no messages in `{tag}`: use en, zh-Hans or zh-Hant"))))?,
    };
    Ok(messages::has(key).then(|| messages::text(key, lang).to_string()))
}

thread_local! {
    /// The face module's `detectFaces`, given by `setFaceDetector`.
    static FACE_DETECT: std::cell::RefCell<Option<js_sys::Function>> = const { std::cell::RefCell::new(None) };
}

/// The face check's detector in the browser: the JS function held in `FACE_DETECT`.
struct JsDetector;

static JS_DETECTOR: JsDetector = JsDetector;

impl crate::faces::Detector for JsDetector {
    /// Hands the grey image to the face module (which copies it into its own memory) and reads
    /// the faces back. A throw from the face module counts as no face found.
    fn detect(&self, img: &crate::faces::Grey, s: &crate::faces::Settings) -> Vec<crate::faces::Face> {
        let Some(detect) = FACE_DETECT.with(|f| f.borrow().clone()) else { return Vec::new() };
        // Safety: the view is read by the call below, during which this module allocates nothing.
        let grey = unsafe { Uint8Array::view(&img.data) };
        let args = js_sys::Array::of3(&grey, &img.width.into(), &img.height.into());
        for v in [JsValue::from(s.min_score), s.pyramid_step.into(), s.window_step.into()] {
            args.push(&v);
        }
        let Ok(found) = detect.apply(&JsValue::NULL, &args) else { return Vec::new() };
        let Some(numbers) = found.dyn_ref::<js_sys::Float32Array>().map(|a| a.to_vec()) else { return Vec::new() };
        numbers
            .chunks_exact(5)
            .map(|f| crate::faces::Face {
                rect: crate::geometry::Rect { x: f[0], y: f[1], width: f[2], height: f[3] },
                score: f[4],
            })
            .collect()
    }
}

// Safety: wasm32 without threads: the detector is only ever used on the one thread.
unsafe impl Sync for JsDetector {}

/// Uses the face module's `detectFaces` for every later face check; `null` takes it away.
#[wasm_bindgen(js_name = setFaceDetector, skip_typescript)]
pub fn set_face_detector(detect: JsValue) -> Result<(), JsValue> {
    if detect.is_null() || detect.is_undefined() {
        FACE_DETECT.with(|f| *f.borrow_mut() = None);
        crate::faces::set_detector(None);
        return Ok(());
    }
    let detect: js_sys::Function =
        detect.dyn_into().map_err(|_| js_error(&Error::InvalidInput("the face detector must be a function".into())))?;
    FACE_DETECT.with(|f| *f.borrow_mut() = Some(detect));
    crate::faces::set_detector(Some(&JS_DETECTOR));
    Ok(())
}

/// Whether a face detector has been set.
#[wasm_bindgen(js_name = faceModelLoaded, skip_typescript)]
pub fn face_model_loaded() -> bool {
    crate::faces::model_loaded()
}

/// Copies the bytes of a `Uint8Array` (or any typed array) or an `ArrayBuffer` into wasm memory.
fn read_bytes(value: &JsValue) -> Result<Vec<u8>, JsValue> {
    if let Some(a) = value.dyn_ref::<Uint8Array>() {
        return Ok(a.to_vec());
    }
    if let Some(b) = value.dyn_ref::<ArrayBuffer>() {
        return Ok(Uint8Array::new(b).to_vec());
    }
    if ArrayBuffer::is_view(value) {
        let buffer = field(value, "buffer");
        let offset = field(value, "byteOffset").as_f64().unwrap_or(0.0) as u32;
        let len = field(value, "byteLength").as_f64().unwrap_or(0.0) as u32;
        return Ok(Uint8Array::new_with_byte_offset_and_length(&buffer, offset, len).to_vec());
    }
    Err(js_error(&Error::InvalidInput("expected the file's bytes as a Uint8Array or an ArrayBuffer".into())))
}

/// The RGBA bytes of an `ImageData`, copied into wasm memory, with its width and height.
///
/// The pixels are copied only when their size is within `max_pixels` and the buffer's length
/// matches it; otherwise nothing is copied and the core refuses the empty buffer with the
/// right error (`empty`, `too-large`), or the length mismatch is reported here.
pub(crate) fn read_image_data(image: &JsValue, max_pixels: u64) -> Result<(Vec<u8>, u32, u32), JsValue> {
    let bad = || js_error(&Error::InvalidInput("expected an ImageData, or an object with data, width and height".into()));
    if !image.is_object() {
        return Err(bad());
    }
    let width = dimension(&field(image, "width")).ok_or_else(bad)?;
    let height = dimension(&field(image, "height")).ok_or_else(bad)?;
    let data = field(image, "data");
    if !ArrayBuffer::is_view(&data) {
        return Err(bad());
    }
    let pixels = width as u64 * height as u64;
    if pixels == 0 || pixels > max_pixels {
        return Ok((Vec::new(), width, height));
    }
    let len = field(&data, "byteLength").as_f64().unwrap_or(0.0) as usize;
    if len as u64 != pixels * 4 {
        return Err(js_error(&Error::BufferSize { len, width, height, expected: pixels * 4 }));
    }
    Ok((read_bytes(&data)?, width, height))
}

/// A width or height: a whole number from 0 to 2³²−1.
fn dimension(v: &JsValue) -> Option<u32> {
    let n = v.as_f64()?;
    (n.fract() == 0.0 && (0.0..=u32::MAX as f64).contains(&n)).then_some(n as u32)
}

fn field(object: &JsValue, name: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

/// Reads the options, refusing an unknown field as the CLI does (see [`strict`]).
fn read_options(value: JsValue) -> Result<Options, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(Options::default());
    }
    strict::from_js(&value).map_err(|e| js_error(&Error::Options(e)))
}

fn to_js<T: Serialize>(result: Result<T, Error>) -> Result<JsValue, JsValue> {
    let value = result.map_err(|e| js_error(&e))?;
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    value.serialize(&serializer).map_err(|e| js_error(&Error::InvalidInput(e.to_string())))
}

/// A JS `Error` carrying the message and the stable `code`.
fn js_error(e: &Error) -> JsValue {
    coded_error(&e.to_string(), e.code())
}

// --- Form-data rules (issue 7): `checkPolicy`. Kept as one block, separate from the photo API. ---

#[wasm_bindgen(typescript_custom_section)]
const TS_POLICY_TYPES: &'static str = r#"
export type DocumentType = 'passport' | 'id-card' | 'driving-licence' | 'residence-permit';
/** What the person typed; every field optional. Dates are 'YYYY-MM-DD', countries ISO 3166 alpha-2. */
export interface PolicyForm {
  documentType?: DocumentType | string | null;
  issuingCountry?: string | null;
  residenceCountry?: string | null;
  dateOfBirth?: string | null;
  expiryDate?: string | null;
  addressProofDate?: string | null;
  idNumber?: string | null;
  mrz?: string | null;
  fullName?: string | null;
  documentName?: string | null;
}
/** The policy profile (docs/POLICY.md); every field optional, with the defaults shown. */
export interface PolicyProfile {
  name?: string;
  source?: string;
  /** Default 60 (calendar days). */
  minValidityDays?: number;
  /** Default 18 (full years). */
  minAge?: number;
  /** Default 3 (calendar months). */
  addressProofMaxMonths?: number;
  restrictedIssuingCountries?: string[];
  restrictedResidenceCountries?: string[];
  acceptedDocumentTypes?: DocumentType[];
  acceptedDocumentTypesByCountry?: Record<string, DocumentType[]>;
}
export interface PolicyOptions {
  /** 'YYYY-MM-DD'; default: the browser's local calendar date. */
  today?: string;
  lang?: Lang;
}
export type PolicyRuleId = 'document-validity' | 'age' | 'address-proof-age' | 'country' | 'id-number' | 'name-format';
export type PolicyField = keyof PolicyForm;
export interface PolicyRule {
  id: PolicyRuleId;
  verdict: Verdict;
  key: string;
  message: string;
  /** The form fields this result is about: the ones to fix when it is not a pass. */
  fields: PolicyField[];
}
export interface PolicyReport {
  verdict: Verdict;
  /** Only the rules whose inputs the form gives, in a fixed order. */
  rules: PolicyRule[];
}
export type PolicyErrorCode = 'invalid-form' | 'invalid-profile' | 'invalid-date';
/** Thrown by `checkPolicy`: a real `Error` with a stable `code`. */
export interface PolicyError extends Error { code: PolicyErrorCode }
/**
 * Checks the form's data against the profile (the default profile when none is given). Runs
 * only the rules whose inputs the form gives. Dates are calendar dates; `options.today` defaults
 * to the browser's local date.
 * @throws {PolicyError}
 */
export function checkPolicy(form: PolicyForm, profile?: PolicyProfile | null, options?: PolicyOptions | null): PolicyReport;
"#;

/// Options of `checkPolicy`.
#[derive(serde::Deserialize, Default)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
struct PolicyOptions {
    today: Option<String>,
    lang: Option<crate::Lang>,
}

/// Checks the form's data against the profile (the default profile when none is given).
/// Throws an `Error` with `code` `invalid-form`, `invalid-profile` or `invalid-date`.
#[wasm_bindgen(js_name = checkPolicy, skip_typescript)]
pub fn check_policy(form: JsValue, profile: Option<JsValue>, options: Option<JsValue>) -> Result<JsValue, JsValue> {
    use crate::policy::{self, Date, Form, PolicyError, Profile};
    // Each input is read with every key seen, so that a misspelt key is refused (see `strict`).
    let given = |v: Option<JsValue>| v.filter(|v| !v.is_undefined() && !v.is_null());
    let form: Form = strict::from_js(&form).map_err(|e| policy_error(&PolicyError::Form(e)))?;
    let profile = match given(profile) {
        Some(p) => strict::from_js::<Profile>(&p).map_err(PolicyError::Profile).and_then(Profile::validated),
        None => Ok(Profile::default()),
    }
    .map_err(|e| policy_error(&e))?;
    let options: PolicyOptions = match given(options) {
        Some(o) => strict::from_js(&o).map_err(|e| policy_error(&PolicyError::Form(format!("options: {e}"))))?,
        None => PolicyOptions::default(),
    };
    let today = match &options.today {
        Some(t) => Date::parse(t).map_err(|e| policy_error(&PolicyError::Today(e)))?,
        None => local_today().map_err(|e| policy_error(&PolicyError::Today(e)))?,
    };
    let mut report = policy::check(&form, &profile, today);
    report.localize(options.lang.unwrap_or_default());
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    report.serialize(&serializer).map_err(|e| policy_error(&PolicyError::Form(e.to_string())))
}

/// The browser's local calendar date (what the person's own calendar shows today).
fn local_today() -> Result<crate::policy::Date, crate::policy::DateError> {
    let now = js_sys::Date::new_0();
    crate::policy::Date::new(now.get_full_year() as i32, now.get_month() + 1, now.get_date())
}

/// A JS `Error` carrying the message and the stable `code` of a policy error.
fn policy_error(e: &crate::policy::PolicyError) -> JsValue {
    coded_error(&e.to_string(), e.code())
}
