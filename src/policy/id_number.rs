//! `id-number`: the ID number must fit the issuing country's format and check digit, and a
//! machine-readable zone, when entered, must pass every check digit.

use super::checkdigit::{hkid_ok, prc_resident_id_ok, taiwan_id_ok};
use super::mrz::{Mrz, MrzShapeError};
use super::{countries, field, to_half_width, Date, DocumentType, Form, Param, RuleResult};
use crate::finding::Verdict;

pub const ID: &str = "id-number";

/// Every message key this rule can emit.
pub const KEYS: &[&str] = &[
    "id-number.pass",
    "id-number.format-only",
    "id-number.empty",
    "id-number.bad-characters",
    "id-number.check-digit",
    "id-number.cn-format",
    "id-number.cn-birth-date",
    "id-number.cn-birth-mismatch",
    "id-number.hk-format",
    "id-number.tw-format",
    "id-number.mrz-pass",
    "id-number.mrz-empty",
    "id-number.mrz-format",
    "id-number.mrz-check-digit",
    "id-number.mrz-birth-mismatch",
    "id-number.mrz-expiry-mismatch",
];

/// Checks `idNumber` and `mrz`, whichever are given, and reports the worse of the two (the ID
/// number's result when they tie).
pub fn check(form: &Form, today: Date) -> RuleResult {
    let number = form.id_number.as_deref().map(|n| check_number(n, form, today));
    let mrz = form.mrz.as_deref().map(|m| check_mrz(m, form));
    match (number, mrz) {
        (Some(n), Some(m)) if m.verdict > n.verdict => m,
        (Some(n), _) => n,
        (None, Some(m)) => m,
        (None, None) => RuleResult::new(ID, Verdict::Fail, "id-number.empty", &[field::ID_NUMBER]),
    }
}

fn fail(key: &'static str) -> RuleResult {
    RuleResult::new(ID, Verdict::Fail, key, &[field::ID_NUMBER])
}

/// Chooses the format by issuing country and document type: the PRC resident ID (also the
/// number of PRC driving licences and residence permits), the Hong Kong and Taiwan identity
/// cards; any other number is only checked for stray characters.
fn check_number(typed: &str, form: &Form, today: Date) -> RuleResult {
    let compact: String =
        to_half_width(typed).chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_uppercase();
    if compact.is_empty() {
        return fail("id-number.empty");
    }
    let issuing = form.issuing_country.as_deref().and_then(countries::normalize);
    let doc_type = form.document_type.as_deref().and_then(DocumentType::parse);
    let card_or_unknown = matches!(doc_type, None | Some(DocumentType::IdCard));
    match issuing.as_deref() {
        Some("CN") if doc_type != Some(DocumentType::Passport) => prc_resident_id(&compact, form, today),
        Some("HK") if card_or_unknown => {
            let id: String = compact.chars().filter(|c| !matches!(c, '(' | ')')).collect();
            verdict_of(hkid_ok(&id), "id-number.hk-format")
        }
        Some("TW") if card_or_unknown => verdict_of(taiwan_id_ok(&compact), "id-number.tw-format"),
        _ => {
            let plain = compact.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '/' | '.'));
            if plain {
                RuleResult::new(ID, Verdict::Pass, "id-number.format-only", &[field::ID_NUMBER])
            } else {
                fail("id-number.bad-characters")
            }
        }
    }
}

fn verdict_of(ok: Option<bool>, format_key: &'static str) -> RuleResult {
    match ok {
        None => fail(format_key),
        Some(false) => fail("id-number.check-digit"),
        Some(true) => RuleResult::new(ID, Verdict::Pass, "id-number.pass", &[field::ID_NUMBER]),
    }
}

/// The first two digits of a PRC resident ID: a province-level division (GB/T 2260), 71 for
/// Taiwan, 81–83 for the residence permits of Hong Kong, Macao and Taiwan residents; or 9 and a
/// region digit on the foreign permanent resident ID card issued since December 2023.
fn prc_region_ok(id: &str) -> bool {
    let two: u32 = id[..2].parse().unwrap_or(0);
    matches!(two, 11..=15 | 21..=23 | 31..=37 | 41..=46 | 50..=54 | 61..=65 | 71 | 81..=83 | 91..=96)
}

/// 18 characters (GB 11643-1999): a six-digit region code, the birth date as YYYYMMDD, a
/// three-digit sequence number and the ISO 7064 MOD 11-2 check character.
fn prc_resident_id(id: &str, form: &Form, today: Date) -> RuleResult {
    let Some(check_ok) = prc_resident_id_ok(id) else { return fail("id-number.cn-format") };
    if !prc_region_ok(id) {
        return fail("id-number.cn-format");
    }
    let digits = &id[6..14];
    let encoded = match Date::parse(&format!("{}-{}-{}", &digits[..4], &digits[4..6], &digits[6..])) {
        Ok(d) if d <= today => d,
        _ => return fail("id-number.cn-birth-date").with_text("digits", digits),
    };
    if !check_ok {
        return fail("id-number.check-digit");
    }
    if let Some(Ok(dob)) = form.date_of_birth.as_deref().map(Date::parse) {
        if dob != encoded {
            return RuleResult::new(
                ID,
                Verdict::Fail,
                "id-number.cn-birth-mismatch",
                &[field::ID_NUMBER, field::DATE_OF_BIRTH],
            )
            .with_text("encoded", encoded)
            .with_text("dob", dob);
        }
    }
    RuleResult::new(ID, Verdict::Pass, "id-number.pass", &[field::ID_NUMBER])
}

/// Every check digit of the MRZ, then its dates against the form's.
fn check_mrz(typed: &str, form: &Form) -> RuleResult {
    let on_mrz = |key| RuleResult::new(ID, Verdict::Fail, key, &[field::MRZ]);
    let mrz = match Mrz::parse(&to_half_width(typed)) {
        Ok(m) => m,
        Err(MrzShapeError::Empty) => return on_mrz("id-number.mrz-empty"),
        Err(MrzShapeError::Size | MrzShapeError::Character) => return on_mrz("id-number.mrz-format"),
    };
    let bad = mrz.bad_check_digits();
    if !bad.is_empty() {
        let labels = Param::Labels(bad.iter().map(|f| f.label_key()).collect());
        return on_mrz("id-number.mrz-check-digit").with("fields", labels);
    }
    let given = |value: &Option<String>| value.as_deref().and_then(|v| Date::parse(v).ok());
    if let Some(dob) = given(&form.date_of_birth) {
        if dob.yymmdd() != mrz.date_of_birth() {
            return RuleResult::new(ID, Verdict::Fail, "id-number.mrz-birth-mismatch", &[field::MRZ, field::DATE_OF_BIRTH])
                .with_text("mrz", mrz.date_of_birth())
                .with_text("dob", dob);
        }
    }
    if let Some(expiry) = given(&form.expiry_date) {
        if expiry.yymmdd() != mrz.expiry_date() {
            return RuleResult::new(ID, Verdict::Fail, "id-number.mrz-expiry-mismatch", &[field::MRZ, field::EXPIRY_DATE])
                .with_text("mrz", mrz.expiry_date())
                .with_text("expiry", expiry);
        }
    }
    RuleResult::new(ID, Verdict::Pass, "id-number.mrz-pass", &[field::MRZ])
}
