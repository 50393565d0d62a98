//! kyc-eval: generates the labelled corpus, runs the checks and the peers' rules on it, and
//! prints the accuracy report as markdown (`make eval` writes it to docs/ACCURACY.md).

use kyc_preflight::corpus::{self, capture_eval::parallel, Band, Class, Material, Sample};
use kyc_preflight::frame::{Frame, Plane};
use kyc_preflight::{decode, peers, validate_decoded, Input, Options, Verdict};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

const CHECKS: [&str; 4] = ["blur", "glare", "crop", "color"];
/// The peers' rules: name, and whether a sample fails them.
const PEERS: [&str; 7] = [
    "is-image-blurry: LV < 400",
    "Smile ID phone: LV < 150",
    "Smile ID desktop: LV < 60",
    "LV < 400 at 512 px",
    "LV < 150 at 512 px",
    "LV < 60 at 512 px",
    "Smile ID glare: > 5 % above 240",
];

struct Args {
    n: usize,
    res: usize,
    seed: u64,
    threads: usize,
    out: Option<String>,
    artifacts: Option<String>,
    /// `--show CLASS:SEED`: print one sample's label and report instead of the eval.
    show: Option<String>,
    /// `--classes clean,crop`: only these classes (for quick looks; the report then covers less).
    classes: Vec<Class>,
    command: String,
    /// Only the face corpus (its section goes to stdout).
    faces_only: bool,
    /// Only the capture checks and the front-and-back pairs (their sections go to stdout).
    capture_only: bool,
    /// `--documents-only`: leave out the capture, front-and-back and face sections.
    documents_only: bool,
}

fn parse_args() -> Result<Args, String> {
    let mut a = Args { n: 60, res: 12, seed: 1, threads: 2, out: None, artifacts: None, show: None, classes: Class::ALL.to_vec(), command: String::new(), faces_only: false, capture_only: false, documents_only: false };
    let argv: Vec<String> = std::env::args().collect();
    a.command = argv.iter().skip(1).cloned().collect::<Vec<_>>().join(" ");
    let mut it = argv.into_iter().skip(1);
    while let Some(arg) = it.next() {
        let mut value = |name: &str| it.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--quick" => {
                a.n = 6;
                a.res = 3;
            }
            "--n" => a.n = value("--n")?.parse().map_err(|e| format!("--n: {e}"))?,
            "--res" => a.res = value("--res")?.parse().map_err(|e| format!("--res: {e}"))?,
            "--seed" => a.seed = value("--seed")?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--threads" => a.threads = value("--threads")?.parse().map_err(|e| format!("--threads: {e}"))?,
            "--out" => a.out = Some(value("--out")?),
            "--artifacts" => a.artifacts = Some(value("--artifacts")?),
            "--faces-only" => a.faces_only = true,
            "--capture-only" => a.capture_only = true,
            "--documents-only" => a.documents_only = true,
            "--show" => a.show = Some(value("--show")?),
            "--classes" => {
                let list = value("--classes")?;
                a.classes = list
                    .split(',')
                    .map(|n| Class::ALL.iter().copied().find(|c| c.name() == n).ok_or(format!("--classes: unknown class `{n}`")))
                    .collect::<Result<_, _>>()?;
            }
            other => return Err(format!("unknown argument `{other}` (use --quick, --n, --res, --seed, --threads, --out, --artifacts, --faces-only, --capture-only, --documents-only, --show, --classes)")),
        }
    }
    Ok(a)
}

/// The capture checks' and the front-and-back sections of the report (src/corpus/capture_eval.rs).
fn capture_sections(args: &Args, mat: &Material, opts: &Options) -> String {
    let capture = corpus::capture_eval::run(args.n, args.seed, args.threads, mat, opts);
    let pairs = corpus::capture_eval::run_pairs(args.n, args.seed, args.threads, mat, opts);
    corpus::capture_eval::report(&capture, args.n) + &corpus::capture_eval::pair_report(&pairs, opts)
}

