//! Walks the structure of an encoded JPEG, PNG or WebP file: damage, quantisation tables and text.

/// What the walk over the file's segments or chunks found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Structure {
    /// Why the file is damaged, when its structure breaks before its end marker.
    pub damage: Option<&'static str>,
    /// JPEG quantisation tables by table id (0..3), each in natural (row-major) order.
    pub quant_tables: [Option<[u16; 64]>; 4],
    /// Text found in JPEG comments (COM) and PNG text chunks (tEXt, iTXt): (keyword, text).
    /// A JPEG comment has the keyword `Comment`.
    pub texts: Vec<(String, String)>,
    /// XMP packets found in JPEG APP1, PNG iTXt `XML:com.adobe.xmp` or WebP `XMP ` chunks.
    pub xmp: Vec<String>,
    /// The EXIF block (TIFF header and IFDs) from JPEG APP1 `Exif`, PNG `eXIf` or WebP `EXIF`.
    pub exif: Option<Vec<u8>>,
    /// Width and height as the header states them (JPEG frame header, PNG IHDR, WebP VP8X canvas
    /// or VP8/VP8L frame), before decoding.
    pub size: Option<(u32, u32)>,
}

/// The order in which a JPEG stores the 64 coefficients of a table (ITU-T T.81, figure A.6):
/// `ZIGZAG[k]` is the natural (row-major) index of the k-th stored value.
const ZIGZAG: [usize; 64] = [
    0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21,
    28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61,
    54, 47, 55, 62, 63,
];

const XMP_APP1_PREFIX: &[u8] = b"http://ns.adobe.com/xap/1.0/\0";
const EXIF_PREFIX: &[u8] = b"Exif\0\0";

/// Walks the file if it is a JPEG, PNG or WebP; other bytes give an empty structure.
pub fn walk(bytes: &[u8]) -> Structure {
    if bytes.starts_with(&[0xFF, 0xD8]) {
        walk_jpeg(bytes)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        walk_png(bytes)
    } else if bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        walk_webp(bytes)
    } else {
        Structure::default()
    }
}

fn be16(b: &[u8], at: usize) -> Option<usize> {
    Some(u16::from_be_bytes([*b.get(at)?, *b.get(at + 1)?]) as usize)
}

fn be32(b: &[u8], at: usize) -> Option<usize> {
    Some(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?) as usize)
}

fn le32(b: &[u8], at: usize) -> Option<usize> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?) as usize)
}

/// Follows the JPEG's marker segments from SOI to EOI (ITU-T T.81, annex B). Bytes after EOI
/// are allowed: phones append data there (Google Motion Photo video, Samsung trailers).
fn walk_jpeg(b: &[u8]) -> Structure {
    let mut s = Structure::default();
    let mut pos = 2;
    loop {
        // 1. Find the next marker: FF, optional fill bytes FF, then the marker code. Stray bytes
        //    before it are skipped, as libjpeg does ("extraneous bytes before marker").
        match b.get(pos..).and_then(|rest| rest.iter().position(|&c| c == 0xFF)) {
            Some(skip) => pos += skip,
            None => {
                s.damage = Some("the JPEG data ends before the image does");
                return s;
            }
        }
        while b.get(pos) == Some(&0xFF) {
            pos += 1;
        }
        let Some(&marker) = b.get(pos) else {
            s.damage = Some("the JPEG data ends before the image does");
            return s;
        };
        pos += 1;
        // 2. Markers without a length: EOI ends the image; RSTn, TEM, a stray SOI and a stuffed
        //    zero stand alone.
        match marker {
            0xD9 => return s,
            0x00 | 0x01 | 0xD0..=0xD8 => continue,
            _ => {}
        }
        // 3. Every other marker carries a segment whose length counts its own two bytes.
        let Some(len) = be16(b, pos).filter(|&l| l >= 2 && pos + l <= b.len()) else {
            s.damage = Some("a JPEG segment runs past the end of the file");
            return s;
        };
        let body = &b[pos + 2..pos + len];
        read_jpeg_segment(marker, body, &mut s);
        pos += len;
        // 4. After a scan header comes entropy-coded data, up to the next real marker.
        if marker == 0xDA {
            match skip_entropy_data(b, pos) {
                Some(next) => pos = next,
                None => {
                    s.damage = Some("the JPEG data ends before the image does");
                    return s;
                }
            }
        }
    }
}

