//! Test inputs shared by the native and the browser tests: small valid photos and bad files.
#![allow(dead_code)]

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::{ExtendedColorType, ImageEncoder};

/// A colour ID card (aspect 1.586) on a darker desk, filling most of the frame: a blue header
/// band, a photo box, lines of dark "text" and a little sensor noise. Sharp, glare-free, whole.
pub fn scene_rgb(width: u32, height: u32) -> Vec<u8> {
    let noise = random_bytes((width * height) as usize, 11);
    let card_w = width as f32 * 0.8;
    let card_h = (card_w / 1.586).min(height as f32 * 0.8);
    let (x0, y0) = ((width as f32 - card_w) / 2.0, (height as f32 - card_h) / 2.0);
    let mut data = Vec::with_capacity((width * height * 3) as usize);
    for y in 0..height {
        for x in 0..width {
            // Card coordinates from 0 to 1 across and down, or `None` on the desk.
            let (u, v) = ((x as f32 - x0) / card_w, (y as f32 - y0) / card_h);
            let on_card = (0.0..1.0).contains(&u) && (0.0..1.0).contains(&v);
            let px: [u8; 3] = if !on_card {
                [58, 52, 48]
            } else if v < 0.18 {
                [40, 80, 170]
            } else if (0.05..0.32).contains(&u) && (0.28..0.85).contains(&v) {
                [190, 140, 120]
            } else if u > 0.38 && text_stroke(u, v) {
                [30, 30, 40]
            } else {
                [232, 226, 212]
            };
            let n = noise[(y * width + x) as usize] as i16 / 32 - 4;
            data.extend(px.map(|c| (c as i16 + n).clamp(0, 255) as u8));
        }
    }
    data
}

/// Whether a card point (u across, v down, both 0..1) falls on a stroke of the fake text: lines
/// of glyphs 3 % of the card's width high, each glyph a random set of bars, as in a sans font.
fn text_stroke(u: f32, v: f32) -> bool {
    let size = 0.03 * 1.586; // glyph height in units of the card's height
    let (gw, advance, leading) = (0.6 * 0.03, 0.8 * 0.03, 1.8 * size);
    let line = ((v - 0.3) / leading).floor();
    let gy = (v - 0.3 - line * leading) / size; // 0..1 within the glyph's height
    if !(0.0..4.0).contains(&line) || gy >= 1.0 {
        return false;
    }
    let glyph = ((u - 0.38) / advance).floor();
    let gx = (u - 0.38 - glyph * advance) / gw; // 0..1 within the glyph's width
    if gx >= 1.0 {
        return false;
    }
    let pick = random_bytes(1, (line as u64) << 16 | glyph as u64)[0];
    if pick < 40 {
        return false; // a space between words
    }
    let t = 1.0 / 7.0 / 0.6; // stroke width relative to the glyph's width
    let bars = [gx < t, gx > 1.0 - t, (gx - 0.5).abs() < t / 2.0, gy < 1.0 / 7.0, (gy - 0.5).abs() < 1.0 / 14.0, gy > 6.0 / 7.0];
    bars.iter().enumerate().any(|(i, &on)| on && (pick >> i) & 1 == 1 || on && i == (pick as usize >> 6) % 6)
}

/// The same scene with every pixel grey (its luma).
pub fn scene_grey_rgb(width: u32, height: u32) -> Vec<u8> {
    scene_rgb(width, height)
        .chunks_exact(3)
        .flat_map(|p| {
            let l = (0.299 * p[0] as f32 + 0.587 * p[1] as f32 + 0.114 * p[2] as f32) as u8;
            [l, l, l]
        })
        .collect()
}

/// RGB bytes widened to RGBA with full opacity.
pub fn rgba(rgb: &[u8]) -> Vec<u8> {
    rgb.chunks_exact(3).flat_map(|p| [p[0], p[1], p[2], 255]).collect()
}

pub fn jpeg(rgb: &[u8], width: u32, height: u32) -> Vec<u8> {
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, 90)
        .write_image(rgb, width, height, ExtendedColorType::Rgb8)
        .expect("encoding a JPEG in memory");
    out
}

pub fn png(rgb: &[u8], width: u32, height: u32) -> Vec<u8> {
    let mut out = Vec::new();
    PngEncoder::new(&mut out).write_image(rgb, width, height, ExtendedColorType::Rgb8).expect("encoding a PNG in memory");
    out
}

/// A 320×200 colour JPEG.
pub fn colour_jpeg() -> Vec<u8> {
    jpeg(&scene_rgb(320, 200), 320, 200)
}

/// An 800×500 colour PNG: large enough for the resolution check (the card is 640 px across).
pub fn colour_photo_png() -> Vec<u8> {
    png(&scene_rgb(800, 500), 800, 500)
}

/// An 800×500 colour JPEG, as [`colour_photo_png`].
pub fn colour_photo_jpeg() -> Vec<u8> {
    jpeg(&scene_rgb(800, 500), 800, 500)
}

/// A 320×200 colour PNG.
pub fn colour_png() -> Vec<u8> {
    png(&scene_rgb(320, 200), 320, 200)
}

/// A 320×200 grey PNG.
pub fn grey_png() -> Vec<u8> {
    png(&scene_grey_rgb(320, 200), 320, 200)
}

