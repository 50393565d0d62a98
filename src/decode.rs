//! Turns the caller's input (encoded bytes or an RGBA buffer) into pixels, within size limits.

use crate::container;
use crate::error::Error;
use image::{ImageDecoder, ImageFormat, ImageReader};
use std::borrow::Cow;
use std::io::Cursor;

/// What the caller hands in: an encoded file, or raw RGBA pixels with their size.
#[derive(Debug, Clone, Copy)]
pub enum Input<'a> {
    Encoded(&'a [u8]),
    Rgba { data: &'a [u8], width: u32, height: u32 },
}

/// Whether this build decodes WebP itself. The wasm build leaves WebP to the browser, which
/// decodes it for `validateImageData` (every current browser does), and so stays small; the
/// native build decodes it. Without the decoder a WebP's container is still read: a cut file is
/// `corrupt`, a header over the limits `too-large`, and anything else `unsupported-format`
/// with a message that says to decode it in the browser (see [`Error::UnsupportedFormat`]).
pub const DECODES_WEBP: bool = cfg!(not(target_arch = "wasm32"));

/// The format name given to [`Error::UnsupportedFormat`] for a whole WebP in a build without
/// its decoder.
pub const WEBP_LEFT_TO_BROWSER: &str = "WebP (left to the browser)";

/// Limits enforced before any pixel buffer is allocated.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limits {
    /// Largest image accepted, in pixels (width × height).
    pub max_pixels: u64,
    /// Largest allocation the decoder may make, in bytes.
    pub max_alloc_bytes: u64,
}

impl Default for Limits {
    /// 50 megapixels (above any phone camera's 48 MP mode) and 512 MiB of decoder memory.
    fn default() -> Self {
        Limits { max_pixels: 50_000_000, max_alloc_bytes: 512 * 1024 * 1024 }
    }
}

/// Decoded pixels: 3 (RGB) or 4 (RGBA) bytes per pixel, row after row.
#[derive(Debug, Clone)]
pub struct Pixels<'a> {
    pub data: Cow<'a, [u8]>,
    pub width: u32,
    pub height: u32,
    pub channels: usize,
    /// The container format, when the input was encoded.
    pub format: Option<ImageFormat>,
}

/// Decodes or wraps the input, refusing anything empty, unknown, damaged or over the limits.
pub fn load<'a>(input: Input<'a>, limits: &Limits) -> Result<Pixels<'a>, Error> {
    match input {
        Input::Encoded(bytes) => decode(bytes, limits),
        Input::Rgba { data, width, height } => wrap_rgba(data, width, height, limits),
    }
}

fn wrap_rgba<'a>(data: &'a [u8], width: u32, height: u32, limits: &Limits) -> Result<Pixels<'a>, Error> {
    check_size(width, height, limits)?;
    let expected = width as u64 * height as u64 * 4;
    if data.len() as u64 != expected {
        return Err(Error::BufferSize { len: data.len(), width, height, expected });
    }
    Ok(Pixels { data: Cow::Borrowed(data), width, height, channels: 4, format: None })
}

fn check_size(width: u32, height: u32, limits: &Limits) -> Result<(), Error> {
    if width == 0 || height == 0 {
        return Err(Error::Empty);
    }
    if width as u64 * height as u64 > limits.max_pixels {
        return Err(Error::TooLarge { width, height, max_pixels: limits.max_pixels });
    }
    Ok(())
}

/// Names the format of bytes we cannot decode, so that the message can say what to do.
pub fn sniff_unsupported(bytes: &[u8]) -> String {
    let brand = bytes.get(4..12);
    match brand {
        Some(b) if b.starts_with(b"ftyp") && matches!(&b[4..8], b"heic" | b"heix" | b"mif1" | b"msf1" | b"hevc") => {
            "HEIC".into()
        }
        Some(b) if b.starts_with(b"ftyp") && &b[4..8] == b"avif" => "AVIF".into(),
        _ => match image::guess_format(bytes) {
            Ok(f) => format!("{f:?}").to_uppercase(),
            Err(_) => "not an image".into(),
        },
    }
}

fn decode<'a>(bytes: &[u8], limits: &Limits) -> Result<Pixels<'a>, Error> {
    if bytes.is_empty() {
        return Err(Error::Empty);
    }
    let format = match image::guess_format(bytes) {
        Ok(f @ (ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP)) => f,
        _ => return Err(Error::UnsupportedFormat(sniff_unsupported(bytes))),
    };
    // The file's own structure is read first. The JPEG decoder fills a truncated scan with grey
    // and reports success, so a cut upload is caught here instead (an EOI inside an EXIF
    // thumbnail does not count; data after the EOI, as in motion photos, is allowed); for a
    // WebP without its decoder the container is all there is to judge. The header's size is
    // checked before decoding: on wasm32 some decoders fail on a huge size with a bare limits
    // error, before they can say how large the image is.
    let structure = container::walk(bytes);
    let webp_undecodable = format == ImageFormat::WebP && !DECODES_WEBP;
    if let (true, Some(damage)) = (format == ImageFormat::Jpeg || webp_undecodable, structure.damage) {
        return Err(Error::Corrupt(damage.into()));
    }
    if let Some((width, height)) = structure.size {
        check_size(width, height, limits)?;
    }
    if webp_undecodable {
        return Err(Error::UnsupportedFormat(WEBP_LEFT_TO_BROWSER.into()));
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut lim = image::Limits::default();
    lim.max_alloc = Some(limits.max_alloc_bytes);
    reader.limits(lim);
    let mut decoder = reader.into_decoder().map_err(|e| map_image_error(e, None, limits))?;
    let (width, height) = decoder.dimensions();
    check_size(width, height, limits)?;
    let orientation = decoder.orientation().ok();
    let mut img =
        image::DynamicImage::from_decoder(decoder).map_err(|e| map_image_error(e, Some((width, height)), limits))?;
    if let Some(o) = orientation {
        img.apply_orientation(o);
    }
    let (width, height) = (img.width(), img.height());
    let (data, channels) = match img {
        image::DynamicImage::ImageRgb8(b) => (b.into_raw(), 3),
        image::DynamicImage::ImageRgba8(b) => (b.into_raw(), 4),
        other => (other.into_rgba8().into_raw(), 4),
    };
    Ok(Pixels { data: Cow::Owned(data), width, height, channels, format: Some(format) })
}

fn map_image_error(e: image::ImageError, size: Option<(u32, u32)>, limits: &Limits) -> Error {
    use image::ImageError as E;
    match (e, size) {
        (E::Limits(_), Some((width, height))) => Error::TooLarge { width, height, max_pixels: limits.max_pixels },
        (e, _) => map_other(e),
    }
}

fn map_other(e: image::ImageError) -> Error {
    use image::ImageError as E;
    match e {
        E::Limits(l) => Error::Corrupt(format!("the image needs more memory than allowed ({l})")),
        E::Unsupported(u) => Error::UnsupportedFormat(u.to_string()),
        E::Decoding(d) => Error::Corrupt(d.to_string()),
        E::IoError(io) => Error::Corrupt(io.to_string()),
        other => Error::Corrupt(other.to_string()),
    }
}