/// The position of the first marker after entropy-coded data (FF 00 is a stuffed byte and
/// FF D0..D7 a restart marker, both part of the data); `None` when the file ends first.
fn skip_entropy_data(b: &[u8], mut pos: usize) -> Option<usize> {
    while pos + 1 < b.len() {
        if b[pos] == 0xFF && !matches!(b[pos + 1], 0x00 | 0xD0..=0xD7 | 0xFF) {
            return Some(pos);
        }
        pos += 1;
    }
    None
}

fn read_jpeg_segment(marker: u8, body: &[u8], s: &mut Structure) {
    match marker {
        // A frame header (SOF0..SOF15; C4, C8 and CC are DHT, JPG and DAC): precision, then
        // height and width (T.81, B.2.2). The first one found is the image's.
        0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC) && s.size.is_none() => {
            if let (Some(h), Some(w)) = (be16(body, 1), be16(body, 3)) {
                s.size = Some((w as u32, h as u32));
            }
        }
        0xDB => read_dqt(body, s),
        0xFE => s.texts.push(("Comment".into(), latin_or_utf8(body))),
        0xE1 if body.starts_with(EXIF_PREFIX) && s.exif.is_none() => s.exif = Some(body[EXIF_PREFIX.len()..].to_vec()),
        0xE1 if body.starts_with(XMP_APP1_PREFIX) => {
            s.xmp.push(String::from_utf8_lossy(&body[XMP_APP1_PREFIX.len()..]).into_owned())
        }
        _ => {}
    }
}

/// Reads every table of a DQT segment (T.81, B.2.4.1): a byte of precision (high nibble: 0 for
/// 8-bit, 1 for 16-bit values) and table id (low nibble), then 64 values in zigzag order.
fn read_dqt(mut body: &[u8], s: &mut Structure) {
    while let Some(&pq_tq) = body.first() {
        let (wide, id) = (pq_tq >> 4 == 1, (pq_tq & 0x0F) as usize);
        let size = if wide { 128 } else { 64 };
        let Some(values) = body.get(1..1 + size) else {
            s.damage = Some("a JPEG quantisation table is cut short");
            return;
        };
        let mut table = [0u16; 64];
        for (k, &natural) in ZIGZAG.iter().enumerate() {
            table[natural] = if wide { u16::from_be_bytes([values[2 * k], values[2 * k + 1]]) } else { values[k] as u16 };
        }
        if let Some(slot) = s.quant_tables.get_mut(id) {
            *slot = Some(table);
        }
        body = &body[1 + size..];
    }
}

/// Follows the PNG's chunks up to IEND (PNG spec, section 5.3). CRCs are left to the decoder,
/// which checks them on the chunks it reads.
fn walk_png(b: &[u8]) -> Structure {
    let mut s = Structure::default();
    let mut pos = 8;
    loop {
        let (Some(len), Some(kind)) = (be32(b, pos), b.get(pos + 4..pos + 8)) else {
            s.damage = Some("the PNG data ends before the image does");
            return s;
        };
        let Some(data) = b.get(pos + 8..pos + 8 + len) else {
            s.damage = Some("a PNG chunk runs past the end of the file");
            return s;
        };
        match kind {
            b"IEND" => return s,
            b"IHDR" if pos == 8 => s.size = be32(data, 0).zip(be32(data, 4)).map(|(w, h)| (w as u32, h as u32)),
            b"tEXt" => read_png_text(data, false, &mut s),
            b"iTXt" => read_png_text(data, true, &mut s),
            b"eXIf" => s.exif = Some(data.to_vec()),
            _ => {}
        }
        pos += 12 + len;
    }
}

