//! Writes one generated document scene (feature `corpus`) as a binary PPM, for the camera-mode
//! end-to-end test, which turns it into a y4m video for Chromium's fake camera.
//!
//! `cargo run --release --features corpus --example camera_scene -- --class clean --width 640 --height 480 --out scene.ppm`
//!
//! It walks the corpus seeds of the class until it finds a landscape scene with the label band
//! asked for (fine for `clean`, bad otherwise) whose frame, scaled to the output size, gets the
//! expected verdicts from the checks, both at that size and at the page's live analysis size (long
//! side 640): every pixel check passes for `clean`, and the class's own check fails for a defect.
//! It prints the seed and the verdicts it saw.

use kyc_preflight::corpus::{self, Band, Class, Img, Material};
use kyc_preflight::{validate, Input, Options, Verdict};
use std::io::Write;

struct Args {
    class: Class,
    width: usize,
    height: usize,
    seed: u64,
    out: String,
}

fn parse_args() -> Result<Args, String> {
    let mut a = Args { class: Class::Clean, width: 640, height: 480, seed: 1, out: String::new() };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = |name: &str| it.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--class" => {
                let v = value("--class")?;
                a.class = *Class::ALL.iter().find(|c| c.name() == v).ok_or(format!("unknown class `{v}`"))?;
            }
            "--width" => a.width = value("--width")?.parse().map_err(|e| format!("--width: {e}"))?,
            "--height" => a.height = value("--height")?.parse().map_err(|e| format!("--height: {e}"))?,
            "--seed" => a.seed = value("--seed")?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--out" => a.out = value("--out")?,
            other => return Err(format!("unknown argument `{other}` (use --class, --width, --height, --seed, --out)")),
        }
    }
    if a.out.is_empty() {
        return Err("--out FILE.ppm is required".into());
    }
    if a.width < 16 || a.height < 16 || a.width % 2 == 1 || a.height % 2 == 1 {
        return Err("--width and --height must be even and at least 16".into());
    }
    Ok(a)
}

/// Whether the checks' verdicts on a scene are the ones the class should give.
fn as_expected(class: Class, verdicts: &[(&'static str, Verdict)]) -> bool {
    match class.check_id() {
        None => verdicts.iter().all(|(_, v)| *v == Verdict::Pass),
        Some(id) => verdicts.iter().any(|(c, v)| *c == id && *v == Verdict::Fail),
    }
}

fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("camera_scene: {e}");
            std::process::exit(2);
        }
    };
    let mat = Material::load(&Material::default_dir());
    let want = if args.class == Class::Clean { Band::Fine } else { Band::Bad };
    let aspect = args.width as f32 / args.height as f32;
    for i in 0..400 {
        let seed = corpus::sample_seed(args.seed, args.class, i);
        let (fw, fh) = corpus::scene::frame_size(seed);
        if ((fw as f32 / fh as f32) - aspect).abs() > 0.02 {
            continue; // same shape as the output, so that scaling does not stretch the card
        }
        let s = corpus::generate(seed, args.class, 1.0, &mat);
        if s.label.band != want {
            continue;
        }
        let Ok(decoded) = image::load_from_memory(&s.jpeg) else { continue };
        let rgb = decoded.to_rgb8();
        let img = Img::from_rgb8(rgb.width() as usize, rgb.height() as usize, rgb.as_raw());
        let scaled = img.resized(args.width, args.height);
        let frame = scaled.to_rgb8();
        // As the camera delivers it, and as the page checks it (long side 640, www/camera.js).
        let k = (640.0 / args.width.max(args.height) as f32).min(1.0);
        let (aw, ah) = ((args.width as f32 * k).round() as usize, (args.height as f32 * k).round() as usize);
        let Some(verdicts) = verdicts_of(&frame, args.width, args.height) else { continue };
        let Some(live) = verdicts_of(&scaled.resized(aw, ah).to_rgb8(), aw, ah) else { continue };
        if !as_expected(args.class, &verdicts) || !as_expected(args.class, &live) {
            continue;
        }
        if let Err(e) = write_ppm(&args.out, args.width, args.height, &frame) {
            eprintln!("camera_scene: cannot write {}: {e}", args.out);
            std::process::exit(1);
        }
        let seen: Vec<String> = verdicts.iter().map(|(c, v)| format!("{c}:{}", v.as_str())).collect();
        println!("{} seed {seed} ({} {}) {}", args.out, s.label.variant, s.label.band.name(), seen.join(" "));
        return;
    }
    eprintln!("camera_scene: no {} scene with the expected verdicts among 400 seeds", args.class.name());
    std::process::exit(1);
}

/// Each check's verdict on RGB pixels, or `None` when they cannot be checked.
fn verdicts_of(rgb: &[u8], w: usize, h: usize) -> Option<Vec<(&'static str, Verdict)>> {
    let rgba: Vec<u8> = rgb.chunks_exact(3).flat_map(|p| [p[0], p[1], p[2], 255]).collect();
    let report = validate(Input::Rgba { data: &rgba, width: w as u32, height: h as u32 }, &Options::default()).ok()?;
    Some(report.checks.iter().map(|f| (f.id, f.verdict)).collect())
}

/// Binary PPM (P6): a text header, then the RGB bytes row by row.
fn write_ppm(path: &str, w: usize, h: usize, rgb: &[u8]) -> std::io::Result<()> {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path)?);
    write!(f, "P6\n{w} {h}\n255\n")?;
    f.write_all(rgb)?;
    f.flush()
}
