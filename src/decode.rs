//! Turns the caller's input (encoded bytes or an RGBA buffer) into pixels, within size limits.

use crate::container;
use crate::error::Error;
use image::ImageFormat;
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
            Ok(f) => format!("{f:?}").to_ascii_uppercase(),
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
    let image = match format {
        ImageFormat::Jpeg => decode_jpeg(bytes, limits)?,
        ImageFormat::Png => decode_png(bytes, limits)?,
        _ => return decode_other(bytes, format, limits),
    };
    let image = match structure.exif.as_deref().and_then(exif_orientation) {
        Some(o) => orient(image, o),
        None => image,
    };
    let Decoded { data, width, height, channels } = image;
    Ok(Pixels { data: Cow::Owned(data), width, height, channels, format: Some(format) })
}

/// Pixels as a decoder gave them: 8 bits per channel, 3 (RGB) or 4 (RGBA) channels.
struct Decoded {
    data: Vec<u8>,
    width: u32,
    height: u32,
    channels: usize,
}

/// Refuses a size over the pixel limit, or whose buffer of `bytes_per_pixel` would pass the
/// allocation limit, before the buffer is allocated.
fn check_buffer(width: u32, height: u32, bytes_per_pixel: u64, limits: &Limits) -> Result<(), Error> {
    check_size(width, height, limits)?;
    if width as u64 * height as u64 * bytes_per_pixel > limits.max_alloc_bytes {
        return Err(Error::TooLarge { width, height, max_pixels: limits.max_pixels });
    }
    Ok(())
}

/// Decodes a JPEG with `zune-jpeg` (the decoder the `image` crate uses, called directly so that
/// the wasm carries none of `image`'s generic pixel conversions): RGB, or grey widened to RGB;
/// CMYK and YCCK come out as RGB.
fn decode_jpeg(bytes: &[u8], limits: &Limits) -> Result<Decoded, Error> {
    use zune_jpeg::zune_core::{bytestream::ZCursor, colorspace::ColorSpace, options::DecoderOptions};
    let options = DecoderOptions::default().set_strict_mode(false).set_max_width(usize::MAX).set_max_height(usize::MAX);
    let mut decoder = zune_jpeg::JpegDecoder::new_with_options(ZCursor::new(bytes), options);
    decoder.decode_headers().map_err(jpeg_error)?;
    let (w, h) = decoder.dimensions().ok_or_else(|| Error::Corrupt("the JPEG has no frame header".into()))?;
    let (width, height) = (w as u32, h as u32);
    let grey = matches!(decoder.input_colorspace(), Some(ColorSpace::Luma));
    let out = if grey { ColorSpace::Luma } else { ColorSpace::RGB };
    check_buffer(width, height, 3, limits)?;
    decoder.set_options(decoder.options().jpeg_set_out_colorspace(out));
    let mut data = decoder.decode().map_err(jpeg_error)?;
    if grey {
        data = data.iter().flat_map(|&v| [v, v, v]).collect();
    }
    Ok(Decoded { data, width, height, channels: 3 })
}

fn jpeg_error(e: zune_jpeg::errors::DecodeErrors) -> Error {
    use zune_jpeg::errors::DecodeErrors as E;
    match e {
        E::Unsupported(scheme) => Error::UnsupportedFormat(format!("JPEG ({scheme:?})")),
        other => Error::Corrupt(other.to_string()),
    }
}

/// Decodes a PNG with the `png` crate: palettes and low bit depths expanded, 16-bit samples
/// rounded to 8 bits, grey widened to RGB; RGB stays RGB and anything with alpha becomes RGBA.
fn decode_png(bytes: &[u8], limits: &Limits) -> Result<Decoded, Error> {
    use png::{BitDepth, ColorType};
    let max = usize::try_from(limits.max_alloc_bytes).unwrap_or(usize::MAX);
    let mut decoder = png::Decoder::new_with_limits(Cursor::new(bytes), png::Limits { bytes: max });
    decoder.set_transformations(png::Transformations::EXPAND);
    let (width, height) = {
        let info = decoder.read_header_info().map_err(png_error)?;
        (info.width, info.height)
    };
    check_size(width, height, limits)?;
    let mut reader = decoder.read_info().map_err(png_error)?;
    let (color, depth) = reader.output_color_type();
    let sample_bytes = if depth == BitDepth::Sixteen { 2 } else { 1 };
    let in_channels = color.samples();
    check_buffer(width, height, (in_channels * sample_bytes) as u64, limits)?;
    let len = reader.output_buffer_size().ok_or(Error::TooLarge { width, height, max_pixels: limits.max_pixels })?;
    let mut raw = vec![0; len];
    reader.next_frame(&mut raw).map_err(png_error)?;
    let samples: Vec<u8> = if sample_bytes == 2 {
        // Big-endian 16-bit samples to 8 bits, rounded to nearest (v / 257).
        raw.chunks_exact(2).map(|p| ((u16::from_be_bytes([p[0], p[1]]) as u32 + 128) / 257) as u8).collect()
    } else {
        raw
    };
    let (data, channels) = match color {
        ColorType::Rgb => (samples, 3),
        ColorType::Rgba => (samples, 4),
        ColorType::Grayscale => (samples.iter().flat_map(|&v| [v, v, v]).collect(), 3),
        ColorType::GrayscaleAlpha => (samples.chunks_exact(2).flat_map(|p| [p[0], p[0], p[0], p[1]]).collect(), 4),
        ColorType::Indexed => return Err(Error::Corrupt("the PNG palette was not expanded".into())),
    };
    Ok(Decoded { data, width, height, channels })
}

