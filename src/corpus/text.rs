//! Printed text on the synthetic cards: TrueType and OpenType fonts from Debian, drawn with `ab_glyph`.
//!
//! The fonts are copied into `.cache/fonts` by `scripts/fetch-fonts.sh` (licences listed there).
//! When they are missing the cards fall back to glyph-like blocks (see [`super::card`]).

use super::{Img, Rng};
use ab_glyph::{point, Font, FontVec, PxScale, ScaleFont};
use std::path::Path;

/// Faces for labels and values (regular and bold sans and serif).
const FACES: [&str; 5] = ["DejaVuSans.ttf", "DejaVuSerif.ttf", "LiberationSans-Regular.ttf", "LiberationSerif-Regular.ttf", "DejaVuSansCondensed.ttf"];
const BOLD: [&str; 5] = ["DejaVuSans-Bold.ttf", "DejaVuSerif-Bold.ttf", "LiberationSans-Bold.ttf", "LiberationSerif-Bold.ttf", "DejaVuSansCondensed-Bold.ttf"];
/// Faces for the machine-readable zone: OCR-B as ICAO 9303 asks, or a monospace stand-in.
const MRZ: [&str; 3] = ["OCRB.otf", "DejaVuSansMono.ttf", "LiberationMono-Regular.ttf"];
/// A face with Chinese characters, for the names and titles of Chinese cards.
const CJK: &str = "DroidSansFallbackFull.ttf";

/// The fonts the cards are printed with; any list may be empty when a file is missing.
#[derive(Default)]
pub struct Fonts {
    pub faces: Vec<FontVec>,
    pub bold: Vec<FontVec>,
    pub mrz: Vec<FontVec>,
    pub cjk: Option<FontVec>,
}

impl Fonts {
    /// Loads every font found in `dir`, skipping the missing or unreadable ones.
    pub fn load(dir: &Path) -> Fonts {
        let read = |name: &str| std::fs::read(dir.join(name)).ok().and_then(|b| FontVec::try_from_vec(b).ok());
        let all = |names: &[&str]| names.iter().filter_map(|n| read(n)).collect::<Vec<_>>();
        Fonts { faces: all(&FACES), bold: all(&BOLD), mrz: all(&MRZ), cjk: read(CJK) }
    }

    /// Whether there is enough to print a card with (a face, a bold face and an MRZ face).
    pub fn usable(&self) -> bool {
        !self.faces.is_empty() && !self.bold.is_empty() && !self.mrz.is_empty()
    }
}

/// The advance width of `s` at `size` pixels (the font's em size).
pub fn width(font: &FontVec, size: f32, s: &str) -> f32 {
    let scaled = font.as_scaled(PxScale::from(size));
    let mut last = None;
    let mut w = 0.0;
    for ch in s.chars() {
        let id = scaled.glyph_id(ch);
        if let Some(prev) = last {
            w += scaled.kern(prev, id);
        }
        w += scaled.h_advance(id);
        last = Some(id);
    }
    w
}

/// The em size at which the font's capitals are `cap` pixels high.
pub fn size_for_cap_height(font: &FontVec, cap: f32) -> f32 {
    // The height of "H" at 100 px, from its outline; 70 % of the em when there is none.
    let probe = font.glyph_id('H').with_scale(100.0);
    let h = font.outline_glyph(probe).map(|o| o.px_bounds().height()).filter(|h| *h > 1.0).unwrap_or(70.0);
    cap * 100.0 / h
}

/// Draws `s` with its baseline at `y`, starting at `x`, blending `color` by glyph coverage.
/// Returns the advance width.
pub fn draw(img: &mut Img, font: &FontVec, size: f32, x: f32, y: f32, s: &str, color: [f32; 3]) -> f32 {
    let scaled = font.as_scaled(PxScale::from(size));
    let mut caret = x;
    let mut last = None;
    for ch in s.chars() {
        let id = scaled.glyph_id(ch);
        if let Some(prev) = last {
            caret += scaled.kern(prev, id);
        }
        let glyph = id.with_scale_and_position(size, point(caret, y));
        caret += scaled.h_advance(id);
        last = Some(id);
        let Some(outline) = font.outline_glyph(glyph) else { continue };
        let b = outline.px_bounds();
        outline.draw(|gx, gy, cov| {
            img.blend(b.min.x as i64 + gx as i64, b.min.y as i64 + gy as i64, color, cov);
        });
    }
    caret - x
}

