//! Runs the checks that fit the photo's kind and gathers their findings into a report.

pub mod blur;
pub mod color;
pub mod crop;
pub mod glare;
pub mod compression;
pub mod edited;
pub mod exposure;
pub mod face;
pub mod file;
pub mod recapture;
pub mod resolution;
pub mod screenshot;

use crate::finding::{Finding, Report};
use crate::frame::Frame;
use crate::geometry::Quad;
use crate::locate::{find_document, LocateOptions};
use crate::metadata::Metadata;
use crate::options::{Kind, Options};

/// Runs every check on the frame; `encoded` is the original file, `None` for RGBA input.
pub fn run(frame: &Frame, encoded: Option<&[u8]>, opts: &Options) -> Report {
    let held_up = opts.kind == Kind::SelfieWithDocument;
    let document: Option<Quad> = find_document(frame, &LocateOptions { held_up, ..opts.locate });
    let doc = document.as_ref();
    let mut checks = Vec::new();
    if opts.kind != Kind::Selfie {
        checks.extend(document_checks(frame, doc, opts));
    }
    checks.extend(face_check(frame, doc, opts));
    if let Some(bytes) = encoded {
        checks.extend(file_checks(&Metadata::read(bytes), frame, opts));
    }
    Report::new(frame.width, frame.height, document, checks)
}

/// The checks that look at the document's pixels.
fn document_checks(frame: &Frame, doc: Option<&Quad>, opts: &Options) -> Vec<Finding> {
    vec![
        blur::check(frame, doc, &opts.blur),
        glare::check(frame, doc, &opts.glare),
        crop::check(frame.width, frame.height, doc, &opts.crop),
        color::check(&frame.small, doc, &opts.color),
        exposure::check(&frame.small, doc, &opts.exposure),
        resolution::check(frame.width, frame.height, doc, &opts.resolution),
        recapture::check(frame, doc, &opts.recapture),
    ]
}

/// The face check. For `document` it runs only when the face model is loaded (always in native
/// builds; in the browser after `loadFaceModel`), so that document-only pages need not fetch the
/// model; for the selfie kinds a missing model is a `warn` finding that says so.
fn face_check(frame: &Frame, doc: Option<&Quad>, opts: &Options) -> Option<Finding> {
    let model = crate::faces::detector();
    if opts.kind == Kind::Document && model.is_none() {
        return None;
    }
    Some(face::check(frame, doc, opts.kind, model, &opts.face))
}

/// The checks that read the encoded file rather than its pixels. They do not run on RGBA
/// input: without the file there is nothing for them to look at.
fn file_checks(meta: &Metadata, frame: &Frame, opts: &Options) -> Vec<Finding> {
    let mut out = vec![
        file::check(meta, &opts.file),
        edited::check(meta, &opts.edited),
        screenshot::check(meta, frame.width, frame.height, &opts.screenshot),
    ];
    out.extend(compression::check(meta, &opts.compression));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geometry::Point;
    use crate::testutil::card_scene;

    /// Outlines the locator should never give, but which no check may panic on: a sliver
    /// passing no pixel centre, a point, one far outside the photo and one far larger than it.
    #[test]
    fn every_check_takes_a_degenerate_outline() {
        let pixels = card_scene(400, 300, |x, y| [(x % 256) as u8, (y % 256) as u8, 128]);
        let frame = Frame::new(&pixels);
        let quad = |c: [(f32, f32); 4]| Quad { corners: c.map(|(x, y)| Point { x, y }) };
        let outlines = [
            quad([(10.0, 10.0), (107.0, 20.0), (107.0, 20.001), (10.0, 10.001)]),
            quad([(50.0, 50.0); 4]),
            quad([(5000.0, 5000.0), (5100.0, 5000.0), (5100.0, 5100.0), (5000.0, 5100.0)]),
            quad([(-1e6, -1e6), (1e6, -1e6), (1e6, 1e6), (-1e6, 1e6)]),
        ];
        for (i, q) in outlines.iter().enumerate() {
            let findings: Vec<Finding> = document_checks(&frame, Some(q), &Options::default()).into_iter().chain(face_check(&frame, Some(q), &Options::default())).collect();
            assert!(findings.len() >= 7, "outline {i}");
            assert!(findings.iter().all(|f| !f.score.is_nan() && !f.key.is_empty()), "outline {i}: {findings:?}");
        }
    }
}
