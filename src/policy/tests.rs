//! Table-driven tests of the form rules on every boundary, and of the message catalogue.

use super::*;
use crate::messages::CATALOGUE;
use serde_json::{Map, Value};
use std::collections::BTreeSet;

const P: Verdict = Verdict::Pass;
const W: Verdict = Verdict::Warn;
const F: Verdict = Verdict::Fail;

/// Today, the profile as JSON, the form as (key, value) pairs, then the rule id, its verdict and key.
type Case = (&'static str, &'static str, &'static [(&'static str, &'static str)], &'static str, Verdict, &'static str);

const TD3: &str = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10";
const TD1: &str = "I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<";
const KRAKEN: &str = include_str!("../../docs/policy/kraken-2018.json");

const VALIDITY: &[Case] = &[
    // 59, 60 and 61 days: exactly 60 passes.
    ("2026-11-21", "{}", &[("expiryDate", "2027-01-19")], "document-validity", F, "document-validity.too-soon"),
    ("2026-11-21", "{}", &[("expiryDate", "2027-01-20")], "document-validity", P, "document-validity.pass"),
    ("2026-11-21", "{}", &[("expiryDate", "2027-01-21")], "document-validity", P, "document-validity.pass"),
    ("2026-11-21", "{}", &[("expiryDate", "2026-11-21")], "document-validity", F, "document-validity.too-soon"),
    ("2026-11-21", "{}", &[("expiryDate", "2026-11-20")], "document-validity", F, "document-validity.expired"),
    // Across a 29 February: 2023-12-31 + 60 days = 2024-02-29.
    ("2023-12-31", "{}", &[("expiryDate", "2024-02-28")], "document-validity", F, "document-validity.too-soon"),
    ("2023-12-31", "{}", &[("expiryDate", "2024-02-29")], "document-validity", P, "document-validity.pass"),
    // And without one: 2022-12-31 + 60 days = 2023-03-01.
    ("2022-12-31", "{}", &[("expiryDate", "2023-02-28")], "document-validity", F, "document-validity.too-soon"),
    ("2022-12-31", "{}", &[("expiryDate", "2023-03-01")], "document-validity", P, "document-validity.pass"),
    ("2026-11-21", r#"{"minValidityDays": 0}"#, &[("expiryDate", "2026-11-21")], "document-validity", P, "document-validity.pass"),
    ("2026-11-21", r#"{"minValidityDays": 180}"#, &[("expiryDate", "2027-05-19")], "document-validity", F, "document-validity.too-soon"),
    ("2026-11-21", r#"{"minValidityDays": 180}"#, &[("expiryDate", "2027-05-20")], "document-validity", P, "document-validity.pass"),
    ("2026-11-21", "{}", &[("expiryDate", "2027-02-29")], "document-validity", F, "document-validity.invalid"),
    ("2026-11-21", "{}", &[("expiryDate", "20/01/2027")], "document-validity", F, "document-validity.invalid"),
    ("2026-11-21", "{}", &[("expiryDate", " ")], "document-validity", F, "document-validity.empty"),
];

const AGE: &[Case] = &[
    // The day before the 18th birthday fails; the birthday itself passes.
    ("2026-11-21", "{}", &[("dateOfBirth", "2008-11-22")], "age", F, "age.under"),
    ("2026-11-21", "{}", &[("dateOfBirth", "2008-11-21")], "age", P, "age.pass"),
    ("2026-11-21", "{}", &[("dateOfBirth", "2008-11-20")], "age", P, "age.pass"),
    // Born on 29 February: of age on 1 March in a common year, on 29 February in a leap year.
    ("2026-02-28", "{}", &[("dateOfBirth", "2008-02-29")], "age", F, "age.under"),
    ("2026-03-01", "{}", &[("dateOfBirth", "2008-02-29")], "age", P, "age.pass"),
    ("2028-02-28", r#"{"minAge": 16}"#, &[("dateOfBirth", "2012-02-29")], "age", F, "age.under"),
    ("2028-02-29", r#"{"minAge": 16}"#, &[("dateOfBirth", "2012-02-29")], "age", P, "age.pass"),
    // Born on 28 February or 1 March, judged on a leap day.
    ("2024-02-29", "{}", &[("dateOfBirth", "2006-02-28")], "age", P, "age.pass"),
    ("2024-02-29", "{}", &[("dateOfBirth", "2006-03-01")], "age", F, "age.under"),
    ("2026-11-21", r#"{"minAge": 21}"#, &[("dateOfBirth", "2005-11-22")], "age", F, "age.under"),
    ("2026-11-21", r#"{"minAge": 21}"#, &[("dateOfBirth", "2005-11-21")], "age", P, "age.pass"),
    ("2026-11-21", "{}", &[("dateOfBirth", "2026-11-22")], "age", F, "age.future"),
    ("2026-11-21", "{}", &[("dateOfBirth", "1899-05-01")], "age", F, "age.implausible"),
    ("2026-11-21", "{}", &[("dateOfBirth", "1906-11-21")], "age", P, "age.pass"),
    ("2026-11-21", "{}", &[("dateOfBirth", "1990-02-30")], "age", F, "age.invalid"),
    ("2026-11-21", "{}", &[("dateOfBirth", "")], "age", F, "age.empty"),
];

const ADDRESS: &[Case] = &[
    // Exactly three months ago passes; the day before fails.
    ("2026-11-21", "{}", &[("addressProofDate", "2026-08-21")], "address-proof-age", P, "address-proof-age.pass"),
    ("2026-11-21", "{}", &[("addressProofDate", "2026-08-20")], "address-proof-age", F, "address-proof-age.too-old"),
    ("2026-11-21", "{}", &[("addressProofDate", "2026-11-21")], "address-proof-age", P, "address-proof-age.pass"),
    ("2026-11-21", "{}", &[("addressProofDate", "2026-11-22")], "address-proof-age", F, "address-proof-age.future"),
    // On the 31st, three months back is the end of February: the 28th, or the 29th in a leap year.
    ("2026-05-31", "{}", &[("addressProofDate", "2026-02-28")], "address-proof-age", P, "address-proof-age.pass"),
    ("2026-05-31", "{}", &[("addressProofDate", "2026-02-27")], "address-proof-age", F, "address-proof-age.too-old"),
    ("2024-05-31", "{}", &[("addressProofDate", "2024-02-29")], "address-proof-age", P, "address-proof-age.pass"),
    ("2024-05-31", "{}", &[("addressProofDate", "2024-02-28")], "address-proof-age", F, "address-proof-age.too-old"),
    // 31 July back three months is 30 April; across a year end.
    ("2026-07-31", "{}", &[("addressProofDate", "2026-04-30")], "address-proof-age", P, "address-proof-age.pass"),
    ("2026-07-31", "{}", &[("addressProofDate", "2026-04-29")], "address-proof-age", F, "address-proof-age.too-old"),
    ("2027-01-15", "{}", &[("addressProofDate", "2026-10-15")], "address-proof-age", P, "address-proof-age.pass"),
    ("2027-01-15", "{}", &[("addressProofDate", "2026-10-14")], "address-proof-age", F, "address-proof-age.too-old"),
    ("2026-11-21", r#"{"addressProofMaxMonths": 12}"#, &[("addressProofDate", "2025-11-21")], "address-proof-age", P, "address-proof-age.pass"),
    ("2026-11-21", r#"{"addressProofMaxMonths": 12}"#, &[("addressProofDate", "2025-11-20")], "address-proof-age", F, "address-proof-age.too-old"),
    ("2026-11-21", "{}", &[("addressProofDate", "2026-8-21")], "address-proof-age", F, "address-proof-age.invalid"),
    ("2026-11-21", "{}", &[("addressProofDate", "")], "address-proof-age", F, "address-proof-age.empty"),
];

const COUNTRY: &[Case] = &[
    ("2026-11-21", "{}", &[("issuingCountry", "GB"), ("residenceCountry", "GB"), ("documentType", "passport")], "country", P, "country.pass"),
    ("2026-11-21", "{}", &[("issuingCountry", " cn ")], "country", P, "country.pass"),
    ("2026-11-21", "{}", &[("documentType", "id-card")], "country", P, "country.pass"),
    ("2026-11-21", "{}", &[("issuingCountry", "UK")], "country", F, "country.issuing-unknown"),
    ("2026-11-21", "{}", &[("issuingCountry", "")], "country", F, "country.issuing-empty"),
    ("2026-11-21", "{}", &[("residenceCountry", "XX")], "country", F, "country.residence-unknown"),
    ("2026-11-21", "{}", &[("residenceCountry", "  ")], "country", F, "country.residence-empty"),
    ("2026-11-21", "{}", &[("documentType", "visa")], "country", F, "country.document-type-unknown"),
    ("2026-11-21", "{}", &[("documentType", "")], "country", F, "country.document-type-empty"),
    // Kraken's restrictions are on residence only: a Japanese passport held by a UK resident passes.
    ("2026-11-21", KRAKEN, &[("residenceCountry", "JP")], "country", F, "country.residence-restricted"),
    ("2026-11-21", KRAKEN, &[("residenceCountry", "kp"), ("issuingCountry", "GB")], "country", F, "country.residence-restricted"),
    ("2026-11-21", KRAKEN, &[("issuingCountry", "JP"), ("residenceCountry", "GB")], "country", P, "country.pass"),
    ("2026-11-21", r#"{"restrictedIssuingCountries": ["IR"]}"#, &[("issuingCountry", "IR"), ("residenceCountry", "DE")], "country", F, "country.issuing-restricted"),
    ("2026-11-21", r#"{"acceptedDocumentTypesByCountry": {"US": ["passport"]}}"#, &[("issuingCountry", "US"), ("documentType", "driving-licence")], "country", F, "country.document-not-accepted"),
    ("2026-11-21", r#"{"acceptedDocumentTypesByCountry": {"US": ["passport"]}}"#, &[("issuingCountry", "US"), ("documentType", "passport")], "country", P, "country.pass"),
    ("2026-11-21", r#"{"acceptedDocumentTypesByCountry": {"US": ["passport"]}}"#, &[("issuingCountry", "GB"), ("documentType", "driving-licence")], "country", P, "country.pass"),
    ("2026-11-21", r#"{"acceptedDocumentTypes": ["passport", "id-card"]}"#, &[("documentType", "residence-permit")], "country", F, "country.document-type-not-accepted"),
];

const ID_NUMBER: &[Case] = &[
    // PRC resident ID: the example of GB 11643-1999.
    ("2026-11-21", "{}", &[("issuingCountry", "CN"), ("idNumber", "11010519491231002X"), ("dateOfBirth", "1949-12-31")], "id-number", P, "id-number.pass"),
    ("2026-11-21", "{}", &[("issuingCountry", "CN"), ("idNumber", "11010519491231002x")], "id-number", P, "id-number.pass"),
    ("2026-11-21", "{}", &[("issuingCountry", "CN"), ("idNumber", "１１０１０５ １９４９１２３１ ００２Ｘ")], "id-number", P, "id-number.pass"),
    ("2026-11-21", "{}", &[("issuingCountry", "CN"), ("documentType", "driving-licence"), ("idNumber", "11010519491231002X")], "id-number", P, "id-number.pass"),
    ("2026-11-21", "{}", &[("issuingCountry", "CN"), ("idNumber", "110105194912310021")], "id-number", F, "id-number.check-digit"),
    ("2026-11-21", "{}", &[("issuingCountry", "CN"), ("idNumber", "11010519491231002")], "id-number", F, "id-number.cn-format"),
    ("2026-11-21", "{}", &[("issuingCountry", "CN"), ("idNumber", "110105491231002")], "id-number", F, "id-number.cn-format"),
    ("2026-11-21", "{}", &[("issuingCountry", "CN"), ("idNumber", "00010519491231002X")], "id-number", F, "id-number.cn-format"),
    ("2026-11-21", "{}", &[("issuingCountry", "CN"), ("idNumber", "110105194913310020")], "id-number", F, "id-number.cn-birth-date"),
    ("2026-11-21", "{}", &[("issuingCountry", "CN"), ("idNumber", "11010519491231002X"), ("dateOfBirth", "1949-12-30")], "id-number", F, "id-number.cn-birth-mismatch"),
    // A PRC passport number is not a resident ID.
    ("2026-11-21", "{}", &[("issuingCountry", "CN"), ("documentType", "passport"), ("idNumber", "E12345678")], "id-number", P, "id-number.format-only"),
    ("2026-11-21", "{}", &[("issuingCountry", "HK"), ("idNumber", "A123456(3)")], "id-number", P, "id-number.pass"),
    ("2026-11-21", "{}", &[("issuingCountry", "HK"), ("idNumber", "A123456(4)")], "id-number", F, "id-number.check-digit"),
    ("2026-11-21", "{}", &[("issuingCountry", "HK"), ("idNumber", "A12345(6)")], "id-number", F, "id-number.hk-format"),
    ("2026-11-21", "{}", &[("issuingCountry", "TW"), ("idNumber", "a123456789")], "id-number", P, "id-number.pass"),
    ("2026-11-21", "{}", &[("issuingCountry", "TW"), ("idNumber", "A123456780")], "id-number", F, "id-number.check-digit"),
    ("2026-11-21", "{}", &[("issuingCountry", "TW"), ("idNumber", "A12345678")], "id-number", F, "id-number.tw-format"),
    ("2026-11-21", "{}", &[("issuingCountry", "GB"), ("idNumber", "123-456 789")], "id-number", P, "id-number.format-only"),
    ("2026-11-21", "{}", &[("idNumber", "12#45")], "id-number", F, "id-number.bad-characters"),
    ("2026-11-21", "{}", &[("idNumber", "  ")], "id-number", F, "id-number.empty"),
    // The MRZ specimens of ICAO Doc 9303, against the form's dates.
    ("2026-11-21", "{}", &[("mrz", TD3)], "id-number", P, "id-number.mrz-pass"),
    ("2026-11-21", "{}", &[("mrz", TD1), ("dateOfBirth", "1974-08-12"), ("expiryDate", "2012-04-15")], "id-number", P, "id-number.mrz-pass"),
    ("2026-11-21", "{}", &[("mrz", TD3), ("dateOfBirth", "1974-08-21")], "id-number", F, "id-number.mrz-birth-mismatch"),
    ("2026-11-21", "{}", &[("mrz", TD3), ("expiryDate", "2013-04-15")], "id-number", F, "id-number.mrz-expiry-mismatch"),
    ("2026-11-21", "{}", &[("mrz", "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204169ZE184226B<<<<<10")], "id-number", F, "id-number.mrz-check-digit"),
    ("2026-11-21", "{}", &[("mrz", "P<UTOERIKSSON<<ANNA<MARIA")], "id-number", F, "id-number.mrz-format"),
    ("2026-11-21", "{}", &[("mrz", "\n")], "id-number", F, "id-number.mrz-empty"),
    // Both given: the worse result is reported.
    ("2026-11-21", "{}", &[("mrz", TD3), ("issuingCountry", "CN"), ("idNumber", "110105194912310021")], "id-number", F, "id-number.check-digit"),
    ("2026-11-21", "{}", &[("mrz", "L898"), ("issuingCountry", "CN"), ("idNumber", "11010519491231002X")], "id-number", F, "id-number.mrz-format"),
];

const NAME: &[Case] = &[
    ("2026-11-21", "{}", &[("fullName", "ANNA MARIA ERIKSSON"), ("documentName", "ANNA MARIA ERIKSSON ")], "name-format", P, "name-format.pass"),
    ("2026-11-21", "{}", &[("fullName", "anna maria eriksson"), ("documentName", "ANNA MARIA ERIKSSON")], "name-format", W, "name-format.warn"),
    ("2026-11-21", "{}", &[("fullName", "Anna Maria  Eriksson"), ("documentName", "ERIKSSON, ANNA MARIA")], "name-format", W, "name-format.warn"),
    ("2026-11-21", "{}", &[("fullName", "Anna Maria Eriksson"), ("documentName", "ERIKSSON<<ANNA<MARIA")], "name-format", W, "name-format.warn"),
    ("2026-11-21", "{}", &[("fullName", "Sean OBrien"), ("documentName", "SEAN O'BRIEN")], "name-format", W, "name-format.warn"),
    ("2026-11-21", "{}", &[("fullName", "Jean Luc Picard"), ("documentName", "Jean-Luc Picard")], "name-format", W, "name-format.warn"),
    ("2026-11-21", "{}", &[("fullName", "张 三"), ("documentName", "张三")], "name-format", W, "name-format.warn"),
    ("2026-11-21", "{}", &[("fullName", "阿依古丽买买提"), ("documentName", "阿依古丽·买买提")], "name-format", W, "name-format.warn"),
    ("2026-11-21", "{}", &[("fullName", "Anna Erikson"), ("documentName", "ANNA ERIKSSON")], "name-format", F, "name-format.mismatch"),
    ("2026-11-21", "{}", &[("fullName", "张三"), ("documentName", "张山")], "name-format", F, "name-format.mismatch"),
    ("2026-11-21", "{}", &[("fullName", ""), ("documentName", "ANNA")], "name-format", F, "name-format.full-name-empty"),
    ("2026-11-21", "{}", &[("fullName", "Anna"), ("documentName", " ")], "name-format", F, "name-format.document-name-empty"),
];

const TABLES: [(&str, &[Case]); 6] = [
    ("document-validity", VALIDITY),
    ("age", AGE),
    ("address-proof-age", ADDRESS),
    ("country", COUNTRY),
    ("id-number", ID_NUMBER),
    ("name-format", NAME),
];

fn form(pairs: &[(&str, &str)]) -> Form {
    let map: Map<String, Value> = pairs.iter().map(|(k, v)| (k.to_string(), Value::String(v.to_string()))).collect();
    serde_json::from_value(Value::Object(map)).unwrap()
}

fn run(case: &Case) -> RuleResult {
    let (today, profile, pairs, rule, _, _) = case;
    let report = check(&form(pairs), &Profile::from_json(profile).unwrap(), Date::parse(today).unwrap());
    report.rule(rule).unwrap_or_else(|| panic!("{rule} did not run on {pairs:?}")).clone()
}

#[test]
fn every_rule_holds_on_its_boundaries() {
    let mut failures = Vec::new();
    for (_, table) in TABLES {
        for case in table {
            let got = run(case);
            if (got.verdict, got.key) != (case.4, case.5) {
                failures.push(format!("{} {:?}: got {:?} {}, want {:?} {}", case.0, case.2, got.verdict, got.key, case.4, case.5));
            }
            assert!(!got.message.contains('{'), "unfilled placeholder: {}", got.message);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_key_the_rules_emit_is_in_the_catalogue_in_three_languages() {
    for key in keys() {
        assert!(messages::has(key), "{key} is missing from the catalogue");
    }
    // The tables reach every result key (the label keys are used inside other messages).
    let emitted: BTreeSet<&str> = TABLES.iter().flat_map(|(_, t)| t.iter().map(|c| run(c).key)).collect();
    let result_keys: BTreeSet<&str> =
        keys().into_iter().filter(|k| !k.starts_with("document-type.") && !k.starts_with("mrz-field.")).collect();
    assert_eq!(emitted, result_keys, "a key is emitted but not listed, or listed but never reached");
}

/// The `{name}` placeholders of a text.
fn placeholders(text: &str) -> BTreeSet<String> {
    text.split('{').skip(1).filter_map(|s| s.split_once('}')).map(|(name, _)| name.to_string()).collect()
}

#[test]
fn translations_keep_every_placeholder() {
    let ours: BTreeSet<&str> = keys().into_iter().collect();
    for (key, texts) in CATALOGUE.iter().filter(|(k, _)| ours.contains(k)) {
        let en = placeholders(texts[0]);
        assert_eq!(placeholders(texts[1]), en, "{key} zh-Hans");
        assert_eq!(placeholders(texts[2]), en, "{key} zh-Hant");
    }
}

#[test]
fn messages_are_rendered_in_each_language_with_their_values() {
    let case: Case = (
        "2026-11-21",
        r#"{"acceptedDocumentTypesByCountry": {"US": ["passport", "id-card"]}}"#,
        &[("issuingCountry", "US"), ("documentType", "driving-licence")],
        "country",
        F,
        "country.document-not-accepted",
    );
    let mut report = PolicyReport::new(vec![run(&case)]);
    assert_eq!(
        report.rules[0].message,
        "This type of document (driving licence) issued by US is not accepted. Use one of these instead: passport, ID card."
    );
    report.localize(Lang::ZhHans);
    assert_eq!(report.rules[0].message, "不接受由 US 签发的此类证件（驾驶证）。请改用以下证件之一：护照、身份证。");
    report.localize(Lang::ZhHant);
    assert_eq!(report.rules[0].message, "不接受由 US 簽發的此類證件（駕駛執照）。請改用以下證件之一：護照、身份證。");

    let too_soon = run(&VALIDITY[0]);
    assert_eq!(
        too_soon.message,
        "The document expires in 59 days, on 2027-01-19, but it must stay valid for at least 60 days. Use another document, or renew this one first."
    );
    let under = run(&AGE[3]);
    assert!(under.message.contains("from 2026-03-01"), "{}", under.message);
    let mrz = run(&ID_NUMBER[24]);
    assert!(mrz.message.contains("(expiry date, composite check)"), "{}", mrz.message);
}

#[test]
fn long_typed_values_are_shortened_in_messages() {
    let long = "x".repeat(500);
    let r = age::check(&long, Date::parse("2026-11-21").unwrap(), &Profile::default());
    assert_eq!(r.key, "age.invalid");
    assert!(r.message.chars().count() < 120, "{}", r.message);
    assert!(r.message.contains('…'));
}

#[test]
fn only_the_rules_whose_inputs_are_given_run_in_a_fixed_order() {
    let today = Date::parse("2026-11-21").unwrap();
    let empty = check(&Form::default(), &Profile::default(), today);
    assert_eq!(empty.verdict, P);
    assert!(empty.rules.is_empty());

    // One name alone is not enough for name-format.
    let one_name = check(&form(&[("fullName", "Anna")]), &Profile::default(), today);
    assert!(one_name.rules.is_empty());

    let all = form(&[
        ("documentType", "passport"),
        ("issuingCountry", "GB"),
        ("residenceCountry", "GB"),
        ("dateOfBirth", "1990-01-01"),
        ("expiryDate", "2030-01-01"),
        ("addressProofDate", "2026-10-01"),
        ("idNumber", "123456789"),
        ("fullName", "anna eriksson"),
        ("documentName", "ANNA ERIKSSON"),
    ]);
    let report = check(&all, &Profile::default(), today);
    let ids: Vec<&str> = report.rules.iter().map(|r| r.id).collect();
    assert_eq!(ids, ["document-validity", "age", "address-proof-age", "country", "id-number", "name-format"]);
    assert_eq!(report.verdict, W, "the worst is the name's warning");

    let mut expired = all.clone();
    expired.expiry_date = Some("2026-01-01".into());
    assert_eq!(check(&expired, &Profile::default(), today).verdict, F);
}

#[test]
fn malformed_forms_are_typed_errors() {
    for text in ["", "[]", "{", r#"{"dob": "1990-01-01"}"#, r#"{"idNumber": 123}"#, r#"{"mrz": ["a"]}"#] {
        let err = Form::from_json(text).unwrap_err();
        assert!(matches!(err, PolicyError::Form(_)), "{text}");
        assert_eq!(err.code(), "invalid-form");
    }
    // JSON null is the same as leaving the field out.
    assert_eq!(Form::from_json(r#"{"mrz": null}"#).unwrap(), Form::default());
}

#[test]
fn no_input_makes_a_rule_panic() {
    // Awkward strings in every field, on several days, with the default and a strict profile.
    let nasty = [
        "", " ", "\u{0}", "０", "9999-12-31", "0000-01-01", "0000-02-29", "2024-02-29", "-1", "ÿÿÿÿ-ÿÿ-ÿÿ",
        "🙂🙂🙂🙂-🙂-🙂", "<<<<", "ЖЖ", "12345678901234567", "123456789012345678", "999999999999999999",
        "11010500000000002X", "A", "A1", "A123456(", "(((((((((", "\n\n\n", TD1, TD3,
    ];
    let profiles = [Profile::default(), Profile::from_json(KRAKEN).unwrap()];
    let days = ["0000-01-01", "2024-02-29", "9999-12-31"];
    let keys = ["documentType", "issuingCountry", "residenceCountry", "dateOfBirth", "expiryDate", "addressProofDate", "idNumber", "mrz", "fullName", "documentName"];
    for value in nasty {
        let pairs: Vec<(&str, &str)> = keys.iter().map(|k| (*k, value)).collect();
        let f = form(&pairs);
        let f_cn = Form { issuing_country: Some("CN".into()), ..f.clone() };
        for p in &profiles {
            for day in days {
                let today = Date::parse(day).unwrap();
                for form in [&f, &f_cn] {
                    let report = check(form, p, today);
                    assert!(report.rules.len() >= 5, "{value:?}");
                    assert!(report.rules.iter().all(|r| !r.message.is_empty() && messages::has(r.key)));
                }
            }
        }
    }
}
