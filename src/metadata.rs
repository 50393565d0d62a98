//! Reads what the encoded file says about itself: its format and size, EXIF, XMP and text tags.

use crate::container::{self, Structure};
use exif::{In, Tag, Value};
use image::ImageFormat;

/// Everything the metadata checks (`file`, `edited`, `screenshot`, `compression`) look at.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Metadata {
    /// The container format, from the file's first bytes.
    pub format: Option<ImageFormat>,
    /// The file's size in bytes.
    pub byte_len: usize,
    /// Segments and chunks: damage, JPEG quantisation tables, text and XMP.
    pub structure: Structure,
    /// The EXIF fields the checks use.
    pub exif: ExifFields,
}

/// The EXIF fields the checks use, read with the `kamadak-exif` crate.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExifFields {
    /// Make (0x010F) and Model (0x0110): the camera or phone that took the picture.
    pub make: Option<String>,
    pub model: Option<String>,
    /// Software (0x0131) and ProcessingSoftware (0x000B): the programs that wrote the file.
    pub software: Vec<String>,
    /// UserComment (0x9286).
    pub user_comment: Option<String>,
    /// Whether any capture setting is present: ExposureTime, FNumber, ISO or DateTimeOriginal.
    pub capture_settings: bool,
}

/// ProcessingSoftware, a TIFF/EP tag that `kamadak-exif` does not name.
const PROCESSING_SOFTWARE: Tag = Tag(exif::Context::Tiff, 0x000B);

impl Metadata {
    /// Reads the file's metadata. Missing or malformed metadata gives empty fields, never an error.
    pub fn read(bytes: &[u8]) -> Metadata {
        let structure = container::walk(bytes);
        let exif = structure.exif.clone().map(read_exif).unwrap_or_default();
        Metadata { format: image::guess_format(bytes).ok(), byte_len: bytes.len(), structure, exif }
    }

    /// Whether EXIF names a camera (Make or Model) and records how the picture was taken.
    pub fn has_camera_data(&self) -> bool {
        (self.exif.make.is_some() || self.exif.model.is_some()) && self.exif.capture_settings
    }

    /// Every place where a program that wrote the file may have put its name: EXIF Software and
    /// ProcessingSoftware, XMP CreatorTool and history `softwareAgent`, PNG `Software`, comments.
    pub fn program_names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self.exif.software.iter().map(String::as_str).collect();
        for (key, text) in &self.structure.texts {
            if matches!(key.as_str(), "Software" | "Comment" | "Source") {
                names.push(text);
            }
        }
        for xmp in &self.structure.xmp {
            names.extend(xmp_values(xmp, "CreatorTool"));
            names.extend(xmp_values(xmp, "softwareAgent"));
        }
        names
    }

    /// Every user comment or description: EXIF UserComment, XMP UserComment and description,
    /// PNG `Description`, `Comment` and `Title`.
    pub fn comments(&self) -> Vec<&str> {
        let mut out: Vec<&str> = self.exif.user_comment.iter().map(String::as_str).collect();
        for (key, text) in &self.structure.texts {
            if matches!(key.as_str(), "Description" | "Comment" | "Title") {
                out.push(text);
            }
        }
        for xmp in &self.structure.xmp {
            out.extend(xmp_values(xmp, "UserComment"));
            out.extend(xmp_values(xmp, "description"));
        }
        out
    }
}

/// Reads the fields from an EXIF block (the container walk has already found it, so
/// `kamadak-exif` only parses the TIFF structure).
fn read_exif(tiff: Vec<u8>) -> ExifFields {
    let mut reader = exif::Reader::new();
    reader.continue_on_error(true);
    let parsed = match reader.read_raw(tiff) {
        Ok(e) => e,
        Err(exif::Error::PartialResult(p)) => p.into_inner().0,
        Err(_) => return ExifFields::default(),
    };
    let text = |tag: Tag| parsed.get_field(tag, In::PRIMARY).and_then(|f| ascii(&f.value));
    let present = |tag: Tag| parsed.get_field(tag, In::PRIMARY).is_some();
    ExifFields {
        make: text(Tag::Make),
        model: text(Tag::Model),
        software: [Tag::Software, PROCESSING_SOFTWARE].into_iter().filter_map(text).collect(),
        user_comment: parsed
            .get_field(Tag::UserComment, In::PRIMARY)
            .and_then(|f| user_comment(&f.value, parsed.little_endian())),
        capture_settings: [Tag::ExposureTime, Tag::FNumber, Tag::PhotographicSensitivity, Tag::DateTimeOriginal]
            .into_iter()
            .any(present),
    }
}

/// The first string of an ASCII value, trimmed; `None` when it is empty.
fn ascii(value: &Value) -> Option<String> {
    let Value::Ascii(parts) = value else { return None };
    let s = String::from_utf8_lossy(parts.first()?).trim_matches(|c: char| c == '\0' || c.is_ascii_whitespace()).to_string();
    (!s.is_empty()).then_some(s)
}

