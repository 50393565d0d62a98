//! The camera instructions the demo page asks the core for (`camera.*` keys in www/guidance.js)
//! are all in the message catalogue, and the catalogue has no `camera.*` key the page never uses.

use kyc_preflight::messages::{self, Lang, CATALOGUE};
use std::collections::BTreeSet;

const GUIDANCE_JS: &str = include_str!("../www/guidance.js");

/// Every quoted `'camera.…'` string in the page's guidance rules.
fn page_keys() -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    for part in GUIDANCE_JS.split('\'').skip(1).step_by(2) {
        let is_key = part.starts_with("camera.") && part[7..].chars().all(|c| c.is_ascii_lowercase() || c == '-');
        if is_key && part.len() > 7 {
            keys.insert(part.to_string());
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
