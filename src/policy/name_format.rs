//! `name-format`: the typed name must match the printed one; a difference only in case, spacing,
//! punctuation or word order is a warning to type it exactly as printed.

use super::{field, Param, RuleResult};
use crate::finding::Verdict;

pub const ID: &str = "name-format";

/// Every message key this rule can emit.
pub const KEYS: &[&str] = &[
    "name-format.pass",
    "name-format.warn",
    "name-format.mismatch",
    "name-format.full-name-empty",
    "name-format.document-name-empty",
];

/// Compares the name as typed with the name as printed on the document.
pub fn check(full_name: &str, document_name: &str) -> RuleResult {
    let both = &[field::FULL_NAME, field::DOCUMENT_NAME];
    if full_name.trim().is_empty() {
        return RuleResult::new(ID, Verdict::Fail, "name-format.full-name-empty", &[field::FULL_NAME]);
    }
    if document_name.trim().is_empty() {
        return RuleResult::new(ID, Verdict::Fail, "name-format.document-name-empty", &[field::DOCUMENT_NAME]);
    }
    if full_name.trim() == document_name.trim() {
        return RuleResult::new(ID, Verdict::Pass, "name-format.pass", both);
    }
    let printed = Param::typed(document_name);
    if same_name_loosely(full_name, document_name) {
        return RuleResult::new(ID, Verdict::Warn, "name-format.warn", &[field::FULL_NAME]).with("documentName", printed);
    }
    RuleResult::new(ID, Verdict::Fail, "name-format.mismatch", &[field::FULL_NAME]).with("documentName", printed)
}

/// The words of a name: case folded ([`fold`]), with every character that is neither a letter
/// nor a digit (spaces, hyphens, apostrophes, dots, commas, the MRZ filler `<`, the middle dot ·)
/// as a break.
fn words(name: &str) -> Vec<String> {
    name.chars()
        .map(fold)
        .collect::<String>()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Whether two names differ only in case, spacing, punctuation or word order: the same words in
/// any order, or the same letters once every break is removed (`O'Brien` and `OBrien`, `张 三` and `张三`).
pub fn same_name_loosely(a: &str, b: &str) -> bool {
    let (mut wa, mut wb) = (words(a), words(b));
    if wa.concat() == wb.concat() {
        return true;
    }
    in_order(&mut wa);
    in_order(&mut wb);
    wa == wb
}

/// The lower case of a capital in the scripts names are typed and printed in: Latin (with
/// Vietnamese and the letters of Latin Extended-A and -B's Romanian range), Greek, Cyrillic,
/// Armenian and full-width Latin; the final sigma ς is folded with σ. Other characters are
/// returned as they are. `str::to_lowercase` would do this for every script, but its tables
/// are about 10 KB of the gzipped wasm.
fn fold(c: char) -> char {
    let u = c as u32;
    let lower = match u {
        0x41..=0x5A | 0xC0..=0xD6 | 0xD8..=0xDE | 0x391..=0x3A1 | 0x3A3..=0x3AB | 0x410..=0x42F => u + 0x20,
        0xFF21..=0xFF3A => u + 0x20,
        0x400..=0x40F => u + 0x50,
        0x531..=0x556 => u + 0x30,
        0x386 => 0x3AC,
        0x388..=0x38A => u + 0x25,
        0x38C => 0x3CC,
        0x38E | 0x38F => u + 0x3F,
        0x3C2 => 0x3C3,
        0x130 => 0x69,
        0x178 => 0xFF,
        0x1E9E => 0xDF,
        0x1AF => 0x1B0,
        0x139..=0x148 | 0x179..=0x17E | 0x4C1..=0x4CE if u % 2 == 1 => u + 1,
        0x4C0 => 0x4CF,
        _ if u % 2 == 0 && EVEN_CAPITALS.iter().any(|r| r.contains(&u)) => u + 1,
        _ => u,
    };
    char::from_u32(lower).unwrap_or(c)
}

/// Ranges where each capital is at an even code point and its small letter follows it.
const EVEN_CAPITALS: [std::ops::RangeInclusive<u32>; 10] = [
    0x100..=0x137,
    0x14A..=0x177,
    0x1A0..=0x1A1,
    0x200..=0x21F,
    0x222..=0x233,
    0x460..=0x481,
    0x48A..=0x4BF,
    0x4D0..=0x52F,
    0x1E00..=0x1E95,
    0x1EA0..=0x1EFF,
];

/// Sorts words by a heap sort: the order `sort` gives (equal words are the same text), in
/// O(n log n) for any input, without the standard sort's code in the wasm.
fn in_order(words: &mut [String]) {
    let n = words.len();
    for root in (0..n / 2).rev() {
        sift_down(words, root, n);
    }
    for end in (1..n).rev() {
        words.swap(0, end);
        sift_down(words, 0, end);
    }
}

/// Moves `words[root]` down the heap `words[..end]` until no child is greater.
fn sift_down(words: &mut [String], mut root: usize, end: usize) {
    loop {
        let mut child = 2 * root + 1;
        if child >= end {
            return;
        }
        if child + 1 < end && words[child] < words[child + 1] {
            child += 1;
        }
        if words[root] >= words[child] {
            return;
        }
        words.swap(root, child);
        root = child;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The blocks [`fold`] covers, with std's one-character lower case as the reference.
    #[test]
    fn fold_agrees_with_to_lowercase_in_the_scripts_it_covers() {
        let blocks = [
            0x20..0x180, 0x1A0..0x1A2, 0x1AF..0x1B1, 0x200..0x220, 0x222..0x234, 0x386..0x3CF, 0x400..0x482,
            0x48A..0x530, 0x531..0x587, 0x1E00..0x1F00, 0xFF00..0xFF60,
        ];
        let mut folded = 0;
        for u in blocks.into_iter().flatten() {
            let Some(c) = char::from_u32(u) else { continue };
            let std: Vec<char> = c.to_lowercase().collect();
            let expected = match (c, std.as_slice()) {
                ('ς', _) => 'σ',
                ('İ', _) => 'i',
                (_, [one]) => *one,
                _ => continue,
            };
            assert_eq!(fold(c), expected, "U+{u:04X} {c}");
            folded += usize::from(expected != c);
        }
        assert!(folded > 500, "{folded} capitals folded");
    }

    #[test]
    fn names_in_other_scripts_differ_only_in_case() {
        assert!(same_name_loosely("MÜLLER, JOSÉ", "José Müller"));
        assert!(same_name_loosely("ΟΔΥΣΣΕΑΣ", "οδυσσεας"));
        assert!(same_name_loosely("ΟΔΥΣΣΈΑΣ", "Οδυσσέας"));
        assert!(same_name_loosely("ИВАНОВ ЁЖИК", "ёжик иванов"));
        assert!(same_name_loosely("NGUYỄN VĂN ĐỨC", "Nguyễn Văn Đức"));
        assert!(same_name_loosely("ŞTEFĂNESCU ȘTEFAN", "ştefănescu ștefan"));
        assert!(!same_name_loosely("MÜLLER", "Muller"));
    }

    #[test]
    fn in_order_sorts_as_the_standard_sort() {
        let pool = ["li", "wei", "anna", "li", "o", "brien", "张", "三", "", "anna"];
        for n in 0..pool.len() {
            for start in 0..pool.len() {
                let mut words: Vec<String> = (0..n).map(|k| pool[(start + 3 * k) % pool.len()].to_string()).collect();
                let mut sorted = words.clone();
                sorted.sort();
                in_order(&mut words);
                assert_eq!(words, sorted);
            }
        }
    }
}
