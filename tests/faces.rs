//! The `face` check on real photos (fetched from registry packages into `.cache/photos` by
//! `scripts/fetch-photos.sh`): one face, none, two in a composite, too small, cut off, and a
//! portrait pasted onto a drawn card. Native builds embed the model, so every rule runs here.

use image::imageops::{self, FilterType};
use image::{Rgb, RgbImage};
use kyc_preflight::{faces, validate, Input, Kind, Options, Region, Report, Verdict};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn photo_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let status = std::process::Command::new("bash").arg(root.join("scripts/fetch-photos.sh")).status();
        assert!(status.is_ok_and(|s| s.success()), "scripts/fetch-photos.sh failed");
        root.join(".cache/photos")
    })
}

fn open(name: &str) -> RgbImage {
    image::open(photo_dir().join(name)).unwrap_or_else(|e| panic!("{name}: {e}")).to_rgb8()
}

fn png(img: &RgbImage) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).expect("PNG encoding");
    out.into_inner()
}

fn check(bytes: &[u8], kind: Kind) -> Report {
    let opts = Options { kind, ..Options::default() };
    validate(Input::Encoded(bytes), &opts).expect("a readable photo")
}

fn face(r: &Report) -> &kyc_preflight::Finding {
    r.check("face").expect("a face finding")
}

#[test]
fn the_native_build_has_the_model() {
    assert!(faces::model_loaded(), "build.rs did not find rustface's model in the cargo registry");
}

#[test]
fn one_face_passes_and_none_fails() {
    for name in ["astronaut.png", "grace_hopper.jpg"] {
        let r = check(&std::fs::read(photo_dir().join(name)).unwrap(), Kind::Selfie);
        let f = face(&r);
        assert_eq!((f.verdict, f.key), (Verdict::Pass, "face.pass"), "{name}: {f:?}");
        assert!(f.score >= 0.15, "{name}: {f:?}");
        assert!(matches!(f.region, Some(Region::Box(_))));
        // A selfie is not a document: no document checks.
        assert!(r.check("crop").is_none() && r.check("blur").is_none(), "{name}");
    }
    let r = check(&std::fs::read(photo_dir().join("coffee.png")).unwrap(), Kind::Selfie);
    assert_eq!((face(&r).verdict, face(&r).key), (Verdict::Fail, "face.none"));
}

#[test]
fn two_people_side_by_side_fail_with_their_count() {
    let mut canvas = RgbImage::from_pixel(800, 450, Rgb([96, 110, 120]));
    let a = imageops::resize(&open("astronaut.png"), 400, 400, FilterType::Triangle);
    let b = imageops::resize(&open("grace_hopper.jpg"), 384, 450, FilterType::Triangle);
    imageops::replace(&mut canvas, &a, 0, 25);
    imageops::replace(&mut canvas, &b, 410, 0);
    let r = check(&png(&canvas), Kind::Selfie);
    let f = face(&r);
    assert_eq!((f.verdict, f.key), (Verdict::Fail, "face.many"), "{f:?}");
    assert_eq!(f.param("count"), Some("2"));
    assert!(f.message.starts_with("Only one person in the frame"), "{}", f.message);
}

#[test]
fn a_small_face_and_a_cut_face_fail_with_their_own_messages() {
    let r = check(&std::fs::read(photo_dir().join("messi5.jpg")).unwrap(), Kind::Selfie);
    assert_eq!(face(&r).key, "face.small", "{:?}", face(&r));
    // Grace Hopper's face with its lower half below the frame's edge.
    let g = open("grace_hopper.jpg");
    let cut = imageops::crop_imm(&g, 0, 0, 512, 300).to_image();
    let f = face(&check(&png(&cut), Kind::Selfie)).clone();
    assert!(f.verdict == Verdict::Fail && (f.key == "face.cut" || f.key == "face.none"), "{f:?}");
}

/// A pale card of `w` px (aspect 1.586) on a dark desk, with `portrait` in its photo box.
fn card(portrait: Option<&RgbImage>) -> RgbImage {
    let (w, h) = (900u32, 600u32);
    let mut img = RgbImage::from_pixel(w, h, Rgb([60, 52, 46]));
    let (cw, ch) = (700u32, (700.0 / 1.586) as u32);
    let (x0, y0) = ((w - cw) / 2, (h - ch) / 2);
    for y in y0..y0 + ch {
        for x in x0..x0 + cw {
            let stripe = ((x + y) / 9) % 2 == 0;
            let text = x > x0 + 260 && (y - y0) % 40 < 12 && (x / 7) % 3 != 0;
            let px = if text { [40, 40, 50] } else if stripe { [214, 226, 236] } else { [226, 234, 240] };
            img.put_pixel(x, y, Rgb(px));
        }
    }
    if let Some(p) = portrait {
        // Head and shoulders, as on an ID card.
        let (w, h) = p.dimensions();
        let head = imageops::crop_imm(p, w / 6, 0, w * 2 / 3, h * 3 / 4).to_image();
        let p = imageops::resize(&head, 200, 240, FilterType::Triangle);
        imageops::replace(&mut img, &p, (x0 + 30) as i64, (y0 + 100) as i64);
    }
    img
}

