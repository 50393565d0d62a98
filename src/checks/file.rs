//! `file`: fails a file whose format is not on the allow-list, that is too big, or that is damaged.
//!
//! How this divides the work with [`crate::Error`]: bytes that cannot be decoded at all (an
//! unknown format such as HEIC, random bytes, a file cut short before the decoder has what it
//! needs) make `validate` return `Err`; HEIC/HEIF and AVIF get an `unsupported-format` error
//! whose message says to convert the photo to JPEG. This check covers files that decode but
//! break a file rule: a format the caller has not allowed, or a byte size over the limit. It
//! also walks the file's structure (a JPEG whose entropy data runs into the end of the file, a
//! PNG without IEND, a WebP shorter than its RIFF header says) and fails it as damaged; today
//! `decode` refuses each of those cases first (its own JPEG marker walk, the png and webp
//! decoders), so through `validate` this rule is a second line for decoders that paint a
//! truncated image over in grey. Corrupted entropy-coded data with intact markers (bit flips
//! inside a scan) is not detected. Bytes after a JPEG's EOI are not damage: phones store
//! Motion Photo video and other trailers there.

use crate::finding::{Finding, Verdict};
use crate::metadata::Metadata;
use image::ImageFormat;
use serde::Deserialize;

/// A format the caller may accept. Only formats this build can decode are listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FileFormat {
    Jpeg,
    Png,
    Webp,
}

impl FileFormat {
    fn of(format: ImageFormat) -> Option<FileFormat> {
        match format {
            ImageFormat::Jpeg => Some(FileFormat::Jpeg),
            ImageFormat::Png => Some(FileFormat::Png),
            ImageFormat::WebP => Some(FileFormat::Webp),
            _ => None,
        }
    }

    /// The name people know the format by.
    pub fn name(self) -> &'static str {
        match self {
            FileFormat::Jpeg => "JPEG",
            FileFormat::Png => "PNG",
            FileFormat::Webp => "WebP",
        }
    }
}

/// Rules of the file check.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct FileOptions {
    /// The formats accepted (`"jpeg"`, `"png"`, `"webp"`). Default: all three, the formats
    /// issue 5 names; an unknown name is an options error, never silently dropped.
    pub formats: Vec<FileFormat>,
    /// Fail above this many bytes. Default: 10 MiB (10 485 760 bytes), the "10 MB" upload
    /// limit named in issue 5. A phone's full-resolution JPEG is 2–6 MB.
    pub max_bytes: u64,
}

impl Default for FileOptions {
    fn default() -> Self {
        FileOptions { formats: vec![FileFormat::Jpeg, FileFormat::Png, FileFormat::Webp], max_bytes: 10 * 1024 * 1024 }
    }
}

const MB: f32 = 1024.0 * 1024.0;

/// Bytes as MiB with one decimal ("12.3"), formatted with integers only (float formatting
/// with a precision costs kilobytes of wasm).
fn mib(bytes: u64) -> String {
    let tenths = (bytes * 10 + (1 << 19)) >> 20;
    format!("{}.{}", tenths / 10, tenths % 10)
}

