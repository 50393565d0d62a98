//! `screenshot`: fails a screenshot sent instead of a photo, by its metadata and screen-sized shape.

use super::edited::contains_word;
use crate::finding::{Finding, Verdict};
use crate::metadata::Metadata;
use serde::Deserialize;

/// Rules of the screenshot check.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct ScreenshotOptions {
    /// Only warn, never fail, when the sole evidence is a screen-only size without camera data
    /// (a marker such as iOS's "Screenshot" comment still fails). Default: `false`; set it where
    /// uploads commonly pass through apps that strip EXIF and resize to screen sizes.
    pub warn_on_size_only: bool,
}

/// Screen sizes in pixels (portrait phones and tablets, landscape desktops) that no camera
/// writes: phone screens taller than 16:9 and 16:10 or odd laptop panels. From the makers'
/// published display resolutions: iPhone 5 to 16 Pro Max, common Android (20:9 1080×2400,
/// Pixel 1080×2424, 1344×2992, Galaxy 1440×3088/3120/3200), iPad, and laptop/desktop panels.
const SCREEN_ONLY: &[[u32; 2]] = &[
    [640, 1136], [750, 1334], [1242, 2208], [1125, 2436], [1242, 2688], [828, 1792], [1080, 2340],
    [1170, 2532], [1284, 2778], [1179, 2556], [1290, 2796], [1206, 2622], [1320, 2868],
    [720, 1520], [720, 1560], [720, 1600], [1080, 2160], [1080, 2220], [1080, 2280], [1080, 2400],
    [1080, 2408], [1080, 2412], [1080, 2424], [1220, 2712], [1260, 2800], [1280, 2856], [1344, 2992],
    [1440, 2960], [1440, 3040], [1440, 3088], [1440, 3120], [1440, 3168], [1440, 3200],
    [1620, 2160], [1640, 2360], [1668, 2224], [1668, 2388], [1488, 2266], [2048, 2732], [1600, 2560],
    [1366, 768], [1360, 768], [1536, 864], [1280, 800], [1440, 900], [1680, 1050],
    [1920, 1200], [2560, 1600], [2880, 1800], [3024, 1964], [3456, 2234], [2560, 1664], [2940, 1912],
    [2256, 1504], [2736, 1824], [3440, 1440], [1280, 1024],
];

/// Screen sizes that cameras and webcams also produce (16:9 and 4:3 video frames: a browser
/// camera capture is often exactly 1280×720 or 1920×1080 with no EXIF), and sizes that
/// messaging apps shrink phone photos to, stripping EXIF: WhatsApp's 1600-pixel long side makes
/// a 4:3 photo 1600×1200 and a 16:9 one 1600×900, a laptop screen size too. These only warn.
const SCREEN_OR_CAMERA: &[[u32; 2]] = &[
    [640, 480], [800, 600], [1024, 768], [1280, 720], [1920, 1080], [2560, 1440], [3840, 2160],
    [720, 1280], [1080, 1920], [1440, 2560], [1600, 1200], [2048, 1536], [1600, 900],
];

/// Screenshot tools that put their name in the Software tag, matched as whole words.
/// "Screenshot" itself covers gnome-screenshot, Android's and Windows' own naming.
const SCREENSHOT_TOOLS: &[&str] = &[
    "screenshot", "screen shot", "screencapture", "screen capture", "snipping tool", "snip & sketch",
    "greenshot", "sharex", "lightshot", "flameshot", "spectacle", "monosnap", "cleanshot", "snagit",
];

/// Evidence levels, the check's score.
const NONE: f32 = 0.0;
const LIKELY: f32 = 1.0;
const SURE: f32 = 2.0;

/// Decides from the metadata and the pixel size whether the image is a screenshot.
///
/// 1. A screenshot marker fails: iOS and macOS write "Screenshot" as the EXIF and XMP
///    UserComment of every screenshot (documented in MichaelLedger/Shell-Collection,
///    `screenshot-exif-removal/README.md`); screenshot tools name themselves in Software.
/// 2. With no camera data (Make/Model and capture settings), a size only screens have fails,
///    and a size that is also a camera or webcam frame warns.
/// 3. Missing camera data alone passes: browsers and messaging apps strip EXIF from real photos.
///
/// Score: 0 no sign, 1 likely (warn), 2 sure (fail); threshold 2.
pub fn check(meta: &Metadata, width: u32, height: u32, opts: &ScreenshotOptions) -> Finding {
    let level = if has_marker(meta) {
        SURE
    } else if meta.has_camera_data() {
        NONE
    } else if is_size_in(width, height, SCREEN_ONLY) {
        if opts.warn_on_size_only { LIKELY } else { SURE }
    } else if is_size_in(width, height, SCREEN_OR_CAMERA) {
        LIKELY
    } else {
        NONE
    };
    let (verdict, key) = match level {
        l if l >= SURE => (Verdict::Fail, "screenshot.fail"),
        l if l >= LIKELY => (Verdict::Warn, "screenshot.warn"),
        _ => (Verdict::Pass, "screenshot.pass"),
    };
    Finding::new("screenshot", verdict, level, SURE, key)
}