/// What went wrong in a PNG, in our own words: the `png` crate's messages (chunk names,
/// checksums) say nothing a person can act on, and formatting them costs the wasm about 1.5 KB.
fn png_error(e: png::DecodingError) -> Error {
    use png::DecodingError as E;
    Error::Corrupt(match e {
        E::LimitsExceeded => "the image needs more memory than allowed",
        E::IoError(_) => "the PNG data ends before the image does",
        E::Format(_) => "the PNG data is damaged",
        E::Parameter(_) => "the PNG could not be decoded",
    }.into())
}

/// The EXIF orientation (1..=8) of a TIFF block, when it is set and not 1.
fn exif_orientation(tiff: &[u8]) -> Option<u32> {
    let mut reader = exif::Reader::new();
    reader.continue_on_error(true);
    let parsed = match reader.read_raw(tiff.to_vec()) {
        Ok(e) => e,
        Err(exif::Error::PartialResult(p)) => p.into_inner().0,
        Err(_) => return None,
    };
    let o = parsed.get_field(exif::Tag::Orientation, exif::In::PRIMARY)?.value.get_uint(0)?;
    (2..=8).contains(&o).then_some(o)
}

/// Turns and mirrors the pixels as EXIF orientation `o` (2..=8) says, so that they are upright.
fn orient(img: Decoded, o: u32) -> Decoded {
    let (w, h, c) = (img.width as usize, img.height as usize, img.channels);
    let swap = o >= 5;
    let (ow, oh) = if swap { (h, w) } else { (w, h) };
    let mut data = vec![0; img.data.len()];
    for oy in 0..oh {
        for ox in 0..ow {
            let (sx, sy) = match o {
                2 => (w - 1 - ox, oy),
                3 => (w - 1 - ox, h - 1 - oy),
                4 => (ox, h - 1 - oy),
                5 => (oy, ox),
                6 => (oy, h - 1 - ox),
                7 => (w - 1 - oy, h - 1 - ox),
                _ => (w - 1 - oy, ox),
            };
            let (s, d) = ((sy * w + sx) * c, (oy * ow + ox) * c);
            data[d..d + c].copy_from_slice(&img.data[s..s + c]);
        }
    }
    Decoded { data, width: ow as u32, height: oh as u32, channels: c }
}

/// A WebP in the native build, through the `image` crate (which applies its orientation).
#[cfg(not(target_arch = "wasm32"))]
fn decode_other<'a>(bytes: &[u8], format: ImageFormat, limits: &Limits) -> Result<Pixels<'a>, Error> {
    use image::{ImageDecoder, ImageReader};
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

/// Without the WebP decoder (wasm), a whole WebP is left to the browser.
#[cfg(target_arch = "wasm32")]
fn decode_other<'a>(_bytes: &[u8], _format: ImageFormat, _limits: &Limits) -> Result<Pixels<'a>, Error> {
    Err(Error::UnsupportedFormat(WEBP_LEFT_TO_BROWSER.into()))
}

#[cfg(not(target_arch = "wasm32"))]
fn map_image_error(e: image::ImageError, size: Option<(u32, u32)>, limits: &Limits) -> Error {
    use image::ImageError as E;
    match (e, size) {
        (E::Limits(_), Some((width, height))) => Error::TooLarge { width, height, max_pixels: limits.max_pixels },
        (E::Limits(l), None) => Error::Corrupt(format!("the image needs more memory than allowed ({l})")),
        (E::Unsupported(u), _) => Error::UnsupportedFormat(u.to_string()),
        (E::Decoding(d), _) => Error::Corrupt(d.to_string()),
        (E::IoError(io), _) => Error::Corrupt(io.to_string()),
        (other, _) => Error::Corrupt(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbered(w: u32, h: u32) -> Decoded {
        Decoded { data: (0..(w * h) as u8).collect(), width: w, height: h, channels: 1 }
    }

    #[test]
    fn each_orientation_turns_the_pixels_upright() {
        // 3×2 source:  0 1 2
        //              3 4 5
        let cases: [(u32, (u32, u32), &[u8]); 7] = [
            (2, (3, 2), &[2, 1, 0, 5, 4, 3]),
            (3, (3, 2), &[5, 4, 3, 2, 1, 0]),
            (4, (3, 2), &[3, 4, 5, 0, 1, 2]),
            (5, (2, 3), &[0, 3, 1, 4, 2, 5]),
            (6, (2, 3), &[3, 0, 4, 1, 5, 2]),
            (7, (2, 3), &[5, 2, 4, 1, 3, 0]),
            (8, (2, 3), &[2, 5, 1, 4, 0, 3]),
        ];
        for (o, size, want) in cases {
            let out = orient(numbered(3, 2), o);
            assert_eq!(((out.width, out.height), out.data.as_slice()), (size, want), "orientation {o}");
        }
    }
}
