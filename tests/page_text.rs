//! The camera instructions the demo page asks the core for (`camera.*` keys in www/guidance.js)
//! are all in the message catalogue, and the catalogue has no `camera.*` key the page never uses;
//! the resolution defaults the page scales for its reduced live frames are the core's.

use kyc_preflight::checks::resolution::ResolutionOptions;
use kyc_preflight::messages::{self, Lang, CATALOGUE};
use std::collections::BTreeSet;

const GUIDANCE_JS: &str = include_str!("../www/guidance.js");

/// Every quoted `'camera.…'` string in the page's guidance rules.
fn page_keys() -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    for (at, _) in GUIDANCE_JS.match_indices("'camera.") {
        let rest = &GUIDANCE_JS[at + 1..];
        let key: String = rest.chars().take_while(|c| *c != '\'').collect();
        let is_key = key.len() > 7 && key[7..].chars().all(|c| c.is_ascii_lowercase() || c == '-');
        if is_key && rest[key.len()..].starts_with('\'') {
            keys.insert(key);
        }
    }
    keys
}

#[test]
fn every_camera_instruction_is_in_the_catalogue_in_every_language() {
    let keys = page_keys();
    assert!(keys.len() >= 10, "found only {keys:?} in www/guidance.js");
    for key in &keys {
        assert!(messages::has(key), "www/guidance.js uses {key}, which src/messages.rs lacks");
        for lang in Lang::ALL {
            assert_ne!(messages::text(key, lang), key.as_str());
        }
        // Chinese texts are Chinese, and the two scripts are written separately where they differ.
        assert!(messages::text(key, Lang::ZhHans).chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{key}");
    }
}

#[test]
fn the_catalogue_has_no_camera_key_the_page_does_not_use() {
    let keys = page_keys();
    let unused: Vec<&str> =
        CATALOGUE.iter().map(|(k, _)| *k).filter(|k| k.starts_with("camera.") && !keys.contains(*k)).collect();
    assert!(unused.is_empty(), "unused camera keys: {unused:?}");
}

#[test]
fn camera_instructions_are_short() {
    // One glance while holding a phone: the English instruction stays under 45 characters.
    for (key, texts) in CATALOGUE.iter().filter(|(k, _)| k.starts_with("camera.")) {
        assert!(texts[0].chars().count() <= 45, "{key}: {}", texts[0]);
    }
}

/// The number after `name: ` in the `RESOLUTION_DEFAULTS` line of www/guidance.js.
fn page_default(name: &str) -> f32 {
    let line = GUIDANCE_JS.lines().find(|l| l.contains("export const RESOLUTION_DEFAULTS")).expect("RESOLUTION_DEFAULTS in www/guidance.js");
    let rest = &line[line.find(&format!("{name}: ")).unwrap_or_else(|| panic!("{name} in {line}")) + name.len() + 2..];
    let number: String = rest.chars().take_while(|c| c.is_ascii_digit() || *c == '.').collect();
    number.parse().unwrap_or_else(|e| panic!("{name}: {number}: {e}"))
}

#[test]
fn the_page_scales_the_cores_resolution_defaults() {
    let d = ResolutionOptions::default();
    assert_eq!(page_default("minPxPerMm"), d.min_px_per_mm);
    assert_eq!(page_default("warnPxPerMm"), d.warn_px_per_mm);
    assert_eq!(page_default("minLongSide"), d.min_long_side as f32);
    assert_eq!(page_default("minShortSide"), d.min_short_side as f32);
}