/// A JPEG cut in the middle of its entropy-coded scan (no EOI marker).
pub fn truncated_jpeg() -> Vec<u8> {
    let mut j = colour_jpeg();
    j.truncate(j.len() / 2);
    j
}

/// A colour JPEG carrying a small JPEG thumbnail in an APP1 (EXIF) segment, as phones write.
pub fn jpeg_with_thumbnail() -> Vec<u8> {
    let main = colour_jpeg();
    let thumb = jpeg(&scene_rgb(16, 10), 16, 10);
    let mut payload = b"Exif\0\0".to_vec();
    payload.extend_from_slice(&thumb);
    let mut out = main[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(&payload);
    out.extend_from_slice(&main[2..]);
    out
}

/// A JPEG with a thumbnail, cut in the middle of its scan: the only EOI left is the thumbnail's.
pub fn truncated_jpeg_after_thumbnail() -> Vec<u8> {
    let mut j = jpeg_with_thumbnail();
    j.truncate(j.len() * 3 / 4);
    j
}

/// A valid JPEG followed by other data, as motion photos append a video after the EOI.
pub fn jpeg_with_trailer() -> Vec<u8> {
    let mut j = colour_jpeg();
    j.extend_from_slice(&random_bytes(100_000, 3));
    j
}

/// A PNG cut in the middle of its IDAT chunk.
pub fn truncated_png() -> Vec<u8> {
    let mut p = colour_png();
    let idat = find(&p, b"IDAT").expect("the PNG has an IDAT chunk");
    let len = u32::from_be_bytes([p[idat - 4], p[idat - 3], p[idat - 2], p[idat - 1]]) as usize;
    p.truncate(idat + 4 + len / 2);
    p
}

/// A PNG signature followed by garbage.
pub fn corrupt_png() -> Vec<u8> {
    let mut p = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
    p.extend_from_slice(&random_bytes(200, 7));
    p
}

/// A small, valid PNG whose IHDR (with a correct CRC) claims 100000×100000 pixels.
pub fn huge_png() -> Vec<u8> {
    let mut p = png(&scene_rgb(8, 8), 8, 8);
    let ihdr = find(&p, b"IHDR").expect("the PNG has an IHDR chunk");
    p[ihdr + 4..ihdr + 8].copy_from_slice(&100_000u32.to_be_bytes());
    p[ihdr + 8..ihdr + 12].copy_from_slice(&100_000u32.to_be_bytes());
    let crc = crc32(&p[ihdr..ihdr + 4 + 13]);
    p[ihdr + 17..ihdr + 21].copy_from_slice(&crc.to_be_bytes());
    p
}

/// A RIFF WebP file made of the given chunks (RFC 9649), each padded to an even length.
pub fn webp_file(chunks: &[(&[u8; 4], Vec<u8>)]) -> Vec<u8> {
    let mut body = b"WEBP".to_vec();
    for (kind, data) in chunks {
        body.extend_from_slice(*kind);
        body.extend_from_slice(&(data.len() as u32).to_le_bytes());
        body.extend_from_slice(data);
        if data.len() % 2 == 1 {
            body.push(0);
        }
    }
    let mut file = b"RIFF".to_vec();
    file.extend_from_slice(&(body.len() as u32).to_le_bytes());
    file.extend_from_slice(&body);
    file
}

/// A whole WebP container whose lossless (VP8L) header says `width`×`height` and whose
/// bitstream after it is noise: the container is sound, the image data cannot be decoded.
pub fn webp_with_bad_bitstream(width: u32, height: u32) -> Vec<u8> {
    let mut data = vec![0x2F];
    data.extend_from_slice(&((width - 1) | (height - 1) << 14).to_le_bytes());
    data.extend_from_slice(&random_bytes(200, 5));
    webp_file(&[(b"VP8L", data)])
}

/// A WebP whose container says it is longer than the file: a cut download.
pub fn truncated_webp() -> Vec<u8> {
    let mut w = webp_with_bad_bitstream(320, 200);
    w.truncate(w.len() - 50);
    w
}

/// A WebP whose extended header (VP8X) claims a 20000×20000 canvas (400 megapixels).
pub fn huge_webp() -> Vec<u8> {
    let mut canvas = vec![0u8; 4];
    canvas.extend_from_slice(&19_999u32.to_le_bytes()[..3]);
    canvas.extend_from_slice(&19_999u32.to_le_bytes()[..3]);
    let mut frame = vec![0x2F];
    frame.extend_from_slice(&(19_999u32 | 19_999 << 14).to_le_bytes());
    webp_file(&[(b"VP8X", canvas), (b"VP8L", frame)])
}

/// A small, valid JPEG whose frame header claims 65535×65535 pixels (4.3 gigapixels).
pub fn huge_jpeg() -> Vec<u8> {
    let mut j = colour_jpeg();
    let sof = j.windows(2).position(|w| w == [0xFF, 0xC0]).expect("a baseline JPEG has SOF0");
    j[sof + 5..sof + 9].copy_from_slice(&[0xFF, 0xFF, 0xFF, 0xFF]);
    j
}

/// Bytes from a fixed xorshift sequence: not any image format.
pub fn random_bytes(n: usize, seed: u64) -> Vec<u8> {
    let mut s = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..n)
        .map(|_| {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            (s >> 32) as u8
        })
        .collect()
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// CRC-32 (ISO 3309, as PNG uses it), bit by bit.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= b as u32;
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}