/// What was measured on one sample.
struct Rec {
    class: Class,
    variant: &'static str,
    band: Band,
    severity: f32,
    seed: u64,
    size: (u32, u32),
    /// Verdict and score of each of CHECKS.
    ours: [(Verdict, f32); 4],
    /// The ids of every check that failed (any check, including the file checks).
    failed: Vec<&'static str>,
    peers: [bool; 7],
    /// How far the located outline is from the true one (see [`outline_error`]); `None` when
    /// no document was located.
    located: Option<f32>,
}

fn measure(s: &Sample, opts: &Options) -> Result<Rec, String> {
    let rgba = image::load_from_memory(&s.jpeg).map_err(|e| e.to_string())?.to_rgba8();
    let (w, h) = rgba.dimensions();
    let input = Input::Rgba { data: rgba.as_raw(), width: w, height: h };
    let report = validate_decoded(input, &s.jpeg, opts).map_err(|e| e.to_string())?;
    let ours = CHECKS.map(|id| report.check(id).map(|f| (f.verdict, f.score)).unwrap_or((Verdict::Pass, f32::NAN)));
    let failed = report.checks.iter().filter(|f| f.verdict == Verdict::Fail).map(|f| f.id).collect();
    let pixels = decode::load(input, &opts.limits()).map_err(|e| e.to_string())?;
    let frame = Frame::new(&pixels);
    let luma = peers::luma_plane(&frame);
    let lv = peers::laplacian_variance(&luma);
    let lv512 = peers::laplacian_variance(&shrink(&luma, 512));
    let peers = [lv < 400.0, lv < 150.0, lv < 60.0, lv512 < 400.0, lv512 < 150.0, lv512 < 60.0, peers::smile_glare(&luma)];
    let l = &s.label;
    let located = report.document.map(|q| outline_error(&q.corners.map(|p| [p.x, p.y]), &l.quad));
    if std::env::var_os("KYC_EVAL_LOCATE").is_some() {
        let crop = report.check("crop").map(|f| format!("{:?} {:.3}", f.verdict, f.score)).unwrap_or_default();
        let blur = report.check("blur").map(|f| f.score).unwrap_or(-1.0);
        eprintln!("blurscore\t{}\t{}\t{}\t{:016x}\t{blur:.2}\t{:.2}\t{:?}", l.class.name(), l.variant, l.band.name(), s.seed, l.severity, failed);
        eprintln!("locate\t{}\t{}\t{}\t{:016x}\t{}x{}\t{}\t{crop}\t{:?}", l.class.name(), l.variant, l.band.name(), s.seed, s.width, s.height,
            located.map_or("none".into(), |e| format!("{e:.3}")), failed);
    }
    Ok(Rec { class: l.class, variant: l.variant, band: l.band, severity: l.severity, seed: s.seed, size: (s.width, s.height), ours, failed, peers, located })
}

/// The largest distance between a located corner and the true one, as a fraction of the true
/// card's longest side, for the best of the four ways to pair the corners up in order.
fn outline_error(found: &[[f32; 2]; 4], truth: &[[f32; 2]; 4]) -> f32 {
    let d = |a: [f32; 2], b: [f32; 2]| (a[0] - b[0]).hypot(a[1] - b[1]);
    let size = (0..4).map(|i| d(truth[i], truth[(i + 1) % 4])).fold(1.0, f32::max);
    (0..4).map(|r| (0..4).map(|i| d(found[(i + r) % 4], truth[i])).fold(0.0, f32::max)).fold(f32::MAX, f32::min) / size
}

