//! `country`: the issuing and residence countries must not be restricted, and the document type
//! must be one the profile accepts from the issuing country.

use super::{countries, field, DocumentType, Param, Profile, RuleResult};
use crate::finding::Verdict;

pub const ID: &str = "country";

/// Every message key this rule can emit.
pub const KEYS: &[&str] = &[
    "country.pass",
    "country.issuing-empty",
    "country.residence-empty",
    "country.issuing-unknown",
    "country.residence-unknown",
    "country.issuing-restricted",
    "country.residence-restricted",
    "country.document-type-empty",
    "country.document-type-unknown",
    "country.document-not-accepted",
    "country.document-type-not-accepted",
];

/// Checks whichever of the three inputs are given; reports the first problem found, reading
/// mistakes before restrictions.
pub fn check(doc_type: Option<&str>, issuing: Option<&str>, residence: Option<&str>, profile: &Profile) -> RuleResult {
    let doc_type = match doc_type.map(read_type).transpose() {
        Ok(t) => t,
        Err(fail) => return fail,
    };
    let issuing = match issuing.map(|c| read_country(c, Side::Issuing)).transpose() {
        Ok(c) => c,
        Err(fail) => return fail,
    };
    let residence = match residence.map(|c| read_country(c, Side::Residence)).transpose() {
        Ok(c) => c,
        Err(fail) => return fail,
    };
    if let Some(code) = &issuing {
        if profile.restricted_issuing_countries.contains(code) {
            return RuleResult::new(ID, Verdict::Fail, "country.issuing-restricted", &[field::ISSUING_COUNTRY])
                .with_text("country", code);
        }
    }
    if let Some(code) = &residence {
        if profile.restricted_residence_countries.contains(code) {
            return RuleResult::new(ID, Verdict::Fail, "country.residence-restricted", &[field::RESIDENCE_COUNTRY])
                .with_text("country", code);
        }
    }
    if let Some(t) = doc_type {
        let accepted = profile.accepted_types(issuing.as_deref());
        if !accepted.contains(&t) {
            let labels = Param::Labels(accepted.iter().map(|a| a.label_key()).collect());
            let result = match &issuing {
                Some(code) => RuleResult::new(
                    ID,
                    Verdict::Fail,
                    "country.document-not-accepted",
                    &[field::DOCUMENT_TYPE, field::ISSUING_COUNTRY],
                )
                .with_text("country", code),
                None => RuleResult::new(ID, Verdict::Fail, "country.document-type-not-accepted", &[field::DOCUMENT_TYPE]),
            };
            return result.with("type", Param::Labels(vec![t.label_key()])).with("accepted", labels);
        }
    }
    let given: Vec<&'static str> = [
        (doc_type.is_some(), field::DOCUMENT_TYPE),
        (issuing.is_some(), field::ISSUING_COUNTRY),
        (residence.is_some(), field::RESIDENCE_COUNTRY),
    ]
    .into_iter()
    .filter_map(|(given, name)| given.then_some(name))
    .collect();
    RuleResult::new(ID, Verdict::Pass, "country.pass", &given)
}

#[derive(Clone, Copy)]
enum Side {
    Issuing,
    Residence,
}

fn read_country(code: &str, side: Side) -> Result<String, RuleResult> {
    let (name, empty, unknown) = match side {
        Side::Issuing => (field::ISSUING_COUNTRY, "country.issuing-empty", "country.issuing-unknown"),
        Side::Residence => (field::RESIDENCE_COUNTRY, "country.residence-empty", "country.residence-unknown"),
    };
    if code.trim().is_empty() {
        return Err(RuleResult::new(ID, Verdict::Fail, empty, &[name]));
    }
    countries::normalize(code)
        .ok_or_else(|| RuleResult::new(ID, Verdict::Fail, unknown, &[name]).with("value", Param::typed(code)))
}

fn read_type(text: &str) -> Result<DocumentType, RuleResult> {
    if text.trim().is_empty() {
        return Err(RuleResult::new(ID, Verdict::Fail, "country.document-type-empty", &[field::DOCUMENT_TYPE]));
    }
    DocumentType::parse(text).ok_or_else(|| {
        RuleResult::new(ID, Verdict::Fail, "country.document-type-unknown", &[field::DOCUMENT_TYPE])
            .with("value", Param::typed(text))
    })
}
