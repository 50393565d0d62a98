//! What the native benchmarks share (`benches/checks.rs`, `examples/stage_times.rs`): the
//! synthetic document photo and the list of the document checks that read pixels.

use kyc_preflight::checks::{blur, color, crop, exposure, glare, recapture, resolution};
use kyc_preflight::frame::Frame;
use kyc_preflight::geometry::Quad;
use kyc_preflight::{Finding, Options};

/// A document check on one photo, ready to run as often as it is timed.
pub type Check<'a> = (&'static str, Box<dyn Fn() -> Finding + 'a>);

/// Every check a document gets from its pixels, in the order `validate` runs them
/// (`checks::run`), on `frame` with its located document `doc`.
pub fn document_checks<'a>(frame: &'a Frame, doc: Option<&'a Quad>, opts: &'a Options) -> Vec<Check<'a>> {
    let (w, h) = (frame.width, frame.height);
    vec![
        ("blur", Box::new(move || blur::check(frame, doc, &opts.blur))),
        ("glare", Box::new(move || glare::check(frame, doc, &opts.glare))),
        ("crop", Box::new(move || crop::check(w, h, doc, &opts.crop))),
        ("color", Box::new(move || color::check(&frame.small, doc, &opts.color))),
        ("exposure", Box::new(move || exposure::check(&frame.small, doc, &opts.exposure))),
        ("resolution", Box::new(move || resolution::check(w, h, doc, &opts.resolution))),
        ("recapture", Box::new(move || recapture::check(frame, doc, &opts.recapture))),
    ]
}

/// A light card with dark print, tilted on a textured darker desk, with a little noise.
pub fn document_photo(w: u32, h: u32) -> Vec<u8> {
    let mut seed = 0x9e37_79b9u32;
    let mut noise = move || {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        (seed >> 27) as i32 - 16
    };
    let (cx, cy, hw, hh) = (w as f32 * 0.5, h as f32 * 0.52, w as f32 * 0.3, w as f32 * 0.3 / 1.586);
    let (sin, cos) = 0.05f32.sin_cos();
    let mut data = Vec::with_capacity(w as usize * h as usize * 4);
    for y in 0..h {
        for x in 0..w {
            let (dx, dy) = (x as f32 - cx, y as f32 - cy);
            let (u, v) = (dx * cos + dy * sin, -dx * sin + dy * cos);
            let on_card = u.abs() < hw && v.abs() < hh;
            let base: [i32; 3] = if on_card {
                let print = ((u * 0.08).sin() * (v * 0.3).sin()) > 0.7;
                if print { [30, 34, 40] } else { [225, 232, 236] }
            } else {
                let grain = ((y as f32 * 0.05 + (x as f32 * 0.002).sin() * 8.0).sin() * 20.0) as i32;
                [140 + grain, 102 + grain, 66 + grain / 2]
            };
            let n = noise();
            data.extend(base.map(|c| (c + n).clamp(0, 255) as u8));
            data.push(255);
        }
    }
    data
}