/// The plane reduced by area averaging to `long` pixels on its long side, rounded to whole levels.
fn shrink(p: &Plane, long: usize) -> Plane {
    let k = p.width.max(p.height) as f32 / long as f32;
    if k <= 1.0 {
        return p.clone();
    }
    let (w, h) = (((p.width as f32 / k).round() as usize).max(1), ((p.height as f32 / k).round() as usize).max(1));
    let mut out = Plane::new(w, h);
    for y in 0..h {
        let (y0, y1) = ((y as f32 * k) as usize, (((y + 1) as f32 * k) as usize).min(p.height).max((y as f32 * k) as usize + 1));
        for x in 0..w {
            let (x0, x1) = ((x as f32 * k) as usize, (((x + 1) as f32 * k) as usize).min(p.width).max((x as f32 * k) as usize + 1));
            let mut sum = 0.0;
            for yy in y0..y1 {
                sum += p.row(yy)[x0..x1].iter().sum::<f32>();
            }
            out.data[y * w + x] = (sum / ((y1 - y0) * (x1 - x0)) as f32).round();
        }
    }
    out
}

fn pct(k: usize, n: usize) -> String {
    if n == 0 {
        "—".into()
    } else {
        format!("{:.1} % ({k}/{n})", 100.0 * k as f32 / n as f32)
    }
}

fn check_index(class: Class) -> Option<usize> {
    class.check_id().and_then(|id| CHECKS.iter().position(|c| *c == id))
}

fn caught(r: &Rec) -> bool {
    check_index(r.class).is_some_and(|i| r.ours[i].0 == Verdict::Fail)
}

/// The peer rules that apply to a class (indices into PEERS).
fn peer_rules(class: Class) -> &'static [usize] {
    match class {
        Class::Blur => &[0, 1, 2, 3, 4, 5],
        Class::Glare => &[6],
        _ => &[],
    }
}

fn quantile(v: &mut Vec<f32>, q: f32) -> f32 {
    v.retain(|x| x.is_finite());
    if v.is_empty() {
        return f32::NAN;
    }
    v.sort_by(|a, b| a.total_cmp(b));
    v[((v.len() - 1) as f32 * q).round() as usize]
}

fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("kyc-eval: {e}");
            std::process::exit(2);
        }
    };
    let start = Instant::now();
    let dir = Material::default_dir();
    let mat = Material::load(&dir);
    eprintln!("photos from {}: {} backgrounds, {} portraits", dir.display(), mat.backgrounds.len(), mat.portraits.len());
    if args.faces_only {
        print!("{}", corpus::face_eval::section(args.n, args.seed, args.threads, &mat, &dir));
        return;
    }
    let opts = Options::default();
    if args.capture_only {
        print!("{}", capture_sections(&args, &mat, &opts));
        return;
    }
    if let Some(spec) = &args.show {
        std::process::exit(show(spec, &mat, &opts));
    }
    let jobs: Vec<(Class, u64)> =
        args.classes.iter().flat_map(|&c| (0..args.n as u64).map(move |i| (c, corpus::sample_seed(args.seed, c, i)))).collect();
    let done = AtomicUsize::new(0);
    let total = jobs.len();
    let recs: Vec<Result<Rec, String>> = parallel(&jobs, args.threads, |&(class, seed)| {
        let t = Instant::now();
        let s = corpus::generate(seed, class, 1.0, &mat);
        let gen = t.elapsed().as_secs_f32();
        if let Some(dir) = &args.artifacts {
            if let Ok(img) = image::load_from_memory(&s.jpeg) {
                let name = format!("{dir}/{}-{}-{}-{seed:016x}.png", class.name(), s.label.variant, s.label.band.name());
                let _ = std::fs::create_dir_all(dir).and_then(|_| img.save(&name).map_err(std::io::Error::other));
            }
        }
        let t = Instant::now();
        let r = measure(&s, &opts);
        if std::env::var_os("KYC_EVAL_TIMING").is_some() {
            eprintln!("{}x{} generate {gen:.2} s, check {:.2} s", s.width, s.height, t.elapsed().as_secs_f32());
        }
        let d = done.fetch_add(1, Ordering::Relaxed) + 1;
        if d % 50 == 0 {
            eprintln!("{d}/{total} samples, {:.0} s", start.elapsed().as_secs_f32());
        }
        r
    });
    let errors: Vec<&String> = recs.iter().filter_map(|r| r.as_ref().err()).collect();
    let recs: Vec<&Rec> = recs.iter().filter_map(|r| r.as_ref().ok()).collect();

    // Resolution independence: the same scenes at 0.5×, 1× and 2×, drawn from frames with a long
    // side of 1280 to 2048 px (so 640 to 4096 px across the three scales).
    let mut res_jobs = Vec::new();
    let mut i = 0u64;
    while res_jobs.len() < args.res * 3 {
        let class = Class::ALL[res_jobs.len() % Class::ALL.len()];
        let seed = corpus::sample_seed(args.seed ^ 0x5EED, class, i);
        i += 1;
        let (w, h) = corpus::scene::frame_size(seed);
        if (1280..=2048).contains(&w.max(h)) {
            for scale in [0.5f32, 1.0, 2.0] {
                res_jobs.push((class, seed, scale));
            }
        }
    }
    res_jobs.truncate(args.res * 3);
    let res_recs = parallel(&res_jobs, args.threads, |&(class, seed, scale)| {
        measure(&corpus::generate(seed, class, scale, &mat), &opts).map(|r| r.ours.map(|o| o.0 == Verdict::Fail))
    });
    let elapsed = start.elapsed().as_secs_f32();
    let mut md = report(&args, &recs, &res_recs, &errors, elapsed, &opts);
    md.push_str(&real_photos(&dir, &opts));
    // The capture checks, the front-and-back comparison (issue 5; src/corpus/capture_eval.rs) and
    // the faces, left out when `--classes` picks a few classes for a quick look.
    if args.classes.len() == Class::ALL.len() && !args.documents_only {
        md.push_str(&capture_sections(&args, &mat, &opts));
        md.push_str(&corpus::face_eval::section(args.n, args.seed, args.threads, &mat, &dir));
    }
    print!("{md}");
    if let Some(path) = &args.out {
        if let Err(e) = std::fs::write(path, &md) {
            eprintln!("kyc-eval: cannot write {path}: {e}");
            std::process::exit(1);
        }
    }
}

