//! A seeded, labelled corpus of synthetic ID-card photos for measuring the checks (feature `corpus`).
//!
//! Each sample is a synthetic ID-1 card or passport page ([`card`]) placed in perspective on a
//! real or flat background ([`scene`]) with exactly one defect or none ([`defects`]), encoded as
//! JPEG. The same seed gives the same bytes. Severities are relative to the card, so the same
//! scene can be rendered at any resolution.

pub mod capture;
pub mod capture_eval;
pub mod card;
pub mod defects;
pub mod face_eval;
pub mod faces;
pub mod scene;
pub mod text;

use std::path::{Path, PathBuf};

/// SplitMix64: a small, fast, seedable generator (Steele, Lea & Flood 2014).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f32 {
        (self.next_u64() >> 40) as f32 / (1u64 << 24) as f32
    }
    pub fn range(&mut self, a: f32, b: f32) -> f32 {
        a + (b - a) * self.unit()
    }
    /// Uniform index below `n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
    pub fn chance(&mut self, p: f32) -> bool {
        self.unit() < p
    }
    /// Approximately standard normal: the Irwin–Hall sum of four uniforms, rescaled (cheap
    /// enough for per-pixel sensor noise; tails end at ±3.5).
    pub fn normal(&mut self) -> f32 {
        let s = self.unit() + self.unit() + self.unit() + self.unit();
        (s - 2.0) * 3f32.sqrt()
    }
    /// Like [`Rng::normal`] from a single draw: four 16-bit uniforms from one 64-bit value
    /// (for per-pixel noise on 12 MP frames, where the draws dominate the cost).
    pub fn quick_normal(&mut self) -> f32 {
        let v = self.next_u64();
        let s: u32 = (0..4).map(|k| ((v >> (16 * k)) & 0xFFFF) as u32).sum();
        (s as f32 / 65536.0 - 2.0) * 3f32.sqrt()
    }
    /// Log-uniform in [a, b] (a, b > 0).
    pub fn log_range(&mut self, a: f32, b: f32) -> f32 {
        (a.ln() + (b.ln() - a.ln()) * self.unit()).exp()
    }
}

/// An RGB image of f32 values in 0..255, row-major, 3 values per pixel.
#[derive(Debug, Clone, PartialEq)]
pub struct Img {
    pub w: usize,
    pub h: usize,
    pub data: Vec<f32>,
}

