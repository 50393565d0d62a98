//! The synthetic document photo that the native benchmarks time (`benches/checks.rs`,
//! `examples/stage_times.rs`).

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