/// Real photos from the fetched set (scripts/fetch-photos.sh): what each shows and what the
/// checks should say about it.
const REAL: [(&str, &str, Truth); 17] = [
    ("text_defocus.jpg", "printed text, out of focus", Truth::Blurred),
    ("text_motion.jpg", "printed text, motion-blurred", Truth::Blurred),
    ("licenseplate_motion.jpg", "a licence plate, motion-blurred", Truth::Blurred),
    ("clock_motion.png", "a clock, motion-blurred", Truth::Blurred),
    ("sudoku.png", "a printed page in perspective", Truth::Sharp),
    ("page.png", "a scanned page of text", Truth::Sharp),
    ("text.png", "text printed on a surface", Truth::Sharp),
    ("brick.png", "a brick wall", Truth::NoDocument),
    ("pic1.png", "an indoor scene with boxes", Truth::NoDocument),
    ("grass.png", "grass", Truth::NoDocument),
    ("gravel.png", "gravel", Truth::NoDocument),
    ("coffee.png", "a cup of coffee", Truth::NoDocument),
    ("chelsea.png", "a cat", Truth::NoDocument),
    ("astronaut.png", "a portrait", Truth::NoDocument),
    ("baboon.jpg", "a baboon", Truth::NoDocument),
    ("fruits.jpg", "fruit", Truth::NoDocument),
    ("building.jpg", "a building", Truth::NoDocument),
];

#[derive(Debug, Clone, Copy, PartialEq)]
enum Truth {
    /// Blurred by the camera: the blur check should fail it.
    Blurred,
    /// Sharp: the blur check should not fail it.
    Sharp,
    /// No document in view: the locator should find none (the crop check then fails it as missing).
    NoDocument,
}