impl Img {
    pub fn new(w: usize, h: usize, rgb: [f32; 3]) -> Img {
        let mut data = Vec::with_capacity(w * h * 3);
        for _ in 0..w * h {
            data.extend_from_slice(&rgb);
        }
        Img { w, h, data }
    }
    #[inline]
    pub fn get(&self, x: usize, y: usize) -> [f32; 3] {
        let i = (y * self.w + x) * 3;
        [self.data[i], self.data[i + 1], self.data[i + 2]]
    }
    #[inline]
    pub fn set(&mut self, x: usize, y: usize, c: [f32; 3]) {
        let i = (y * self.w + x) * 3;
        self.data[i..i + 3].copy_from_slice(&c);
    }
    /// Bilinear sample at (x, y) in pixel-centre coordinates, clamped at the borders.
    pub fn sample(&self, x: f32, y: f32) -> [f32; 3] {
        let x = x.clamp(0.0, (self.w - 1) as f32);
        let y = y.clamp(0.0, (self.h - 1) as f32);
        let (x0, y0) = (x.floor() as usize, y.floor() as usize);
        let (x1, y1) = ((x0 + 1).min(self.w - 1), (y0 + 1).min(self.h - 1));
        let (fx, fy) = (x - x0 as f32, y - y0 as f32);
        let (a, b, c, d) = (self.get(x0, y0), self.get(x1, y0), self.get(x0, y1), self.get(x1, y1));
        let mut out = [0.0; 3];
        for k in 0..3 {
            let top = a[k] + (b[k] - a[k]) * fx;
            let bot = c[k] + (d[k] - c[k]) * fx;
            out[k] = top + (bot - top) * fy;
        }
        out
    }
    /// Blends `c` over the pixel with weight `a` (0..1); out-of-range pixels are ignored.
    #[inline]
    pub fn blend(&mut self, x: i64, y: i64, c: [f32; 3], a: f32) {
        if x < 0 || y < 0 || x >= self.w as i64 || y >= self.h as i64 || a <= 0.0 {
            return;
        }
        let i = (y as usize * self.w + x as usize) * 3;
        for k in 0..3 {
            self.data[i + k] += (c[k] - self.data[i + k]) * a.min(1.0);
        }
    }
    /// The image resized to w×h by area averaging (down) or bilinear sampling (up).
    pub fn resized(&self, w: usize, h: usize) -> Img {
        let (sx, sy) = (self.w as f32 / w as f32, self.h as f32 / h as f32);
        let mut out = Img::new(w, h, [0.0; 3]);
        let (kx, ky) = (sx.floor().max(1.0) as usize, sy.floor().max(1.0) as usize);
        for y in 0..h {
            for x in 0..w {
                let (cx, cy) = ((x as f32 + 0.5) * sx - 0.5, (y as f32 + 0.5) * sy - 0.5);
                if kx == 1 && ky == 1 {
                    out.set(x, y, self.sample(cx, cy));
                    continue;
                }
                let mut acc = [0.0; 3];
                let (x0, y0) = ((x as f32 * sx) as usize, (y as f32 * sy) as usize);
                let mut n = 0.0f32;
                for yy in y0..(y0 + ky).min(self.h) {
                    for xx in x0..(x0 + kx).min(self.w) {
                        let p = self.get(xx, yy);
                        for k in 0..3 {
                            acc[k] += p[k];
                        }
                        n += 1.0;
                    }
                }
                out.set(x, y, acc.map(|v| v / n.max(1.0)));
            }
        }
        out
    }
    /// The w×h region at (x, y) (clamped to the image).
    pub fn crop(&self, x: usize, y: usize, w: usize, h: usize) -> Img {
        let (x, y) = (x.min(self.w - 1), y.min(self.h - 1));
        let (w, h) = (w.min(self.w - x).max(1), h.min(self.h - y).max(1));
        let mut out = Img::new(w, h, [0.0; 3]);
        for yy in 0..h {
            let src = ((y + yy) * self.w + x) * 3;
            out.data[yy * w * 3..(yy + 1) * w * 3].copy_from_slice(&self.data[src..src + w * 3]);
        }
        out
    }
    /// 8-bit RGB, rounded and clamped.
    pub fn to_rgb8(&self) -> Vec<u8> {
        self.data.iter().map(|v| v.round().clamp(0.0, 255.0) as u8).collect()
    }
    pub fn from_rgb8(w: usize, h: usize, rgb: &[u8]) -> Img {
        Img { w, h, data: rgb.iter().map(|&v| v as f32).collect() }
    }
}

/// What is wrong with a sample, if anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Class {
    Clean,
    Blur,
    Glare,
    Crop,
    Gray,
}

impl Class {
    pub const ALL: [Class; 5] = [Class::Clean, Class::Blur, Class::Glare, Class::Crop, Class::Gray];
    pub fn name(self) -> &'static str {
        match self {
            Class::Clean => "clean",
            Class::Blur => "blur",
            Class::Glare => "glare",
            Class::Crop => "crop",
            Class::Gray => "black-and-white",
        }
    }
    /// The id of the check that should fail this class (`None` for clean photos).
    pub fn check_id(self) -> Option<&'static str> {
        match self {
            Class::Clean => None,
            Class::Blur => Some("blur"),
            Class::Glare => Some("glare"),
            Class::Crop => Some("crop"),
            Class::Gray => Some("color"),
        }
    }
}

/// Whether the defect is clearly harmless, clearly bad, or in between (counted in neither rate).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Band {
    Fine,
    Borderline,
    Bad,
}

impl Band {
    pub fn name(self) -> &'static str {
        match self {
            Band::Fine => "fine",
            Band::Borderline => "borderline",
            Band::Bad => "bad",
        }
    }
}