/// UserComment is 8 bytes naming the character code (`ASCII`, `UNICODE`, ...) then the text
/// (EXIF 2.32, section 4.6.5, table 9). UNICODE text is UTF-16 in the file's byte order.
fn user_comment(value: &Value, little_endian: bool) -> Option<String> {
    let Value::Undefined(bytes, _) = value else { return ascii(value) };
    let (code, body) = (bytes.get(..8)?, bytes.get(8..)?);
    let text = if code.starts_with(b"UNICODE") {
        let units = body.chunks_exact(2).map(|p| if little_endian { u16::from_le_bytes([p[0], p[1]]) } else { u16::from_be_bytes([p[0], p[1]]) });
        String::from_utf16_lossy(&units.collect::<Vec<_>>())
    } else {
        String::from_utf8_lossy(body).into_owned()
    };
    let t = text.trim_matches(|c: char| c == '\0' || c.is_ascii_whitespace()).to_string();
    (!t.is_empty()).then_some(t)
}

/// The values of every XMP property with this local name, in attribute form
/// (`xmp:CreatorTool="GIMP"`) or element form (`<exif:UserComment>...</exif:UserComment>`,
/// where nested `rdf:Alt`/`rdf:li` tags are dropped).
pub fn xmp_values<'a>(xmp: &'a str, name: &str) -> Vec<&'a str> {
    let mut out = Vec::new();
    let needle = format!(":{name}");
    let mut from = 0;
    while let Some(found) = xmp[from..].find(&needle) {
        let start = from + found + needle.len();
        from = start;
        let rest = &xmp[start..];
        if let Some(attr) = rest.strip_prefix("=\"") {
            if let Some(end) = attr.find('"') {
                out.push(attr[..end].trim_ascii());
            }
        } else if let Some(body) = rest.strip_prefix('>') {
            if let Some(end) = body.find(&format!("{needle}>")).and_then(|e| body[..e].rfind("</")) {
                out.extend(inner_text(&body[..end]));
            }
        }
    }
    out
}

/// The text pieces between tags, trimmed, skipping empty ones.
fn inner_text(s: &str) -> impl Iterator<Item = &str> {
    s.split('<').filter_map(|piece| piece.split_once('>').map_or(Some(piece), |(_, t)| Some(t))).map(|t| t.trim_ascii()).filter(|t| !t.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::{encode_jpeg, exif_app1, with_app1, ExifSpec};

    #[test]
    fn exif_fields_are_read_from_a_jpeg() {
        let spec = ExifSpec { make: Some("Apple"), model: Some("iPhone 13"), software: Some("16.5"), exposure: Some(120), ..Default::default() };
        let jpeg = with_app1(&encode_jpeg(32, 32, 90), &exif_app1(&spec));
        let m = Metadata::read(&jpeg);
        assert_eq!(m.format, Some(ImageFormat::Jpeg));
        assert_eq!(m.exif.make.as_deref(), Some("Apple"));
        assert_eq!(m.exif.model.as_deref(), Some("iPhone 13"));
        assert_eq!(m.exif.software, vec!["16.5".to_string()]);
        assert!(m.has_camera_data());
        assert!(!Metadata::read(&encode_jpeg(32, 32, 90)).has_camera_data());
    }

    #[test]
    fn user_comment_codes_are_decoded() {
        let ascii = Value::Undefined(b"ASCII\0\0\0Screenshot".to_vec(), 0);
        assert_eq!(user_comment(&ascii, false).as_deref(), Some("Screenshot"));
        let mut utf16 = b"UNICODE\0".to_vec();
        utf16.extend("Hi".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(user_comment(&Value::Undefined(utf16, 0), true).as_deref(), Some("Hi"));
    }

    #[test]
    fn xmp_values_in_attribute_and_element_form() {
        let xmp = r#"<rdf:Description xmp:CreatorTool="Adobe Photoshop 24.0 (Windows)">
            <exif:UserComment><rdf:Alt><rdf:li xml:lang="x-default">Screenshot</rdf:li></rdf:Alt></exif:UserComment>
            <stEvt:softwareAgent>GIMP 2.10</stEvt:softwareAgent></rdf:Description>"#;
        assert_eq!(xmp_values(xmp, "CreatorTool"), vec!["Adobe Photoshop 24.0 (Windows)"]);
        assert_eq!(xmp_values(xmp, "UserComment"), vec!["Screenshot"]);
        assert_eq!(xmp_values(xmp, "softwareAgent"), vec!["GIMP 2.10"]);
        assert!(xmp_values(xmp, "Missing").is_empty());
        // Broken XMP gives nothing rather than an error.
        assert!(xmp_values("<a:UserComment>never closed", "UserComment").is_empty());
    }

    #[test]
    fn garbage_gives_empty_metadata() {
        let m = Metadata::read(&[0xFF, 0xD8, 0xFF, 0xE1, 0xFF, 0xFF, 1, 2, 3]);
        assert_eq!(m.exif, ExifFields::default());
        assert!(m.structure.damage.is_some());
        assert_eq!(Metadata::read(&[]).byte_len, 0);
    }
}
