//! Benchmark-only exports (feature `bench`, never shipped): the memory floor the checks are timed against.

use crate::options::Options;
use crate::wasm::read_image_data;
use wasm_bindgen::prelude::*;

/// The sum of all bytes of an `ImageData`, wrapping, after the same copy into wasm memory that
/// `validateImageData` makes. No check can read its input faster than this.
#[wasm_bindgen(js_name = benchReadPass)]
pub fn bench_read_pass(
    #[wasm_bindgen(unchecked_param_type = "ImageData")] image: JsValue,
) -> Result<u32, JsValue> {
    let (data, _, _) = read_image_data(&image, Options::default().limits().max_pixels)?;
    Ok(sum_bytes(&data))
}

/// Adds every byte, in lanes the compiler can vectorise.
fn sum_bytes(data: &[u8]) -> u32 {
    let mut lanes = [0u32; 16];
    let chunks = data.chunks_exact(16);
    let tail: u32 = chunks.remainder().iter().map(|&b| b as u32).sum();
    for chunk in chunks {
        for (lane, &b) in lanes.iter_mut().zip(chunk) {
            *lane = lane.wrapping_add(b as u32);
        }
    }
    lanes.iter().fold(tail, |a, &l| a.wrapping_add(l))
}
