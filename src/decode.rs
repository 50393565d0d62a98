//! Turns the caller's input (encoded bytes or an RGBA buffer) into pixels, within size limits.

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
    if format == ImageFormat::Jpeg && !jpeg_is_complete(bytes) {
        return Err(Error::Corrupt("the JPEG data ends before the image does".into()));
    }
    // The header's own size is checked first: on wasm32 some decoders fail on a huge size with a
    // bare limits error, before they can say how large the image is.
    if let Some((width, height)) = header_size(bytes, format) {
        check_size(width, height, limits)?;
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

/// The width and height written in a PNG's IHDR or a JPEG's frame header, when found.
fn header_size(bytes: &[u8], format: ImageFormat) -> Option<(u32, u32)> {
    let be16 = |at: usize| bytes.get(at..at + 2).map(|b| u16::from_be_bytes([b[0], b[1]]) as u32);
    let be32 = |at: usize| bytes.get(at..at + 4).map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]));
    match format {
        // Signature (8 bytes), IHDR length and type (8 bytes), then width and height.
        ImageFormat::Png if bytes.get(12..16) == Some(b"IHDR") => Some((be32(16)?, be32(20)?)),
        ImageFormat::Jpeg => {
            // Walk the segments up to the frame header (SOF0..SOF15, except DHT, JPG and DAC).
            let mut pos = 2;
            while bytes.get(pos) == Some(&0xFF) {
                let marker = *bytes.get(pos + 1)?;
                if (0xC0..=0xCF).contains(&marker) && !matches!(marker, 0xC4 | 0xC8 | 0xCC) {
                    return Some((be16(pos + 7)?, be16(pos + 5)?));
                }
                if marker == 0xDA {
                    return None;
                }
                pos += 2 + be16(pos + 2)? as usize;
            }
            None
        }
        _ => None,
    }
}

/// Whether the JPEG's own marker structure reaches its EOI marker (FF D9).
///
/// The decoder fills a truncated scan with grey and reports success, so a cut upload is caught
/// here instead. The walk skips each segment by its length (an EXIF thumbnail's EOI inside APP1
/// does not count) and stops at the first EOI (data appended after it, as in motion photos, is
/// allowed).
fn jpeg_is_complete(bytes: &[u8]) -> bool {
    let mut pos = 2; // after SOI
    loop {
        // 1. Find the next marker: 0xFF, any fill 0xFF bytes, then the marker code.
        let Some(ff) = bytes.get(pos..).and_then(|rest| rest.iter().position(|&b| b == 0xFF)) else {
            return false;
        };
        pos += ff;
        while bytes.get(pos) == Some(&0xFF) {
            pos += 1;
        }
        let Some(&marker) = bytes.get(pos) else { return false };
        pos += 1;
        match marker {
            0xD9 => return true,
            // 2. Markers without a length: TEM, restart markers, a stray SOI or stuffed zero.
            0x00 | 0x01 | 0xD0..=0xD8 => continue,
            _ => {}
        }
        // 3. Every other marker starts a segment whose length counts its own two bytes.
        let Some(len) = bytes.get(pos..pos + 2).map(|l| u16::from_be_bytes([l[0], l[1]]) as usize) else {
            return false;
        };
        if len < 2 {
            return false;
        }
        pos += len;
        // 4. After a scan header comes entropy-coded data, up to the next real marker.
        if marker == 0xDA {
            pos = end_of_entropy_data(bytes, pos);
        }
    }
}

/// The position of the first marker after entropy-coded data starting at `pos` (or the length of
/// the data when none follows). Inside the data, FF 00 is a stuffed byte and FF D0..D7 a restart.
fn end_of_entropy_data(bytes: &[u8], mut pos: usize) -> usize {
    while let Some(ff) = bytes.get(pos..).and_then(|rest| rest.iter().position(|&b| b == 0xFF)) {
        pos += ff;
        match bytes.get(pos + 1) {
            Some(0x00 | 0xD0..=0xD7) => pos += 2,
            Some(0xFF) => pos += 1,
            _ => return pos,
        }
    }
    bytes.len()
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