/// Draws `s` into the box `[x0, y0, x1, y1]` (pixels): capitals as tall as the box, narrowed
/// down to 70 % when the text is too long, then cut at the last character that fits. Returns
/// the right edge of the text drawn.
pub fn draw_in_box(img: &mut Img, font: &FontVec, b: [f32; 4], s: &str, color: [f32; 3]) -> f32 {
    let cap = (b[3] - b[1]).max(1.0);
    let room = b[2] - b[0];
    let full = size_for_cap_height(font, cap);
    let size = (full * room / width(font, full, s).max(1.0)).clamp(0.7 * full, full);
    let mut fitted = String::new();
    for ch in s.chars() {
        fitted.push(ch);
        if width(font, size, &fitted) > room {
            fitted.pop();
            break;
        }
    }
    b[0] + draw(img, font, size, b[0], b[3], &fitted, color)
}

const SURNAMES: [&str; 16] = [
    "MARTIN", "NGUYEN", "OKAFOR", "SCHMIDT", "GARCIA LOPEZ", "KOWALSKI", "TANAKA", "ANDERSSON", "DUBOIS", "SILVA",
    "HOPPER", "COLLINS", "O'BRIEN", "MÜLLER", "ABUBAKAR", "PETROVA",
];
const GIVEN: [&str; 14] = [
    "ANNA MARIA", "JEAN", "WEI", "FATIMA", "LUCAS", "SOFIA", "GRACE", "EILEEN", "OLUWASEUN", "MATEO", "ELIF", "HIROSHI",
    "CHLOÉ", "AMARA",
];
const CJK_NAMES: [&str; 8] = ["王小明", "李华", "张伟", "陈静", "刘洋", "黄丽", "周杰", "吴敏"];
const STATES: [&str; 6] = [
    "REPUBLIC OF ARDENIA", "KINGDOM OF VESTMARK", "UNITED STATES OF ORLAN", "FEDERAL REPUBLIC OF KALDOR",
    "ESTADO DE MIRANTE", "RÉPUBLIQUE DE BELCOURT",
];
const TITLES: [&str; 5] = ["IDENTITY CARD", "NATIONAL ID", "RESIDENCE PERMIT", "DRIVING LICENCE", "PASSPORT"];
const LABELS: [&str; 10] = [
    "Surname / Nom", "Given names / Prénoms", "Date of birth", "Document No.", "Date of expiry", "Nationality",
    "Place of birth", "Sex", "Date of issue", "Authority",
];

/// A line of what cards print: the issuing state, a field label, or a value.
pub fn header(rng: &mut Rng) -> String {
    format!("{}  {}", STATES[rng.below(STATES.len())], TITLES[rng.below(TITLES.len())])
}

pub fn label(rng: &mut Rng) -> String {
    LABELS[rng.below(LABELS.len())].to_string()
}

/// A field value: a name, a date or a number.
pub fn value(rng: &mut Rng) -> String {
    match rng.below(4) {
        0 => SURNAMES[rng.below(SURNAMES.len())].to_string(),
        1 => GIVEN[rng.below(GIVEN.len())].to_string(),
        2 => format!("{:02}.{:02}.{}", 1 + rng.below(28), 1 + rng.below(12), 1950 + rng.below(60)),
        _ => format!("{}{:08}", (b'A' + rng.below(26) as u8) as char, rng.next_u64() % 100_000_000),
    }
}

/// A Chinese name.
pub fn cjk_name(rng: &mut Rng) -> &'static str {
    CJK_NAMES[rng.below(CJK_NAMES.len())]
}

/// One MRZ line of `n` characters (A–Z, 0–9 and the filler `<`).
pub fn mrz_line(rng: &mut Rng, n: usize, first: bool) -> String {
    let name = |s: &str| s.chars().filter(|c| c.is_ascii_uppercase() || *c == ' ').collect::<String>().replace(' ', "<");
    let mut s = if first {
        let (sur, giv) = (SURNAMES[rng.below(SURNAMES.len())], GIVEN[rng.below(GIVEN.len())]);
        format!("P<UTO{}<<{}", name(sur), name(giv))
    } else {
        format!("{}{:08}UTO{:07}M{:07}", (b'A' + rng.below(26) as u8) as char, rng.next_u64() % 100_000_000, rng.next_u64() % 10_000_000, rng.next_u64() % 10_000_000)
    };
    while s.chars().count() < n {
        s.push('<');
    }
    s.chars().take(n).collect()
}