/// The real photos' table: our blur verdict and the document found, beside the peers' LV rules.
fn real_photos(dir: &std::path::Path, opts: &Options) -> String {
    let mut md = String::from("\n## Real photos (not generated)\n\n");
    md.push_str("Photos from registry packages (`scripts/fetch-photos.sh`), run through every check as they are. \"right\" says whether our checks did what the photo asks: fail `blur` on a blurred photo, not fail it on a sharp one, find no document where there is none.\n\n");
    md.push_str("| photo | shows | size | ours: `blur` (score ‰) | document found | right | LV | LV < 400 / 150 / 60 |\n| --- | --- | --- | --- | --- | --- | --- | --- |\n");
    let (mut right, mut total) = (0, 0);
    for (name, shows, truth) in REAL {
        let Ok(bytes) = std::fs::read(dir.join(name)) else { continue };
        let Ok(report) = kyc_preflight::validate(Input::Encoded(&bytes), opts) else { continue };
        let Ok(img) = image::load_from_memory(&bytes) else { continue };
        let rgba = img.to_rgba8();
        let input = Input::Rgba { data: rgba.as_raw(), width: rgba.width(), height: rgba.height() };
        let Ok(pixels) = decode::load(input, &opts.limits()) else { continue };
        let lv = peers::laplacian_variance(&peers::luma_plane(&Frame::new(&pixels)));
        let blur = report.check("blur").map(|f| (f.verdict, f.score)).unwrap_or((Verdict::Pass, f32::NAN));
        let found = report.document.is_some();
        let ok = match truth {
            Truth::Blurred => blur.0 == Verdict::Fail,
            Truth::Sharp => blur.0 != Verdict::Fail,
            Truth::NoDocument => !found,
        };
        total += 1;
        right += ok as usize;
        let rules = [400.0, 150.0, 60.0].map(|t| if lv < t { "blurry" } else { "sharp" }).join(" / ");
        let _ = writeln!(
            md,
            "| {name} | {shows} | {}×{} | {:?} ({:.1}) | {} | {} | {lv:.0} | {rules} |",
            report.width, report.height, blur.0, blur.1, if found { "yes" } else { "no" }, if ok { "yes" } else { "**no**" }
        );
    }
    let _ = writeln!(md, "\nRight on {right} of {total} photos.");
    md
}

/// Prints the label of sample `CLASS:SEED` (seed in hex, as the report lists it; an optional
/// `:SCALE` renders it at another size) and every finding, and saves it as `/tmp/kyc-show.png`.
fn show(spec: &str, mat: &Material, opts: &Options) -> i32 {
    if std::path::Path::new(spec).is_file() {
        return show_photo(spec, opts);
    }
    let parts: Vec<&str> = spec.split(':').collect();
    let class = Class::ALL.iter().find(|c| parts.first() == Some(&c.name()));
    let seed = parts.get(1).and_then(|s| u64::from_str_radix(s, 16).ok());
    let scale = parts.get(2).and_then(|s| s.parse::<f32>().ok()).unwrap_or(1.0);
    let (Some(&class), Some(seed)) = (class, seed) else {
        eprintln!("kyc-eval: --show wants CLASS:SEED[:SCALE], e.g. clean:431d7fe29ce40283");
        return 2;
    };
    let s = corpus::generate(seed, class, scale, mat);
    println!("{} {} {} sev {:.3} {}x{} quad {:?}", class.name(), s.label.variant, s.label.band.name(), s.label.severity, s.width, s.height, s.label.quad);
    let Ok(img) = image::load_from_memory(&s.jpeg) else { return 1 };
    let _ = img.save("/tmp/kyc-show.png");
    let rgba = img.to_rgba8();
    let input = Input::Rgba { data: rgba.as_raw(), width: s.width, height: s.height };
    match validate_decoded(input, &s.jpeg, opts) {
        Ok(r) => {
            println!("located {:?}", r.document.map(|q| q.corners.map(|p| [p.x.round(), p.y.round()])));
            // The true outline in green, the located one in red: /tmp/kyc-show-outline.png.
            let mut over = rgba.clone();
            draw_quad(&mut over, &s.label.quad, [0, 220, 0, 255]);
            if let Some(q) = r.document {
                draw_quad(&mut over, &q.corners.map(|p| [p.x, p.y]), [255, 0, 0, 255]);
            }
            let _ = image::DynamicImage::ImageRgba8(over).thumbnail(900, 900).save("/tmp/kyc-show-outline.png");
            for f in &r.checks {
                println!("{:<12} {:?} score {:.3} threshold {}", f.id, f.verdict, f.score, f.threshold);
            }
            0
        }
        Err(e) => {
            eprintln!("{e}");
            1
        }
    }
}

