//! Prints, for photos of text re-encoded at each JPEG quality, the quality the `compression`
//! check estimates and how much of the text survives (PSNR, and the share of stroke edges kept).
//! With `--grid`, prints instead each photo's 8×8 blockiness as fetched and after a save at
//! quality 20 then 95 (a re-compressed photo).
//!
//! `cargo run --release --example compression_table -- .cache/photos/text.png .cache/photos/page.png`
//! `cargo run --release --example compression_table -- --grid .cache/photos/*`

use image::codecs::jpeg::JpegEncoder;
use kyc_preflight::checks::compression::{blockiness, estimate_quality};
use kyc_preflight::decode::{load, Input, Limits};
use kyc_preflight::frame::Frame;
use kyc_preflight::metadata::Metadata;

const QUALITIES: [u8; 10] = [10, 20, 30, 40, 50, 60, 70, 80, 90, 95];

fn main() {
    let mut files: Vec<String> = std::env::args().skip(1).collect();
    if files.first().map(String::as_str) == Some("--grid") {
        files.remove(0);
        grid_table(&files);
        return;
    }
    println!("| file | quality set | quality estimated | PSNR (dB) | stroke edges kept |");
    println!("|---|---:|---:|---:|---:|");
    for file in &files {
        let Ok(img) = image::open(file) else {
            eprintln!("cannot read {file}");
            continue;
        };
        let grey = img.to_luma8();
        for q in QUALITIES {
            let mut jpeg = Vec::new();
            if JpegEncoder::new_with_quality(&mut jpeg, q).encode_image(&grey).is_err() {
                continue;
            }
            let est = estimate_quality(&Metadata::read(&jpeg).structure.quant_tables).unwrap_or(0);
            let Ok(back) = image::load_from_memory(&jpeg) else { continue };
            let back = back.to_luma8();
            println!("| {file} | {q} | {est} | {:.1} | {:.2} |", psnr(&grey, &back), edges_kept(&grey, &back));
        }
    }
}

fn psnr(a: &image::GrayImage, b: &image::GrayImage) -> f64 {
    let n = a.as_raw().len() as f64;
    let mse: f64 = a.as_raw().iter().zip(b.as_raw()).map(|(&x, &y)| (x as f64 - y as f64).powi(2)).sum::<f64>() / n;
    10.0 * (255.0f64 * 255.0 / mse.max(1e-9)).log10()
}

/// Of the pixels where the original has a strong edge (horizontal or vertical step over 48 grey
/// levels, as a text stroke's border has), the share where the re-encoded image still steps by
/// at least half as much in the same direction.
fn edges_kept(a: &image::GrayImage, b: &image::GrayImage) -> f64 {
    let (w, h) = a.dimensions();
    let (mut strong, mut kept) = (0u64, 0u64);
    for y in 0..h - 1 {
        for x in 0..w - 1 {
            for (dx, dy) in [(1, 0), (0, 1)] {
                let da = a.get_pixel(x + dx, y + dy)[0] as i32 - a.get_pixel(x, y)[0] as i32;
                if da.abs() < 48 {
                    continue;
                }
                strong += 1;
                let db = b.get_pixel(x + dx, y + dy)[0] as i32 - b.get_pixel(x, y)[0] as i32;
                if db * da.signum() >= da.abs() / 2 {
                    kept += 1;
                }
            }
        }
    }
    kept as f64 / strong.max(1) as f64
}

/// Blockiness of each photo as fetched and after a quality-20 save re-saved at 95.
fn grid_table(files: &[String]) {
    println!("| file | blockiness as fetched | after q20 then q95 |");
    println!("|---|---:|---:|");
    for file in files {
        let Ok(bytes) = std::fs::read(file) else { continue };
        let Ok(img) = image::load_from_memory(&bytes) else { continue };
        let once = reencode(&img.to_rgb8(), 20).and_then(|j| image::load_from_memory(&j).ok());
        let twice = once.and_then(|i| reencode(&i.to_rgb8(), 95));
        let (Some(a), Some(b)) = (grid_of(&bytes), twice.as_deref().and_then(grid_of)) else { continue };
        println!("| {file} | {a:.3} | {b:.3} |");
    }
}

fn reencode(img: &image::RgbImage, q: u8) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, q).encode_image(img).ok()?;
    Some(out)
}

fn grid_of(bytes: &[u8]) -> Option<f32> {
    let pixels = load(Input::Encoded(bytes), &Limits::default()).ok()?;
    Some(blockiness(&Frame::new(&pixels)))
}
