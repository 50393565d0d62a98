//! Times the `face` check on photos, natively: the faces found, their size, and the time per
//! photo for the reduced search (the check's own work; decoding and the analysis image are
//! timed apart). Times are CPU time of the thread, so that a busy machine does not inflate them.
//!
//! `cargo run --release --example face_timing -- .cache/photos/astronaut.png .cache/photos/coffee.png`
//! With `--short N`, the selfie is searched at a short side of N pixels instead of the default.

use kyc_preflight::checks::face::{check, find_faces, FaceOptions};
use kyc_preflight::decode::{load, Input, Limits};
use kyc_preflight::faces;
use kyc_preflight::frame::Frame;
use kyc_preflight::Kind;

const RUNS: u32 = 20;

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut opts = FaceOptions::default();
    if let Some(i) = args.iter().position(|a| a == "--short") {
        opts.work_short_side = args.get(i + 1).and_then(|v| v.parse().ok()).expect("--short N");
        args.drain(i..i + 2);
    }
    let Some(model) = faces::model() else {
        eprintln!("the face model is not embedded in this build");
        std::process::exit(2);
    };
    println!("| photo | size | faces (side/short side, score) | verdict | face check ms (mean of {RUNS}) | of which model copy ms | analysis image ms |");
    println!("|---|---|---|---|---:|---:|---:|");
    for file in &args {
        let Ok(bytes) = std::fs::read(file) else {
            eprintln!("cannot read {file}");
            continue;
        };
        let Ok(pixels) = load(Input::Encoded(&bytes), &Limits::default()) else {
            eprintln!("cannot decode {file}");
            continue;
        };
        let t = cpu_ns();
        let frame = Frame::new(&pixels);
        let frame_ms = (cpu_ns() - t) as f64 / 1e6;
        let short = pixels.width.min(pixels.height) as f32;
        let found = find_faces(&frame.small, model, &opts);
        let list: Vec<String> = found.iter().map(|f| format!("{:.2} ({:.1})", f.rect.width / short, f.score)).collect();
        let t = cpu_ns();
        let mut verdict = String::new();
        for _ in 0..RUNS {
            verdict = check(&frame, None, Kind::Selfie, Some(model), &opts).key.to_string();
        }
        let ms = (cpu_ns() - t) as f64 / 1e6 / RUNS as f64;
        let t = cpu_ns();
        for _ in 0..RUNS {
            std::hint::black_box(model.clone());
        }
        let clone_ms = (cpu_ns() - t) as f64 / 1e6 / RUNS as f64;
        let name = file.rsplit('/').next().unwrap_or(file);
        println!("| {name} | {}×{} | {} | {verdict} | {ms:.1} | {clone_ms:.2} | {frame_ms:.1} |", pixels.width, pixels.height, list.join(", "));
    }
}

/// CPU time of this thread in nanoseconds (Linux `/proc/thread-self/schedstat`), so that the
/// figures hold on a busy machine; falls back to wall time elsewhere.
fn cpu_ns() -> u64 {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok();
    let ns = stat.and_then(|s| s.split_whitespace().next().and_then(|v| v.parse().ok()));
    ns.unwrap_or_else(|| {
        static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
        START.get_or_init(std::time::Instant::now).elapsed().as_nanos() as u64
    })
}
