//! `edited`: warns or fails when the file's metadata names an image editor that saved it.

use crate::finding::{Finding, Verdict};
use crate::metadata::Metadata;
use serde::Deserialize;

/// Rules of the edited check.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct EditedOptions {
    /// Say `warn` instead of `fail` even when the camera data is gone. Default: `false`.
    pub warn_only: bool,
}

/// Editors as they name themselves in Software, CreatorTool or history tags (lower case, matched
/// as whole words), with the name the message shows. Longer names come first, so that
/// "Photoshop Lightroom" is Lightroom and "Photoshop Express" is not plain Photoshop.
const EDITORS: &[(&str, &str)] = &[
    ("photoshop lightroom", "Adobe Lightroom"),
    ("lightroom", "Adobe Lightroom"),
    ("photoshop express", "Adobe Photoshop Express"),
    ("photoshop", "Adobe Photoshop"),
    ("imageready", "Adobe ImageReady"),
    ("gimp", "GIMP"),
    ("snapseed", "Snapseed"),
    ("meitu", "Meitu"),
    ("picsart", "PicsArt"),
    ("affinity photo", "Affinity Photo"),
    ("pixelmator", "Pixelmator"),
    ("canva", "Canva"),
    ("photoscape", "PhotoScape"),
    ("paint.net", "Paint.NET"),
    ("photopea", "Photopea"),
    ("pixlr", "Pixlr"),
    ("fotor", "Fotor"),
    ("polarr", "Polarr"),
    ("facetune", "Facetune"),
    ("beautyplus", "BeautyPlus"),
    ("airbrush", "AirBrush"),
    ("photodirector", "PhotoDirector"),
    ("paintshop pro", "PaintShop Pro"),
    ("acdsee", "ACDSee"),
    ("krita", "Krita"),
    ("luminar", "Luminar"),
    ("capture one", "Capture One"),
    ("darktable", "darktable"),
    ("rawtherapee", "RawTherapee"),
    ("picasa", "Picasa"),
];

/// Evidence levels, the check's score: no editor named, an editor named next to intact camera
/// data (perhaps only a crop or a re-save), an editor named with the camera data gone.
const NONE: f32 = 0.0;
const NAMED: f32 = 1.0;
const NAMED_WITHOUT_CAMERA: f32 = 2.0;

/// Looks for an editor's name in the metadata.
///
/// 1. Gather every program name the file carries: EXIF Software and ProcessingSoftware, XMP
///    CreatorTool and `xmpMM:History` software agents, PNG `Software`, JPEG and PNG comments
///    (GIMP writes "Created with GIMP" there).
/// 2. Match them against the editor list; phone firmware versions ("16.5", "G991BXXU5") and
///    camera apps do not match.
/// 3. An editor with the camera's Make/Model and capture settings still present is `warn`:
///    the photo is real but was opened and saved again. An editor without camera data is `fail`.
///
/// Score: 0 no editor, 1 editor with camera data, 2 editor without; threshold 2. What this
/// cannot see: an editor that writes no name (Photoshop's "Save for Web" strips all metadata).
pub fn check(meta: &Metadata, opts: &EditedOptions) -> Finding {
    let Some(program) = find_editor(&meta.program_names()) else {
        return Finding::new("edited", Verdict::Pass, NONE, NAMED_WITHOUT_CAMERA, "edited.pass");
    };
    let (verdict, score, key) = if meta.has_camera_data() || opts.warn_only {
        (Verdict::Warn, if meta.has_camera_data() { NAMED } else { NAMED_WITHOUT_CAMERA }, "edited.warn")
    } else {
        (Verdict::Fail, NAMED_WITHOUT_CAMERA, "edited.fail")
    };
    Finding::new("edited", verdict, score, NAMED_WITHOUT_CAMERA, key).with_param("program", program)
}

/// The display name of the first editor found in `names`.
pub fn find_editor(names: &[&str]) -> Option<&'static str> {
    let lower: Vec<String> = names.iter().map(|n| n.to_ascii_lowercase()).collect();
    EDITORS.iter().find(|(pattern, _)| lower.iter().any(|n| contains_word(n, pattern))).map(|(_, display)| *display)
}