/// The label of a sample.
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    pub class: Class,
    /// The variant: `gaussian-whole`, `corner1`, `tinted`, `fill-90`, ...
    pub variant: &'static str,
    /// The defect's size; its unit depends on the class (see [`defects`]). 0 for clean photos.
    pub severity: f32,
    pub band: Band,
    /// The card's corners in the frame (pixels), clockwise from the top-left of the card.
    pub quad: [[f32; 2]; 4],
}

/// One generated photo: the JPEG file and its label.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    pub seed: u64,
    pub width: u32,
    pub height: u32,
    pub jpeg: Vec<u8>,
    pub label: Label,
}

/// The real photos the generator draws on (backgrounds and portraits). Any that are missing are
/// replaced by drawn stand-ins, so the generator always works; `make eval` fetches them first.
pub struct Material {
    pub backgrounds: Vec<(String, Img)>,
    pub portraits: Vec<Img>,
    /// The fonts of the printed fields (`scripts/fetch-fonts.sh`); glyph blocks without them.
    pub fonts: text::Fonts,
}

/// Photos used as desks and surroundings (from `scripts/fetch-photos.sh`).
pub const BACKGROUND_FILES: [&str; 8] =
    ["brick.png", "gravel.png", "grass.png", "coffee.png", "board.jpg", "home.jpg", "fruits.jpg", "building.jpg"];
/// Photos whose faces serve as card portraits: (file, x, y, w, h) as fractions of the photo.
pub const PORTRAIT_FILES: [(&str, f32, f32, f32, f32); 3] = [
    ("astronaut.png", 0.32, 0.0, 0.42, 0.55),
    ("grace_hopper.jpg", 0.22, 0.0, 0.6, 0.62),
    ("messi5.jpg", 0.25, 0.0, 0.2, 0.45),
];

impl Material {
    /// Loads the photos from `dir` (normally `.cache/photos`), scaled down to at most 1200 px.
    pub fn load(dir: &Path) -> Material {
        let mut backgrounds = Vec::new();
        for name in BACKGROUND_FILES {
            if let Some(img) = read_photo(&dir.join(name), 1200) {
                backgrounds.push((name.to_string(), img));
            }
        }
        let mut portraits = Vec::new();
        for (name, x, y, w, h) in PORTRAIT_FILES {
            if let Some(img) = read_photo(&dir.join(name), 2000) {
                let (fw, fh) = (img.w as f32, img.h as f32);
                let c = img.crop((x * fw) as usize, (y * fh) as usize, (w * fw) as usize, (h * fh) as usize);
                portraits.push(c);
            }
        }
        let fonts = text::Fonts::load(&dir.parent().unwrap_or(dir).join("fonts"));
        Material { backgrounds, portraits, fonts }
    }

    /// The default photo folder: `$KYC_PHOTOS` or `.cache/photos` under the crate.
    pub fn default_dir() -> PathBuf {
        std::env::var_os("KYC_PHOTOS")
            .map(PathBuf::from)
            .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join(".cache/photos"))
    }
}

fn read_photo(path: &Path, max_side: usize) -> Option<Img> {
    let rgb = image::open(path).ok()?.to_rgb8();
    let (w, h) = (rgb.width() as usize, rgb.height() as usize);
    let img = Img::from_rgb8(w, h, rgb.as_raw());
    let long = w.max(h);
    if long > max_side {
        let k = max_side as f32 / long as f32;
        Some(img.resized(((w as f32 * k) as usize).max(1), ((h as f32 * k) as usize).max(1)))
    } else {
        Some(img)
    }
}

/// The seed of sample `index` of `class` in a corpus seeded with `base`.
pub fn sample_seed(base: u64, class: Class, index: u64) -> u64 {
    let mut r = Rng::new(base ^ ((class as u64) << 56) ^ index.wrapping_mul(0xA24B_AED4_963E_E407));
    r.next_u64()
}

/// Generates one sample of `class` from `seed`, at `scale` times its drawn resolution (1.0 normally;
/// 0.5 and 2.0 for the resolution-independence check, which renders the same scene).
pub fn generate(seed: u64, class: Class, scale: f32, mat: &Material) -> Sample {
    scene::render(seed, class, scale, mat)
}
