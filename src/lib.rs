//! kyc-preflight checks an identity-verification photo before upload and says what to fix.
//!
//! ```
//! use kyc_preflight::{validate, Input, Options, Verdict};
//!
//! // A 64×40 grey image: no colour, so the colour check fails it.
//! let grey = vec![128u8; 64 * 40 * 4];
//! let report = validate(Input::Rgba { data: &grey, width: 64, height: 40 }, &Options::default()).unwrap();
//! assert_eq!(report.check("color").unwrap().verdict, Verdict::Fail);
//! ```

pub mod checks;
pub mod container;
#[cfg(feature = "corpus")]
pub mod corpus;
pub mod decode;
pub mod error;
pub mod faces;
pub mod finding;
pub mod frame;
pub mod geometry;
mod histogram;
pub mod locate;
pub mod messages;
pub mod metadata;
pub mod options;
pub mod pair;
pub mod peers;
pub mod policy;
// Test photo builders; the corpus generator shares its EXIF writer.
#[cfg(any(test, feature = "corpus"))]
#[cfg_attr(not(test), allow(dead_code))]
mod testutil;
// The coded JS `Error` of both wasm modules (the main one and the face module).
#[cfg(target_arch = "wasm32")]
#[path = "wasm/coded_error.rs"]
mod coded_error;
#[cfg(all(target_arch = "wasm32", not(feature = "face-module")))]
pub mod wasm;
// The face module: a wasm of its own with only the face detector (see `faces`).
#[cfg(all(target_arch = "wasm32", feature = "face-module"))]
#[path = "wasm/face_module.rs"]
pub mod face_module;
#[cfg(all(target_arch = "wasm32", feature = "bench"))]
pub mod bench;

pub use decode::Input;
pub use error::Error;
pub use finding::{Corner, Finding, Region, Report, Verdict};
pub use messages::Lang;
pub use options::{Kind, Options};

/// Decodes (or wraps) the input and runs every check that fits `opts.kind`.
pub fn validate(input: Input, opts: &Options) -> Result<Report, Error> {
    let pixels = decode::load(input, &opts.limits())?;
    let frame = frame::Frame::new(&pixels);
    let encoded = match input {
        Input::Encoded(bytes) => Some(bytes),
        Input::Rgba { .. } => None,
    };
    let mut report = checks::run(&frame, encoded, opts);
    localize(&mut report, opts.lang);
    Ok(report)
}

/// Checks RGBA pixels that the caller already decoded from `file` (a browser's decoder, say),
/// so that the checks that read the encoded file (format, metadata, compression) run as well.
/// The pixels are taken to be `file`'s, with its orientation applied.
pub fn validate_decoded(rgba: Input, file: &[u8], opts: &Options) -> Result<Report, Error> {
    if file.is_empty() {
        return Err(Error::Empty);
    }
    let pixels = decode::load(rgba, &opts.limits())?;
    let frame = frame::Frame::new(&pixels);
    let mut report = checks::run(&frame, Some(file), opts);
    localize(&mut report, opts.lang);
    Ok(report)
}

/// Rewrites every message of the report in `lang`.
pub fn localize(report: &mut Report, lang: Lang) {
    for f in &mut report.checks {
        f.message = messages::render(f.key, lang, &f.params);
    }
}
