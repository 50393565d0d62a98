//! Runs the checks that fit the photo's kind and gathers their findings into a report.

pub mod blur;
pub mod color;
pub mod glare;

use crate::finding::Report;
use crate::frame::Frame;
use crate::geometry::Quad;
use crate::options::Options;

/// Runs every check on the frame.
pub fn run(frame: &Frame, opts: &Options) -> Report {
    let document: Option<Quad> = None;
    let doc = document.as_ref();
    let checks = vec![
        blur::check(frame, doc, &opts.blur),
        glare::check(frame, doc, &opts.glare),
        color::check(&frame.small, doc, &opts.color),
    ];
    Report::new(frame.width, frame.height, document, checks)
}
