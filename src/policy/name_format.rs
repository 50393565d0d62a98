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

/// The words of a name: lower case, with every character that is neither a letter nor a digit
/// (spaces, hyphens, apostrophes, dots, commas, the MRZ filler `<`, the middle dot ·) as a break.
fn words(name: &str) -> Vec<String> {
    name.to_lowercase()
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