/// Draws the quadrilateral's sides, 3 px wide, on the image (corners outside it are clipped).
fn draw_quad(img: &mut image::RgbaImage, q: &[[f32; 2]; 4], colour: [u8; 4]) {
    let (w, h) = (img.width() as i64, img.height() as i64);
    let width = (w.max(h) / 400).max(1);
    for i in 0..4 {
        let (a, b) = (q[i], q[(i + 1) % 4]);
        let steps = ((b[0] - a[0]).abs().max((b[1] - a[1]).abs()).ceil() as usize).clamp(1, 20_000);
        for k in 0..=steps {
            let t = k as f32 / steps as f32;
            let (x, y) = ((a[0] + t * (b[0] - a[0])) as i64, (a[1] + t * (b[1] - a[1])) as i64);
            for dy in -width..=width {
                for dx in -width..=width {
                    let (px, py) = (x + dx, y + dy);
                    if px >= 0 && py >= 0 && px < w && py < h {
                        img.put_pixel(px as u32, py as u32, image::Rgba(colour));
                    }
                }
            }
        }
    }
}

/// Prints every finding of the photo file at `path` (for `--show PATH`).
fn show_photo(path: &str, opts: &Options) -> i32 {
    let Ok(bytes) = std::fs::read(path) else { return 2 };
    match kyc_preflight::validate(Input::Encoded(&bytes), opts) {
        Ok(r) => {
            println!("{path} {}x{} located {:?}", r.width, r.height, r.document.map(|q| q.corners.map(|p| [p.x.round(), p.y.round()])));
            for f in &r.checks {
                println!("{:<12} {:?} score {:.3} threshold {}", f.id, f.verdict, f.score, f.threshold);
            }
            0
        }
        Err(e) => {
            eprintln!("{e}");
            1
        }
    }
}

