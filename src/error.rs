//! Typed errors for everything that can go wrong before a photo can be checked.

use thiserror::Error;

/// Why an input could not be checked. Each variant has a stable [`Error::code`].
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum Error {
    /// The input has no bytes, or a width or height of zero.
    #[error("the file is empty")]
    Empty,
    /// The bytes are not an image format this build can read. The text is the format's name
    /// when it is known (`HEIC`, `AVIF`, `GIF`, ...); phone formats get a message saying to
    /// convert the photo to JPEG (see [`unsupported_message`]).
    #[error("{}", unsupported_message(.0))]
    UnsupportedFormat(String),
    /// The bytes claim to be an image but cannot be decoded (damaged or truncated).
    #[error("the image is damaged or incomplete: {0}")]
    Corrupt(String),
    /// The image is larger than the decode limits allow; refused before allocating.
    #[error("the image is too large: {width}×{height} pixels exceeds the limit of {max_pixels} pixels")]
    TooLarge { width: u32, height: u32, max_pixels: u64 },
    /// An RGBA buffer whose length does not match its width and height.
    #[error("the pixel buffer has {len} bytes, but {width}×{height} RGBA needs {expected}")]
    BufferSize { len: usize, width: u32, height: u32, expected: u64 },
    /// The file could not be read (CLI only).
    #[error("the file could not be read: {0}")]
    Io(String),
    /// The caller passed something that is not an image at all (wrong JS type, missing fields).
    #[error("invalid input: {0}")]
    InvalidInput(String),
    /// The options could not be understood.
    #[error("invalid options: {0}")]
    Options(String),
    /// The bytes given as the face model are not the SeetaFace frontal model (see `faces`).
    #[error("not the face model: {0}")]
    FaceModel(String),
}

/// What to tell the person about a format we cannot read. HEIC/HEIF (the iPhone's default)
/// and AVIF are what phones save, so the message says how to get a JPEG instead.
pub fn unsupported_message(format: &str) -> String {
    match format {
        crate::decode::WEBP_LEFT_TO_BROWSER => "this build leaves WebP to the browser: decode the photo with the browser \
             (createImageBitmap) and pass its pixels with the file to validateImageData. A WebP that the browser \
             cannot decode is damaged"
            .into(),
        "HEIC" | "HEIF" | "AVIF" => format!(
            "unsupported image format: {format}. Convert the photo to JPEG and upload that \
             (on an iPhone, share or export it as JPEG, or set Settings > Camera > Formats to Most Compatible)"
        ),
        other => format!("unsupported image format: {other}. Upload a JPEG, PNG or WebP photo"),
    }
}

impl Error {
    /// A stable, machine-readable code for the error, used in JSON and as `Error.code` in JS.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Empty => "empty",
            Error::UnsupportedFormat(_) => "unsupported-format",
            Error::Corrupt(_) => "corrupt",
            Error::TooLarge { .. } => "too-large",
            Error::BufferSize { .. } => "buffer-size",
            Error::Io(_) => "io",
            Error::InvalidInput(_) => "invalid-input",
            Error::Options(_) => "invalid-options",
            Error::FaceModel(_) => "face-model",
        }
    }
}