/// A tEXt chunk is `keyword NUL text` (Latin-1); an iTXt chunk is `keyword NUL flag method
/// language NUL translated-keyword NUL text` (UTF-8). Compressed iTXt text is skipped.
fn read_png_text(data: &[u8], international: bool, s: &mut Structure) {
    let Some(nul) = data.iter().position(|&c| c == 0) else { return };
    let keyword = latin_or_utf8(&data[..nul]);
    let rest = &data[nul + 1..];
    let text = if international {
        let (Some(&0), Some(tail)) = (rest.first(), rest.get(2..)) else { return };
        let mut parts = tail.splitn(3, |&c| c == 0);
        let (_, _, Some(text)) = (parts.next(), parts.next(), parts.next()) else { return };
        String::from_utf8_lossy(text).into_owned()
    } else {
        latin_or_utf8(rest)
    };
    if keyword == "XML:com.adobe.xmp" {
        s.xmp.push(text);
    } else {
        s.texts.push((keyword, text));
    }
}

/// Checks the RIFF length against the file and collects the XMP chunk (WebP container spec).
fn walk_webp(b: &[u8]) -> Structure {
    let mut s = Structure::default();
    let riff_end = le32(b, 4).map(|n| n + 8).unwrap_or(usize::MAX);
    if riff_end > b.len() {
        s.damage = Some("the WebP data ends before the image does");
        return s;
    }
    let mut pos = 12;
    while pos + 8 <= riff_end {
        let (kind, Some(len)) = (&b[pos..pos + 4], le32(b, pos + 4)) else { break };
        let Some(data) = b.get(pos + 8..pos + 8 + len).filter(|_| pos + 8 + len <= riff_end) else {
            s.damage = Some("a WebP chunk runs past the end of the file");
            return s;
        };
        if s.size.is_none() {
            s.size = webp_size(kind, data);
        }
        match kind {
            b"XMP " => s.xmp.push(String::from_utf8_lossy(data).into_owned()),
            b"EXIF" => s.exif = Some(data.strip_prefix(EXIF_PREFIX).unwrap_or(data).to_vec()),
            _ => {}
        }
        pos += 8 + len + (len & 1);
    }
    s
}

