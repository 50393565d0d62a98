//! Small generated images shared by the unit tests.

use crate::decode::Pixels;
use crate::frame::{Frame, Small};
use std::borrow::Cow;

/// An RGBA image of `w`×`h` whose pixel (x, y) has the colour `f(x, y)`.
pub fn card_scene(w: u32, h: u32, f: impl Fn(u32, u32) -> [u8; 3]) -> Pixels<'static> {
    let mut data = Vec::with_capacity((w * h * 4) as usize);
    for y in 0..h {
        for x in 0..w {
            let [r, g, b] = f(x, y);
            data.extend_from_slice(&[r, g, b, 255]);
        }
    }
    Pixels { data: Cow::Owned(data), width: w, height: h, channels: 4, format: None }
}

/// The analysis image of `p`.
pub fn small_of(p: &Pixels) -> Small {
    Frame::new(p).small
}
