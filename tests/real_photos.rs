//! Real photos from registry packages (fetched into `.cache/photos` by `scripts/fetch-photos.sh`):
//! each decodes, gives a well-formed report, and the checks agree with what the photos show.

use kyc_preflight::{validate, Input, Options, Region, Report, Verdict};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The checks every document report carries (add each check's id here when it lands).
const DOCUMENT_CHECKS: &[&str] = &["blur", "glare", "crop", "color"];

/// Photos with no colour at all: greyscale files and grey scans.
const GREY: &[&str] = &["page.png", "text.png", "camera.png", "brick.png", "grass.png", "gravel.png"];
/// Photos full of colour.
const COLOURFUL: &[&str] = &["coffee.png", "smarties.png", "astronaut.png", "fruits.jpg", "baboon.jpg"];

/// Fetches the photos once per test run; `None` (with a loud message) only when that is impossible.
fn photo_dir() -> Option<&'static Path> {
    static DIR: OnceLock<Option<PathBuf>> = OnceLock::new();
    DIR.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let status = std::process::Command::new("bash").arg(root.join("scripts/fetch-photos.sh")).status();
        let dir = root.join(".cache/photos");
        match status {
            Ok(s) if s.success() => Some(dir),
            other => {
                eprintln!("\n!!!!! SKIPPING the real-photo tests: scripts/fetch-photos.sh failed ({other:?}) !!!!!\n");
                None
            }
        }
    })
    .as_deref()
}

fn photos() -> Vec<(String, Vec<u8>)> {
    let Some(dir) = photo_dir() else { return Vec::new() };
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .expect("the photo folder")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("png" | "jpg" | "jpeg")))
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()))
        .collect();
    out.sort();
    out
}

fn photo(name: &str) -> Option<Report> {
    let dir = photo_dir()?;
    let bytes = std::fs::read(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    Some(validate(Input::Encoded(&bytes), &Options::default()).unwrap_or_else(|e| panic!("{name}: {e}")))
}

#[test]
fn every_photo_gives_a_well_formed_report() {
    let photos = photos();
    if photo_dir().is_none() {
        return;
    }
    assert!(photos.len() >= 20, "only {} photos fetched", photos.len());
    for (name, bytes) in &photos {
        let report = validate(Input::Encoded(bytes), &Options::default()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_well_formed(name, &report);
    }
}

fn assert_well_formed(name: &str, r: &Report) {
    assert!(r.width > 0 && r.height > 0, "{name}");
    for id in DOCUMENT_CHECKS {
        assert!(r.check(id).is_some(), "{name}: no `{id}` finding");
    }
    let worst = r.checks.iter().map(|f| f.verdict).max().expect("at least one finding");
    assert_eq!(r.verdict, worst, "{name}: the verdict is the worst finding");
    let (w, h) = (r.width as f32, r.height as f32);
    for (i, f) in r.checks.iter().enumerate() {
        assert!(r.checks[..i].iter().all(|g| g.id != f.id), "{name}: `{}` twice", f.id);
        assert!(f.score.is_finite() && f.threshold.is_finite(), "{name}: {f:?}");
        assert!(!f.message.is_empty() && f.key.starts_with(f.id), "{name}: {f:?}");
        match f.region {
            Some(Region::Box(b)) => {
                let inside = b.x >= -0.5 && b.y >= -0.5 && b.x + b.width <= w + 0.5 && b.y + b.height <= h + 0.5;
                assert!(inside && b.width >= 0.0 && b.height >= 0.0, "{name}: `{}` box {b:?} outside {w}×{h}", f.id);
            }
            // A document's corners may lie outside the frame (that is what `crop` reports), but not far.
            Some(Region::Quad(q)) => assert!(
                q.corners.iter().all(|p| p.x.abs() <= 2.0 * w && p.y.abs() <= 2.0 * h),
                "{name}: `{}` quad {q:?}",
                f.id
            ),
            None => {}
        }
    }
    if let Some(doc) = &r.document {
        assert!(doc.area() > 0.0, "{name}: empty document quad");
        assert!(doc.corners.iter().all(|p| p.x.is_finite() && p.y.is_finite()), "{name}");
    }
}

#[test]
fn decoded_pixels_give_the_same_report_as_the_file() {
    for name in ["coffee.png", "rocket.jpg", "page.png"] {
        let Some(dir) = photo_dir() else { return };
        let bytes = std::fs::read(dir.join(name)).unwrap();
        let rgba = image::load_from_memory(&bytes).unwrap().to_rgba8();
        let (width, height) = rgba.dimensions();
        let from_pixels = validate(Input::Rgba { data: rgba.as_raw(), width, height }, &Options::default()).unwrap();
        let mut from_file = validate(Input::Encoded(&bytes), &Options::default()).unwrap();
        // The checks that read the encoded file have nothing to read in decoded pixels.
        from_file.checks.retain(|f| !["file", "edited", "screenshot", "compression"].contains(&f.id));
        let from_file = Report::new(from_file.width, from_file.height, from_file.document, from_file.checks);
        assert_eq!(from_pixels, from_file, "{name}");
    }
}

#[test]
fn pixels_decoded_elsewhere_with_their_file_give_the_same_report_as_the_file() {
    for name in ["coffee.png", "rocket.jpg"] {
        let Some(dir) = photo_dir() else { return };
        let bytes = std::fs::read(dir.join(name)).unwrap();
        let rgba = image::load_from_memory(&bytes).unwrap().to_rgba8();
        let (width, height) = rgba.dimensions();
        let pixels = Input::Rgba { data: rgba.as_raw(), width, height };
        let decoded = kyc_preflight::validate_decoded(pixels, &bytes, &Options::default()).unwrap();
        assert_eq!(decoded, validate(Input::Encoded(&bytes), &Options::default()).unwrap(), "{name}");
    }
}

#[test]
fn grey_photos_fail_the_colour_check() {
    for name in GREY {
        let Some(r) = photo(name) else { return };
        let color = r.check("color").unwrap();
        assert_eq!(color.verdict, Verdict::Fail, "{name}: score {}", color.score);
        assert_eq!(r.verdict, Verdict::Fail, "{name}");
    }
}

#[test]
fn colourful_photos_pass_the_colour_check() {
    for name in COLOURFUL {
        let Some(r) = photo(name) else { return };
        let color = r.check("color").unwrap();
        assert_eq!(color.verdict, Verdict::Pass, "{name}: score {}", color.score);
        assert!(color.score > 3.0 * color.threshold, "{name}: {} is not clearly colourful", color.score);
    }
}

#[test]
fn messages_follow_the_language_option() {
    let Some(dir) = photo_dir() else { return };
    let bytes = std::fs::read(dir.join("page.png")).unwrap();
    let opts = Options::from_json(r#"{"lang": "zh-Hant"}"#).unwrap();
    let r = validate(Input::Encoded(&bytes), &opts).unwrap();
    assert_eq!(r.check("color").unwrap().message, kyc_preflight::messages::text("color.fail", kyc_preflight::Lang::ZhHant));
}
