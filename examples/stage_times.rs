//! Times each stage of a document check natively (medians), and prints every finding's score.
//!
//! `cargo run --release --example stage_times [runs] [dir]`: a document photo at 12 MP, 720p
//! and the camera mode's 640×360 (the 720p photo halved by 2×2 means), the same stages as the
//! wasm `benchStages`. The photos are `dir/scene-4032x3024.rgba` and `dir/scene-1280x720.rgba`
//! (raw RGBA: the bench page's scene, written by `node tests/bench/dump-scene.mjs dir`) when
//! `dir` is given, otherwise a synthetic card. The scores printed after each size let two builds be compared
//! for identical results. With `ONLY=blur` (or glare, color, exposure, recapture, locate) it
//! runs that stage `runs` times at each size and nothing else, for a profiler.

use kyc_preflight::decode::Pixels;
use kyc_preflight::frame::Frame;
use kyc_preflight::locate::find_document;
use kyc_preflight::Options;
use std::borrow::Cow;
use std::hint::black_box;
use std::time::Instant;

#[path = "../benches/common/mod.rs"]
mod common;
use common::{document_checks, document_photo};

/// The median time of `runs` calls of `f`, in milliseconds.
fn median_ms<T>(runs: usize, mut f: impl FnMut() -> T) -> f64 {
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            black_box(f());
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[runs / 2]
}

/// The photo of `w`×`h`: read from `dir` when given (640×360 is the 720p one halved).
fn photo(dir: Option<&str>, w: u32, h: u32) -> Vec<u8> {
    let Some(dir) = dir else { return document_photo(w, h) };
    if (w, h) == (640, 360) {
        return halved(&photo(Some(dir), 1280, 720), 1280, 720);
    }
    let path = format!("{dir}/scene-{w}x{h}.rgba");
    std::fs::read(&path).unwrap_or_else(|e| {
        eprintln!("stage_times: {path}: {e}");
        std::process::exit(2)
    })
}

/// Each 2×2 block of an RGBA image replaced by its (rounded) mean.
fn halved(data: &[u8], w: u32, h: u32) -> Vec<u8> {
    let (w, h) = (w as usize, h as usize);
    let mut out = Vec::with_capacity(w * h);
    for y in (0..h).step_by(2) {
        for x in (0..w).step_by(2) {
            for c in 0..4 {
                let at = |dx: usize, dy: usize| data[((y + dy) * w + x + dx) * 4 + c] as u32;
                out.push(((at(0, 0) + at(1, 0) + at(0, 1) + at(1, 1) + 2) / 4) as u8);
            }
        }
    }
    out
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let runs: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(15);
    let dir = args.get(2).map(String::as_str);
    let opts = Options::default();
    for (name, w, h) in [("12MP", 4032u32, 3024u32), ("720p", 1280, 720), ("640x360", 640, 360)] {
        let data = photo(dir, w, h);
        let pixels = Pixels { data: Cow::Borrowed(&data), width: w, height: h, channels: 4, format: None };
        let frame = Frame::new(&pixels);
        let doc = find_document(&frame, &opts.locate);
        let doc = doc.as_ref();
        let checks = document_checks(&frame, doc, &opts);
        if let Ok(stage) = std::env::var("ONLY") {
            let check = checks.iter().find(|(name, _)| *name == stage);
            for _ in 0..runs {
                match check {
                    Some((_, run)) => drop(black_box(run())),
                    None => drop(black_box(find_document(&frame, &opts.locate))),
                }
            }
            continue;
        }
        let mut times = vec![
            ("frame", median_ms(runs, || Frame::new(&pixels).small.scale)),
            ("locate", median_ms(runs, || find_document(&frame, &opts.locate))),
        ];
        times.extend(checks.iter().map(|(name, run)| (*name, median_ms(runs, run))));
        let findings: Vec<_> = checks.iter().map(|(_, run)| run()).collect();
        let total: f64 = times.iter().map(|t| t.1).sum();
        let line: Vec<String> = times.iter().map(|(n, t)| format!("{n} {t:.2}")).collect();
        println!("{name}: {} | sum {total:.2} ms", line.join(", "));
        let scores: Vec<String> = findings.iter().map(|f| format!("{}={:?}({:?})", f.id, f.verdict, f.score)).collect();
        println!("  {} doc={:?}", scores.join(" "), doc.map(|q| q.corners));
    }
}