fn report(args: &Args, recs: &[&Rec], res: &[Result<[bool; 4], String>], errors: &[&String], secs: f32, opts: &Options) -> String {
    let mut md = String::new();
    let _ = writeln!(md, "# Accuracy on the generated corpus\n");
    let _ = writeln!(
        md,
        "Produced by `make eval` (`./target/eval/kyc-eval {}`, built with `--profile eval --features corpus`): {} samples ({} per class), \
         seed {}, {} threads, {:.0} s in all. Generator: `src/corpus/`; harness: `src/bin/kyc-eval.rs`.\n",
        args.command, recs.len(), args.n, args.seed, args.threads, secs
    );
    if !errors.is_empty() {
        let _ = writeln!(md, "**{} samples could not be checked**; first error: {}\n", errors.len(), errors[0]);
    }
    let clean: Vec<&&Rec> = recs.iter().filter(|r| r.class == Class::Clean).collect();
    let clean_any = clean.iter().filter(|r| !r.failed.is_empty()).count();

    let _ = writeln!(md, "## Headline\n");
    let _ = writeln!(md, "Catch rate: clearly bad samples of the class that fail the right check. False rejects: clean photos (hard negatives included) that fail that check / any check.\n");
    let _ = writeln!(md, "| check | defect | catch rate (bad band) | clean failing this check | clean failing any check |");
    let _ = writeln!(md, "| --- | --- | --- | --- | --- |");
    for class in [Class::Blur, Class::Glare, Class::Crop, Class::Gray] {
        let Some(ci) = check_index(class) else { continue };
        let bad: Vec<&&Rec> = recs.iter().filter(|r| r.class == class && r.band == Band::Bad).collect();
        let k = bad.iter().filter(|r| caught(r)).count();
        let fr = clean.iter().filter(|r| r.ours[ci].0 == Verdict::Fail).count();
        let _ = writeln!(md, "| `{}` | {} | {} | {} | {} |", CHECKS[ci], class.name(), pct(k, bad.len()), pct(fr, clean.len()), pct(clean_any, clean.len()));
    }

    let _ = writeln!(md, "\n## Peers' rules on the same images\n");
    let _ = writeln!(md, "LV = variance of the 4-neighbour Laplacian of the 8-bit luma (`src/peers.rs`); \"at 512 px\" = after an area-average reduction to a 512-px long side.\n");
    let _ = writeln!(md, "| rule | catch rate, bad blur | catch rate, bad glare | clean photos rejected |");
    let _ = writeln!(md, "| --- | --- | --- | --- |");
    for (p, name) in PEERS.iter().enumerate() {
        let cell = |class: Class| {
            if !peer_rules(class).contains(&p) {
                return "—".to_string();
            }
            let bad: Vec<&&Rec> = recs.iter().filter(|r| r.class == class && r.band == Band::Bad).collect();
            pct(bad.iter().filter(|r| r.peers[p]).count(), bad.len())
        };
        let fr = clean.iter().filter(|r| r.peers[p]).count();
        let _ = writeln!(md, "| {name} | {} | {} | {} |", cell(Class::Blur), cell(Class::Glare), pct(fr, clean.len()));
    }

    let _ = writeln!(md, "\n## By defect, variant and severity band\n");
    let _ = writeln!(md, "\"right check\" = the check meant for the defect fails; \"any\" = at least one check fails. Peers: the blur rules (LV < 400 / 150 / 60, full size) for blur rows, Smile ID's glare rule for glare rows.\n");
    let _ = writeln!(md, "| defect | variant | band | n | severity range | right check fails | any check fails | peers fail |");
    let _ = writeln!(md, "| --- | --- | --- | --- | --- | --- | --- | --- |");
    let mut groups: BTreeMap<(Class, &str, Band), Vec<&&Rec>> = BTreeMap::new();
    for r in recs {
        groups.entry((r.class, r.variant, r.band)).or_default().push(r);
    }
    for ((class, variant, band), g) in &groups {
        let n = g.len();
        let (lo, hi) = g.iter().fold((f32::MAX, f32::MIN), |a, r| (a.0.min(r.severity), a.1.max(r.severity)));
        let right = if *class == Class::Clean { "—".into() } else { pct(g.iter().filter(|r| caught(r)).count(), n) };
        let any = pct(g.iter().filter(|r| !r.failed.is_empty()).count(), n);
        let rules = match class {
            Class::Blur => vec![0, 1, 2],
            Class::Glare => vec![6],
            Class::Clean => vec![0, 1, 2, 6],
            _ => vec![],
        };
        let peers: Vec<String> = rules.iter().map(|&p| format!("{:.0} %", 100.0 * g.iter().filter(|r| r.peers[p]).count() as f32 / n as f32)).collect();
        let peers = if peers.is_empty() { "—".into() } else { peers.join(" / ") };
        let _ = writeln!(md, "| {} | {variant} | {} | {n} | {lo:.2}–{hi:.2} | {right} | {any} | {peers} |", class.name(), band.name());
    }

    let _ = writeln!(md, "\n## Clean photos rejected, by check\n");
    let mut by_check: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for r in &clean {
        for id in &r.failed {
            by_check.entry(id).or_default().push(format!("{} {:016x} {}×{}", r.variant, r.seed, r.size.0, r.size.1));
        }
    }
    if by_check.is_empty() {
        let _ = writeln!(md, "None.");
    }
    for (id, list) in &by_check {
        let shown: Vec<&String> = list.iter().take(8).collect();
        let _ = writeln!(md, "- `{id}`: {} — {}", list.len(), shown.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("; "));
    }

    let _ = writeln!(md, "\n## Clearly bad samples missed (first 6 per defect)\n");
    for class in [Class::Blur, Class::Glare, Class::Crop, Class::Gray] {
        let Some(ci) = check_index(class) else { continue };
        let miss: Vec<String> = recs
            .iter()
            .filter(|r| r.class == class && r.band == Band::Bad && !caught(r))
            .take(6)
            .map(|r| format!("{} sev {:.2} score {:.2} ({:016x}, {}×{})", r.variant, r.severity, r.ours[ci].1, r.seed, r.size.0, r.size.1))
            .collect();
        let _ = writeln!(md, "- {}: {}", class.name(), if miss.is_empty() { "none".into() } else { miss.join("; ") });
    }

    let _ = writeln!(md, "\n## Scores: where the data puts the thresholds\n");
    let _ = writeln!(md, "Quantiles of each check's score on clean photos and on the clearly bad samples of its defect. A threshold separates them when it lies between the clean 99th percentile and the bad 3rd percentile (for `color`, which fails *below* its threshold, between the bad 97th and the clean 1st).\n");
    let _ = writeln!(md, "| check | threshold now | clean p1 / p50 / p99 | bad p3 / p50 / p97 |");
    let _ = writeln!(md, "| --- | --- | --- | --- |");
    let thresholds = [opts.blur.max_blur, opts.glare.max_share, opts.crop.min_margin, opts.color.min_chroma_spread];
    for class in [Class::Blur, Class::Glare, Class::Crop, Class::Gray] {
        let Some(ci) = check_index(class) else { continue };
        let mut c: Vec<f32> = clean.iter().map(|r| r.ours[ci].1).collect();
        let mut b: Vec<f32> = recs.iter().filter(|r| r.class == class && r.band == Band::Bad).map(|r| r.ours[ci].1).collect();
        let q = |v: &mut Vec<f32>, a: f32, m: f32, z: f32| format!("{:.2} / {:.2} / {:.2}", quantile(v, a), quantile(v, m), quantile(v, z));
        let _ = writeln!(md, "| `{}` | {} | {} | {} |", CHECKS[ci], thresholds[ci], q(&mut c, 0.01, 0.5, 0.99), q(&mut b, 0.03, 0.5, 0.97));
    }

    let _ = writeln!(md, "\n## Document locator\n");
    let _ = writeln!(md, "How far the located outline lies from the card's true one: the largest distance between matching corners (those outside the frame included), as a share of the card's long side.\n");
    let _ = writeln!(md, "| class | n | within 3 % | 3–10 % | off by more | none found |");
    let _ = writeln!(md, "| --- | --- | --- | --- | --- | --- |");
    for class in Class::ALL {
        let g: Vec<&&Rec> = recs.iter().filter(|r| r.class == class).collect();
        if g.is_empty() {
            continue;
        }
        let count = |f: &dyn Fn(Option<f32>) -> bool| pct(g.iter().filter(|r| f(r.located)).count(), g.len());
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} | {} |",
            class.name(),
            g.len(),
            count(&|e| e.is_some_and(|e| e <= 0.03)),
            count(&|e| e.is_some_and(|e| e > 0.03 && e <= 0.1)),
            count(&|e| e.is_some_and(|e| e > 0.1)),
            count(&|e| e.is_none())
        );
    }

    let _ = writeln!(md, "\n## Resolution independence\n");
    let ok: Vec<&[bool; 4]> = res.iter().filter_map(|r| r.as_ref().ok()).collect();
    let scenes = ok.len() / 3;
    let _ = writeln!(md, "{scenes} scenes (all classes in turn, frames with a 1280–2048 px long side, so 640–4096 px across the scales), each rendered at 0.5×, 1× and 2×; a check agrees when its fail/no-fail verdict is the same at all three scales.\n");
    let _ = writeln!(md, "| check | agreement |");
    let _ = writeln!(md, "| --- | --- |");
    for (ci, id) in CHECKS.iter().enumerate() {
        let agree = ok.chunks_exact(3).filter(|t| t[0][ci] == t[1][ci] && t[1][ci] == t[2][ci]).count();
        let _ = writeln!(md, "| `{id}` | {} |", pct(agree, scenes));
    }
    md
}