/// Checks format, size and integrity. Score: the file's size in MiB; threshold: the limit in MiB.
///
/// 1. A damaged structure fails first: nothing else about the file can be trusted.
/// 2. Then a format outside the allow-list, naming the format and the accepted ones.
/// 3. Then a size over the limit, naming both sizes.
pub fn check(meta: &Metadata, opts: &FileOptions) -> Finding {
    let size = meta.byte_len as f32 / MB;
    let limit = opts.max_bytes as f32 / MB;
    let finding = |verdict, key| Finding::new("file", verdict, size, limit, key);
    if meta.structure.damage.is_some() {
        return finding(Verdict::Fail, "file.damaged");
    }
    let format = meta.format.and_then(FileFormat::of);
    if let Some(f) = format.filter(|f| !opts.formats.contains(f)) {
        let mut allowed = String::new();
        for (i, a) in opts.formats.iter().enumerate() {
            allowed += if i == 0 { "" } else { " / " };
            allowed += a.name();
        }
        return finding(Verdict::Fail, "file.format").with_param("format", f.name()).with_param("allowed", allowed);
    }
    if meta.byte_len as u64 > opts.max_bytes {
        return finding(Verdict::Fail, "file.size")
            .with_param("size", mib(meta.byte_len as u64))
            .with_param("limit", mib(opts.max_bytes));
    }
    finding(Verdict::Pass, "file.pass")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::{encode_jpeg, encode_png};

    fn run(bytes: &[u8], opts: &FileOptions) -> Finding {
        check(&Metadata::read(bytes), opts)
    }

    #[test]
    fn a_whole_jpeg_and_png_pass() {
        let o = FileOptions::default();
        assert_eq!(run(&encode_jpeg(64, 48, 90), &o).verdict, Verdict::Pass);
        assert_eq!(run(&encode_png(64, 48), &o).verdict, Verdict::Pass);
    }

    #[test]
    fn a_format_outside_a_custom_allow_list_fails_and_is_named() {
        let o = FileOptions { formats: vec![FileFormat::Jpeg], ..Default::default() };
        let f = run(&encode_png(64, 48), &o);
        assert_eq!((f.verdict, f.key), (Verdict::Fail, "file.format"));
        assert_eq!(f.param("format").unwrap(), "PNG");
        assert!(f.message.contains("PNG") && f.message.contains("JPEG"), "{}", f.message);
        assert_eq!(run(&encode_jpeg(64, 48, 90), &o).verdict, Verdict::Pass);
    }

    #[test]
    fn a_file_over_the_size_limit_fails_and_one_under_passes() {
        let jpeg = encode_jpeg(64, 48, 90);
        let tight = FileOptions { max_bytes: jpeg.len() as u64 - 1, ..Default::default() };
        let f = run(&jpeg, &tight);
        assert_eq!((f.verdict, f.key), (Verdict::Fail, "file.size"));
        assert!(f.score > f.threshold);
        let roomy = FileOptions { max_bytes: jpeg.len() as u64, ..Default::default() };
        assert_eq!(run(&jpeg, &roomy).verdict, Verdict::Pass);
    }

    #[test]
    fn a_twelve_megabyte_file_fails_the_default_limit() {
        // A valid JPEG padded after EOI (as a Motion Photo is) to 12 MiB.
        let mut big = encode_jpeg(64, 48, 90);
        big.resize(12 * 1024 * 1024, 0);
        let f = run(&big, &FileOptions::default());
        assert_eq!((f.verdict, f.key), (Verdict::Fail, "file.size"));
        assert!((f.score - 12.0).abs() < 0.01 && (f.threshold - 10.0).abs() < 0.01);
        assert!(f.message.contains("12.0") && f.message.contains("10.0"), "{}", f.message);
    }

    #[test]
    fn a_cut_jpeg_fails_as_damaged() {
        let jpeg = encode_jpeg(64, 48, 90);
        let f = run(&jpeg[..jpeg.len() - 40], &FileOptions::default());
        assert_eq!((f.verdict, f.key), (Verdict::Fail, "file.damaged"));
    }

    #[test]
    fn a_png_without_its_end_chunk_is_damaged() {
        let png = encode_png(64, 48);
        let cut = &png[..png.len() - 12]; // the IEND chunk is 12 bytes
        assert_eq!(run(cut, &FileOptions::default()).key, "file.damaged");
        // The png decoder refuses it too, so `validate` returns the typed error first.
        let err = crate::validate(crate::Input::Encoded(cut), &crate::Options::default()).unwrap_err();
        assert_eq!(err.code(), "corrupt");
    }

    #[test]
    fn unknown_format_names_are_refused() {
        let r: Result<FileOptions, _> = serde_json::from_str(r#"{"formats": ["jpeg", "heic"]}"#);
        assert!(r.is_err());
        let o: FileOptions = serde_json::from_str(r#"{"formats": ["webp"], "maxBytes": 5}"#).unwrap();
        assert_eq!((o.formats, o.max_bytes), (vec![FileFormat::Webp], 5));
    }

    #[test]
    fn heic_bytes_get_an_error_that_says_to_convert_to_jpeg() {
        let heic = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic\0\0\0\x08mdat";
        let err = crate::validate(crate::Input::Encoded(heic), &crate::Options::default()).unwrap_err();
        assert_eq!(err, crate::Error::UnsupportedFormat("HEIC".into()));
        assert_eq!(err.code(), "unsupported-format");
        assert!(err.to_string().contains("Convert the photo to JPEG"), "{err}");
    }

    #[test]
    fn file_checks_run_on_encoded_input_only() {
        let o = crate::Options::default();
        let jpeg = encode_jpeg(64, 48, 90);
        let report = crate::validate(crate::Input::Encoded(&jpeg), &o).unwrap();
        for id in ["file", "edited", "screenshot", "compression"] {
            assert!(report.check(id).is_some(), "{id} missing");
        }
        let rgba = vec![128u8; 64 * 48 * 4];
        let report = crate::validate(crate::Input::Rgba { data: &rgba, width: 64, height: 48 }, &o).unwrap();
        assert!(report.check("file").is_none() && report.check("edited").is_none());
    }
}
