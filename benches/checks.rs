//! Native throughput of the core, stage by stage and check by check, in megapixels per second.
//!
//! `cargo bench --bench checks` times each item on a 12 MP (4032×3024) and a 720p synthetic
//! document photo; criterion prints the rate as `Melem/s`, one element being one input pixel.
//! Under `cargo test --all-targets` each item runs once, on a small photo, as a smoke test.
//! The checks that read the encoded file (format, metadata, compression) are not here: their
//! cost does not grow with the pixels.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use kyc_preflight::decode::Pixels;
use kyc_preflight::frame::Frame;
use kyc_preflight::locate::find_document;
use kyc_preflight::{validate, Input, Options};
use std::borrow::Cow;
use std::hint::black_box;

mod common;
use common::{document_checks, document_photo};

/// The sizes timed: the two of the browser benchmark, or one small size in a test run.
fn sizes() -> Vec<(&'static str, u32, u32)> {
    if std::env::args().any(|a| a == "--bench") {
        vec![("12MP", 4032, 3024), ("720p", 1280, 720)]
    } else {
        vec![("smoke", 320, 240)]
    }
}

fn bench_checks(c: &mut Criterion) {
    let opts = Options::default();
    for (name, w, h) in sizes() {
        let data = document_photo(w, h);
        let pixels = Pixels { data: Cow::Borrowed(&data), width: w, height: h, channels: 4, format: None };
        let mut group = c.benchmark_group(name);
        group.throughput(Throughput::Elements(w as u64 * h as u64));
        group.sample_size(20);
        group.bench_function("read pass (sum of bytes)", |b| {
            b.iter(|| black_box(&data).iter().fold(0u32, |s, &x| s.wrapping_add(x as u32)))
        });
        group.bench_function("frame (one pass into the analysis image)", |b| {
            b.iter(|| Frame::new(black_box(&pixels)).small.scale)
        });
        let frame = Frame::new(&pixels);
        group.bench_function("locate (the document's quadrilateral)", |b| {
            b.iter(|| find_document(black_box(&frame), &opts.locate))
        });
        let doc = find_document(&frame, &opts.locate);
        let doc = doc.as_ref();
        for (check, run) in document_checks(&frame, doc, &opts) {
            group.bench_function(BenchmarkId::new("check", check), |b| b.iter(|| black_box(run())));
        }
        group.bench_function("validate (every document check)", |b| {
            b.iter(|| validate(Input::Rgba { data: black_box(&data), width: w, height: h }, &opts))
        });
        group.finish();
    }
}

criterion_group!(benches, bench_checks);
criterion_main!(benches);