#[test]
fn a_card_with_a_portrait_passes_and_one_without_warns() {
    let with = check(&png(&card(Some(&open("grace_hopper.jpg")))), Kind::Document);
    assert!(with.document.is_some(), "the card is located");
    assert_eq!((face(&with).verdict, face(&with).key), (Verdict::Pass, "face.portrait"), "{:?}", face(&with));
    assert!(matches!(face(&with).region, Some(Region::Quad(_))));
    let without = check(&png(&card(None)), Kind::Document);
    assert_eq!((face(&without).verdict, face(&without).key), (Verdict::Warn, "face.no-portrait"));
    let opts = Options { face: kyc_preflight::checks::face::FaceOptions { portrait_required: true, ..Default::default() }, ..Options::default() };
    let strict = validate(Input::Encoded(&png(&card(None))), &opts).unwrap();
    assert_eq!(face(&strict).verdict, Verdict::Fail);
}

#[test]
fn a_selfie_with_a_document_counts_the_person_and_not_the_portrait() {
    // The person on the left, the card (with its own portrait) on the right.
    let mut canvas = RgbImage::from_pixel(1200, 700, Rgb([90, 100, 110]));
    let person = imageops::resize(&open("grace_hopper.jpg"), 500, 586, FilterType::Triangle);
    imageops::replace(&mut canvas, &person, 20, 60);
    let c = imageops::resize(&card(Some(&open("astronaut.png"))), 600, 400, FilterType::Triangle);
    imageops::replace(&mut canvas, &c, 580, 150);
    let r = check(&png(&canvas), Kind::SelfieWithDocument);
    assert!(r.document.is_some(), "the card is located");
    assert_eq!((face(&r).verdict, face(&r).key), (Verdict::Pass, "face.pass"), "{:?}", face(&r));
    assert!(r.check("blur").is_some(), "the document checks run too");
    let alone = check(&std::fs::read(photo_dir().join("grace_hopper.jpg")).unwrap(), Kind::SelfieWithDocument);
    assert_eq!(face(&alone).key, "face.no-document");
}

#[test]
fn a_selfie_sent_as_the_document_is_named_as_one() {
    // grace_hopper.jpg is a head-and-shoulders portrait (face 0.40 of the short side) with no
    // document in it: checked as a document, the face check fails it and says why.
    let r = check(&std::fs::read(photo_dir().join("grace_hopper.jpg")).unwrap(), Kind::Document);
    let f = face(&r);
    assert_eq!((f.verdict, f.key), (Verdict::Fail, "face.not-document"), "{f:?}");
    assert_eq!(r.verdict, Verdict::Fail);
    assert!(f.score >= 0.3, "{f:?}");
    assert!(f.message.contains("not of a document"));
    // messi5.jpg: a player on a pitch, face 0.09 of the short side: not taken for a selfie.
    let r = check(&std::fs::read(photo_dir().join("messi5.jpg")).unwrap(), Kind::Document);
    assert_ne!(face(&r).key, "face.not-document", "{:?}", face(&r));
}

#[test]
fn an_outline_around_the_person_is_not_the_held_document() {
    // The whole of grace_hopper.jpg framed as a "card" (a dark border round the photo): the only
    // face sits inside that outline and is far too large to be printed on it, so the photo has no
    // held document rather than no person.
    let photo = imageops::resize(&open("grace_hopper.jpg"), 500, 600, FilterType::Triangle);
    let mut canvas = RgbImage::from_pixel(1000, 900, Rgb([200, 205, 210]));
    for y in 140..760 {
        for x in 240..760 {
            canvas.put_pixel(x, y, Rgb([20, 20, 25]));
        }
    }
    imageops::replace(&mut canvas, &photo, 250, 150);
    let r = check(&png(&canvas), Kind::SelfieWithDocument);
    assert!(r.document.is_some(), "the dark frame is located as a document");
    let f = face(&r);
    assert_eq!((f.verdict, f.key), (Verdict::Warn, "face.no-document"), "{f:?}");
}