/// Whether `pattern` occurs in `text` with no letter or digit right before or after it.
pub fn contains_word(text: &str, pattern: &str) -> bool {
    if pattern.is_empty() {
        return false;
    }
    text.match_indices(pattern).any(|(i, _)| {
        let before = text[..i].bytes().next_back();
        let after = text[i + pattern.len()..].bytes().next();
        !before.is_some_and(|c| c.is_ascii_alphanumeric()) && !after.is_some_and(|c| c.is_ascii_alphanumeric())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::{encode_jpeg, exif_app1, segment, with_app1, ExifSpec};

    fn jpeg_with(spec: &ExifSpec) -> Metadata {
        Metadata::read(&with_app1(&encode_jpeg(48, 32, 90), &exif_app1(spec)))
    }

    #[test]
    fn editor_software_without_camera_data_fails_and_names_the_program() {
        let m = jpeg_with(&ExifSpec { software: Some("Adobe Photoshop 24.0 (Windows)"), ..Default::default() });
        let f = check(&m, &EditedOptions::default());
        assert_eq!((f.verdict, f.key), (Verdict::Fail, "edited.fail"));
        assert_eq!(f.param("program").unwrap(), "Adobe Photoshop");
        assert!(f.message.contains("Adobe Photoshop"), "{}", f.message);
    }

    #[test]
    fn editor_with_intact_camera_data_warns() {
        let spec = ExifSpec {
            make: Some("Canon"),
            model: Some("Canon EOS R6"),
            software: Some("Adobe Photoshop Lightroom Classic 12.0 (Windows)"),
            exposure: Some(120),
            ..Default::default()
        };
        let f = check(&jpeg_with(&spec), &EditedOptions::default());
        assert_eq!((f.verdict, f.score), (Verdict::Warn, 1.0));
        assert_eq!(f.param("program").unwrap(), "Adobe Lightroom");
    }

    #[test]
    fn a_camera_photo_with_firmware_software_passes() {
        let spec = ExifSpec { make: Some("Apple"), model: Some("iPhone 13"), software: Some("16.5"), exposure: Some(120), ..Default::default() };
        assert_eq!(check(&jpeg_with(&spec), &EditedOptions::default()).verdict, Verdict::Pass);
        let samsung = ExifSpec { make: Some("samsung"), model: Some("SM-G991B"), software: Some("G991BXXU5CVLL"), exposure: Some(120), ..Default::default() };
        assert_eq!(check(&jpeg_with(&samsung), &EditedOptions::default()).verdict, Verdict::Pass);
        assert_eq!(check(&Metadata::read(&encode_jpeg(48, 32, 90)), &EditedOptions::default()).verdict, Verdict::Pass);
    }

    #[test]
    fn gimp_comment_and_xmp_creator_tool_are_found() {
        let gimp = Metadata::read(&with_app1(&encode_jpeg(48, 32, 90), &segment(0xFE, b"Created with GIMP")));
        assert_eq!(check(&gimp, &EditedOptions::default()).param("program").unwrap(), "GIMP");
        let mut xmp = b"http://ns.adobe.com/xap/1.0/\0".to_vec();
        xmp.extend_from_slice(br#"<x:xmpmeta><rdf:Description xmp:CreatorTool="Canva"/></x:xmpmeta>"#);
        let canva = Metadata::read(&with_app1(&encode_jpeg(48, 32, 90), &segment(0xE1, &xmp)));
        let f = check(&canva, &EditedOptions::default());
        assert_eq!((f.verdict, f.param("program").unwrap()), (Verdict::Fail, "Canva"));
    }

    #[test]
    fn a_png_saved_by_gimp_fails_through_validate() {
        let png = crate::testutil::encode_png(120, 80);
        let gimp = crate::testutil::png_with_chunk(&png, b"tEXt", b"Software\0GIMP 2.10.34");
        let report = crate::validate(crate::Input::Encoded(&gimp), &crate::Options::default()).unwrap();
        let f = report.check("edited").unwrap();
        assert_eq!((f.verdict, f.param("program")), (Verdict::Fail, Some("GIMP")));
        let zh = crate::Options { lang: crate::Lang::ZhHans, ..Default::default() };
        let report = crate::validate(crate::Input::Encoded(&gimp), &zh).unwrap();
        assert!(report.check("edited").unwrap().message.contains("GIMP 编辑"), "{}", report.check("edited").unwrap().message);
    }

    #[test]
    fn names_match_as_whole_words_only() {
        assert!(contains_word("created with gimp", "gimp"));
        assert!(contains_word("paint.net 4.3.12", "paint.net"));
        assert!(!contains_word("html canvas export", "canva"));
        assert_eq!(find_editor(&["PhotoScape X"]), Some("PhotoScape"));
        assert_eq!(find_editor(&["Adobe Photoshop Express"]), Some("Adobe Photoshop Express"));
        assert_eq!(find_editor(&["HDR+ 1.0.540104767zd"]), None);
    }

    #[test]
    fn warn_only_turns_a_fail_into_a_warning() {
        let m = jpeg_with(&ExifSpec { software: Some("GIMP 2.10.30"), ..Default::default() });
        let o = EditedOptions { warn_only: true };
        assert_eq!(check(&m, &o).verdict, Verdict::Warn);
    }
}