/// The size a WebP chunk states: the canvas of VP8X (24-bit width and height less one), the
/// frame of a lossy VP8 (after its start code 9D 01 2A, 14 bits each) or of a lossless VP8L
/// (after its signature 2F, 14 bits each, less one). RFC 9649, sections 2.5 to 2.7.
fn webp_size(kind: &[u8], data: &[u8]) -> Option<(u32, u32)> {
    let le24 = |at: usize| data.get(at..at + 3).map(|b| u32::from_le_bytes([b[0], b[1], b[2], 0]));
    match kind {
        b"VP8X" => Some((le24(4)? + 1, le24(7)? + 1)),
        b"VP8 " if data.get(3..6) == Some(&[0x9D, 0x01, 0x2A]) => {
            let bits = le32(data, 6)? as u32;
            Some((bits & 0x3FFF, (bits >> 16) & 0x3FFF))
        }
        b"VP8L" if data.first() == Some(&0x2F) => {
            let bits = le32(data, 1)? as u32;
            Some(((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1))
        }
        _ => None,
    }
}

/// Text that is UTF-8 when it decodes as such, else Latin-1 (as PNG tEXt and most COM are).
fn latin_or_utf8(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(t) => t.trim_end_matches('\0').to_string(),
        Err(_) => bytes.iter().map(|&c| c as char).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::{encode_jpeg, encode_png};

    #[test]
    fn a_whole_jpeg_is_undamaged_and_its_tables_are_read() {
        let jpeg = encode_jpeg(64, 48, 75);
        let s = walk(&jpeg);
        assert_eq!(s.damage, None);
        let luma = s.quant_tables[0].expect("luma table");
        assert_eq!(s.exif, None);
        // IJG quality 75 scales the standard luma table by 50%: the DC step 16 becomes 8.
        assert_eq!(luma[0], 8);
        assert!(s.quant_tables[1].is_some());
    }

    #[test]
    fn a_cut_jpeg_is_damaged_even_with_an_end_marker_earlier_in_the_file() {
        let jpeg = encode_jpeg(64, 48, 90);
        let mut cut = jpeg[..jpeg.len() * 2 / 3].to_vec();
        assert_eq!(walk(&cut).damage, Some("the JPEG data ends before the image does"));
        // An EOI inside an APP segment (an EXIF thumbnail) does not count as the image's end.
        let mut app = vec![0xFF, 0xE1, 0x00, 0x06, 0xFF, 0xD9, 0xFF, 0xD9];
        cut.splice(2..2, app.drain(..));
        assert!(walk(&cut).damage.is_some());
    }

    #[test]
    fn stray_bytes_between_segments_are_not_damage() {
        let jpeg = encode_jpeg(32, 32, 90);
        let mut padded = jpeg[..2].to_vec();
        padded.extend_from_slice(&[0, 0, 0]);
        padded.extend_from_slice(&jpeg[2..]);
        assert_eq!(walk(&padded).damage, None);
    }

    #[test]
    fn the_header_size_is_read_from_the_jpeg_frame_and_the_png_ihdr() {
        assert_eq!(walk(&encode_jpeg(64, 48, 75)).size, Some((64, 48)));
        assert_eq!(walk(&encode_png(40, 30)).size, Some((40, 30)));
        // A cut file still tells its size when the header came before the cut.
        let png = encode_png(40, 30);
        assert_eq!(walk(&png[..40]).size, Some((40, 30)));
        assert_eq!(walk(b"\x89PNG\r\n\x1a\n").size, None);
    }

    #[test]
    fn fill_bytes_and_a_stuffed_zero_between_segments_are_skipped() {
        let jpeg = encode_jpeg(32, 32, 90);
        let mut padded = jpeg[..2].to_vec();
        padded.extend_from_slice(&[0xFF, 0xFF, 0xFF, 0x00]);
        padded.extend_from_slice(&jpeg[2..]);
        let s = walk(&padded);
        assert_eq!((s.damage, s.size), (None, Some((32, 32))));
    }

    #[test]
    #[cfg(not(target_arch = "wasm32"))]
    fn an_encoded_webp_is_whole_and_tells_its_size() {
        let encoded = crate::testutil::encode_webp(40, 30);
        assert_eq!((walk(&encoded).size, walk(&encoded).damage), (Some((40, 30)), None));
    }

    #[test]
    fn data_after_the_jpeg_end_is_allowed() {
        let mut jpeg = encode_jpeg(32, 32, 90);
        jpeg.extend_from_slice(b"....a motion photo's video would follow here....");
        assert_eq!(walk(&jpeg).damage, None);
    }

    #[test]
    fn png_truncation_is_found() {
        let png = encode_png(40, 30);
        assert_eq!(walk(&png).damage, None);
        assert!(walk(&png[..png.len() - 6]).damage.is_some());
        assert!(walk(&png[..png.len() / 2]).damage.is_some());
    }

    #[test]
    fn png_text_and_xmp_are_collected() {
        let mut s = Structure::default();
        read_png_text(b"Software\0GIMP 2.10", false, &mut s);
        read_png_text(b"XML:com.adobe.xmp\0\0\0\0\0<x:xmpmeta/>", true, &mut s);
        assert_eq!(s.texts, vec![("Software".to_string(), "GIMP 2.10".to_string())]);
        assert_eq!(s.xmp, vec!["<x:xmpmeta/>".to_string()]);
    }
}