/// Whether a comment says "Screenshot" or a program name is a screenshot tool.
fn has_marker(meta: &Metadata) -> bool {
    let mentions = |texts: Vec<&str>| {
        texts.iter().any(|t| {
            let t = t.to_ascii_lowercase();
            SCREENSHOT_TOOLS.iter().any(|tool| contains_word(&t, tool))
        })
    };
    mentions(meta.comments()) || mentions(meta.program_names())
}

fn is_size_in(width: u32, height: u32, sizes: &[[u32; 2]]) -> bool {
    sizes.iter().any(|&[w, h]| (w, h) == (width, height) || (h, w) == (width, height))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::{encode_jpeg, encode_png, exif_app1, with_app1, ExifSpec};

    fn png(w: u32, h: u32) -> Metadata {
        Metadata::read(&encode_png(w, h))
    }

    #[test]
    fn phone_and_desktop_screen_sized_pngs_without_exif() {
        let o = ScreenshotOptions::default();
        let phone = check(&png(1170, 2532), 1170, 2532, &o);
        assert_eq!((phone.verdict, phone.key), (Verdict::Fail, "screenshot.fail"));
        // 1920×1080 is also a webcam frame: only a warning.
        assert_eq!(check(&png(1920, 1080), 1920, 1080, &o).verdict, Verdict::Warn);
        // 1600×900 is a laptop screen and also a 16:9 phone photo shrunk by WhatsApp.
        assert_eq!(check(&png(900, 1600), 900, 1600, &o).verdict, Verdict::Warn);
        // Landscape of a portrait phone size matches too.
        assert_eq!(check(&png(2532, 1170), 2532, 1170, &o).verdict, Verdict::Fail);
    }

    #[test]
    fn an_odd_sized_image_without_exif_passes() {
        assert_eq!(check(&png(1000, 700), 1000, 700, &ScreenshotOptions::default()).verdict, Verdict::Pass);
    }

    #[test]
    fn camera_exif_clears_a_screen_sized_photo() {
        let spec = ExifSpec { make: Some("Apple"), model: Some("iPhone 14"), exposure: Some(120), ..Default::default() };
        let m = Metadata::read(&with_app1(&encode_jpeg(64, 48, 90), &exif_app1(&spec)));
        assert_eq!(check(&m, 1920, 1080, &ScreenshotOptions::default()).verdict, Verdict::Pass);
        assert_eq!(check(&m, 1170, 2532, &ScreenshotOptions::default()).verdict, Verdict::Pass);
    }

    #[test]
    fn a_screenshot_user_comment_fails_at_any_size() {
        let spec = ExifSpec { user_comment: Some("Screenshot"), ..Default::default() };
        let m = Metadata::read(&with_app1(&encode_jpeg(64, 48, 90), &exif_app1(&spec)));
        assert_eq!(check(&m, 64, 48, &ScreenshotOptions::default()).verdict, Verdict::Fail);
    }

    #[test]
    fn an_ios_style_png_screenshot_fails_through_validate() {
        // iOS and macOS put this XMP in an iTXt chunk of every screenshot.
        let xmp = br#"<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/"><exif:UserComment><rdf:Alt><rdf:li xml:lang="x-default">Screenshot</rdf:li></rdf:Alt></exif:UserComment></rdf:Description></rdf:RDF></x:xmpmeta>"#;
        let mut itxt = b"XML:com.adobe.xmp\0\0\0\0\0".to_vec();
        itxt.extend_from_slice(xmp);
        // An odd size that is no screen's, so that only the marker can fail it.
        let png = crate::testutil::png_with_chunk(&encode_png(300, 500), b"iTXt", &itxt);
        let report = crate::validate(crate::Input::Encoded(&png), &crate::Options::default()).unwrap();
        let f = report.check("screenshot").unwrap();
        assert_eq!((f.verdict, f.key), (Verdict::Fail, "screenshot.fail"));
        let plain = crate::validate(crate::Input::Encoded(&encode_png(300, 500)), &crate::Options::default()).unwrap();
        assert_eq!(plain.check("screenshot").unwrap().verdict, Verdict::Pass);
    }

    #[test]
    fn a_screenshot_tool_in_software_fails() {
        let spec = ExifSpec { software: Some("gnome-screenshot"), ..Default::default() };
        let m = Metadata::read(&with_app1(&encode_jpeg(64, 48, 90), &exif_app1(&spec)));
        assert_eq!(check(&m, 64, 48, &ScreenshotOptions::default()).verdict, Verdict::Fail);
    }

    #[test]
    fn warn_on_size_only_softens_the_size_rule_but_not_markers() {
        let o = ScreenshotOptions { warn_on_size_only: true };
        assert_eq!(check(&png(1170, 2532), 1170, 2532, &o).verdict, Verdict::Warn);
        let spec = ExifSpec { user_comment: Some("Screenshot"), ..Default::default() };
        let m = Metadata::read(&with_app1(&encode_jpeg(64, 48, 90), &exif_app1(&spec)));
        assert_eq!(check(&m, 64, 48, &o).verdict, Verdict::Fail);
    }
}
