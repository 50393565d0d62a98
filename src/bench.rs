//! Benchmark-only exports (feature `bench`, never shipped): the memory floor the checks are timed against.

use crate::checks::{blur, color, crop, exposure, glare, recapture, resolution};
use crate::decode::{load, Input};
use crate::frame::Frame;
use crate::locate::find_document;
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

/// Adds every byte, 16 at a time with wasm SIMD when the build has it.
fn sum_bytes(data: &[u8]) -> u32 {
    #[cfg(target_feature = "simd128")]
    {
        use core::arch::wasm32::*;
        let mut acc = u32x4_splat(0);
        let chunks = data.chunks_exact(16);
        let tail: u32 = chunks.remainder().iter().map(|&b| b as u32).sum();
        for chunk in chunks {
            // SAFETY: the chunk is 16 bytes long; v128 loads are unaligned.
            let v = unsafe { v128_load(chunk.as_ptr() as *const v128) };
            let pairs = u16x8_extadd_pairwise_u8x16(v);
            acc = i32x4_add(acc, u32x4_extadd_pairwise_u16x8(pairs));
        }
        let lanes = [u32x4_extract_lane::<0>(acc), u32x4_extract_lane::<1>(acc), u32x4_extract_lane::<2>(acc), u32x4_extract_lane::<3>(acc)];
        lanes.iter().fold(tail, |a, &l| a.wrapping_add(l))
    }
    #[cfg(not(target_feature = "simd128"))]
    {
        data.iter().fold(0u32, |a, &b| a.wrapping_add(b as u32))
    }
}

#[wasm_bindgen]
extern "C" {
    /// `performance.now()`, in milliseconds.
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    fn performance_now() -> f64;
}

/// Times each stage of `validateImageData` on one `ImageData` with default options: the copy
/// into wasm memory, the one pass into the analysis image, locating the document and each pixel
/// check. Returns `[name, milliseconds]` pairs in order.
#[wasm_bindgen(js_name = benchStages)]
pub fn bench_stages(
    #[wasm_bindgen(unchecked_param_type = "ImageData")] image: JsValue,
) -> Result<js_sys::Array, JsValue> {
    let opts = Options::default();
    let mut stages = Stages { out: js_sys::Array::new(), last: performance_now() };
    let (data, width, height) = read_image_data(&image, opts.limits().max_pixels)?;
    stages.mark("copy into wasm memory");
    let input = Input::Rgba { data: &data, width, height };
    let pixels = load(input, &opts.limits()).map_err(|e| JsValue::from_str(&e.to_string()))?;
    let frame = Frame::new(&pixels);
    stages.mark("frame (one pass into the analysis image)");
    let doc = find_document(&frame, &opts.locate);
    stages.mark("locate");
    let doc = doc.as_ref();
    blur::check(&frame, doc, &opts.blur);
    stages.mark("blur");
    glare::check(&frame, doc, &opts.glare);
    stages.mark("glare");
    crop::check(width, height, doc, &opts.crop);
    stages.mark("crop");
    color::check(&frame.small, doc, &opts.color);
    stages.mark("color");
    exposure::check(&frame.small, doc, &opts.exposure);
    stages.mark("exposure");
    resolution::check(width, height, doc, &opts.resolution);
    stages.mark("resolution");
    recapture::check(&frame, doc, &opts.recapture);
    stages.mark("recapture");
    Ok(stages.out)
}

/// Collects the time since the previous mark under each name.
struct Stages {
    out: js_sys::Array,
    last: f64,
}

impl Stages {
    fn mark(&mut self, name: &str) {
        let now = performance_now();
        let pair = js_sys::Array::of2(&JsValue::from_str(name), &JsValue::from_f64(now - self.last));
        self.out.push(&pair);
        self.last = performance_now();
    }
}
