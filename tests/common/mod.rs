//! Test inputs shared by the native and the browser tests: small valid photos and bad files.
#![allow(dead_code)]

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::{ExtendedColorType, ImageEncoder};

/// A colourful RGB test scene: a red, green and blue card with thin ink lines on a grey desk.
pub fn scene_rgb(width: u32, height: u32) -> Vec<u8> {
    let mut data = Vec::with_capacity((width * height * 3) as usize);
    for y in 0..height {
        for x in 0..width {
            let band = (x * 3 / width.max(1)) as usize;
            let on_card = x > width / 8 && x < width * 7 / 8 && y > height / 8 && y < height * 7 / 8;
            let texture = ((x * 7 + y * 13) % 17) as u8;
            // Thin dark ink lines, one pixel wide, so that the card is sharp at any scale.
            let ink = x % 9 == 0 || y % 7 == 0;
            let px = if on_card && ink {
                [30, 30, 30]
            } else if on_card {
                let mut c = [40u8, 40, 40];
                c[band] = 200;
                c.map(|v| v.saturating_add(texture))
            } else {
                [110 + texture, 110 + texture, 110 + texture]
            };
            data.extend_from_slice(&px);
        }
    }
    data
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
