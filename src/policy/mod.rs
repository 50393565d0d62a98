//! Form-data rules checked before upload: document validity, age, proof-of-address date, country,
//! ID number and name, each held to a [`Profile`].
//!
//! ```
//! use kyc_preflight::policy::{check, Date, Form, Profile};
//! use kyc_preflight::Verdict;
//!
//! let form = Form { expiry_date: Some("2027-01-19".into()), ..Form::default() };
//! let today = Date::parse("2026-11-21").unwrap();
//! let report = check(&form, &Profile::default(), today);
//! // 59 days of validity left, 60 needed.
//! assert_eq!(report.rule("document-validity").unwrap().verdict, Verdict::Fail);
//! ```

pub mod address_proof;
pub mod age;
pub mod checkdigit;
pub mod countries;
pub mod country;
pub mod date;
pub mod document_validity;
pub mod id_number;
pub mod mrz;
pub mod name_format;
pub mod profile;

pub use date::{Date, DateError};
pub use profile::{DocumentType, Profile};

use crate::finding::Verdict;
use crate::messages::{self, Lang};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// What the person typed into the form. Every field is optional; a rule runs only when its
/// inputs are present. Keys are camelCase in JSON; unknown keys are an error.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct Form {
    /// `passport`, `id-card`, `driving-licence` or `residence-permit`.
    pub document_type: Option<String>,
    /// ISO 3166 alpha-2 code of the country that issued the document.
    pub issuing_country: Option<String>,
    /// ISO 3166 alpha-2 code of the country where the person lives.
    pub residence_country: Option<String>,
    /// YYYY-MM-DD.
    pub date_of_birth: Option<String>,
    /// YYYY-MM-DD.
    pub expiry_date: Option<String>,
    /// YYYY-MM-DD: the date printed on the proof of address.
    pub address_proof_date: Option<String>,
    /// The document's number, as entered.
    pub id_number: Option<String>,
    /// The machine-readable zone, as entered (line breaks optional).
    pub mrz: Option<String>,
    /// The name as the person typed it.
    pub full_name: Option<String>,
    /// The name as printed on the document.
    pub document_name: Option<String>,
}

impl Form {
    /// Reads a form written as a JSON object.
    pub fn from_json(text: &str) -> Result<Form, PolicyError> {
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| PolicyError::Form(e.to_string()))?;
        if !value.is_object() {
            return Err(PolicyError::Form("the form must be a JSON object".into()));
        }
        serde_json::from_value(value).map_err(|e| PolicyError::Form(e.to_string()))
    }
}

/// Why the rules could not be run at all. Each variant has a stable [`PolicyError::code`].
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum PolicyError {
    /// The form is not JSON of the documented shape.
    #[error("the form could not be read: {0}")]
    Form(String),
    /// The profile is not JSON of the documented shape, or breaks one of its constraints.
    #[error("the profile could not be read: {0}")]
    Profile(String),
    /// The date given as today is not a date.
    #[error("the date given as today is invalid: {0}")]
    Today(DateError),
}

impl PolicyError {
    /// A stable, machine-readable code, used in JSON and as `Error.code` in JS.
    pub fn code(&self) -> &'static str {
        match self {
            PolicyError::Form(_) => "invalid-form",
            PolicyError::Profile(_) => "invalid-profile",
            PolicyError::Today(_) => "invalid-date",
        }
    }
}

/// A value put into a message's `{name}` placeholder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Param {
    /// Shown as it is (a date, a number, a code, what the person typed).
    Text(String),
    /// Catalogue keys, each shown in the message's language and joined into a list.
    Labels(Vec<&'static str>),
}

/// The longest piece of typed text repeated in a message, in characters.
const MAX_ECHO_CHARS: usize = 40;

impl Param {
    /// What the person typed, shortened to 40 characters.
    pub fn typed(text: &str) -> Param {
        let t = text.trim();
        if t.chars().count() <= MAX_ECHO_CHARS {
            return Param::Text(t.to_string());
        }
        Param::Text(t.chars().take(MAX_ECHO_CHARS - 1).chain(['…']).collect())
    }

    fn render(&self, lang: Lang) -> String {
        match self {
            Param::Text(t) => t.clone(),
            Param::Labels(keys) => {
                let sep = if lang == Lang::En { ", " } else { "、" };
                keys.iter().map(|k| messages::text(k, lang)).collect::<Vec<_>>().join(sep)
            }
        }
    }
}

/// The result of one rule: the same shape as a photo finding, without score or region.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleResult {
    /// Stable rule id: `document-validity`, `age`, `address-proof-age`, `country`, `id-number`,
    /// `name-format`.
    pub id: &'static str,
    pub verdict: Verdict,
    /// Stable key of the message, for translation (`age.under`, ...).
    pub key: &'static str,
    /// One plain sentence saying what to do, in the report's language.
    pub message: String,
    /// The form fields (camelCase keys) this result is about: the ones to fix when it is not a pass.
    pub fields: Vec<&'static str>,
    /// The values of the message's placeholders.
    #[serde(skip)]
    pub params: Vec<(&'static str, Param)>,
}

impl RuleResult {
    /// A result with its message in English.
    pub fn new(id: &'static str, verdict: Verdict, key: &'static str, fields: &[&'static str]) -> RuleResult {
        RuleResult { id, verdict, key, message: String::new(), fields: fields.to_vec(), params: Vec::new() }
            .localized(Lang::En)
    }

    /// Adds a placeholder value and re-renders the English message.
    pub fn with(mut self, name: &'static str, value: Param) -> RuleResult {
        self.params.push((name, value));
        self.localized(Lang::En)
    }

    /// Shorthand for [`RuleResult::with`] and [`Param::Text`].
    pub fn with_text(self, name: &'static str, value: impl ToString) -> RuleResult {
        self.with(name, Param::Text(value.to_string()))
    }

    /// The message rendered in `lang`, with its placeholders filled in.
    pub fn localized(mut self, lang: Lang) -> RuleResult {
        self.message = render(self.key, &self.params, lang);
        self
    }
}

/// The text for `key` in `lang` with each `{name}` replaced by its value.
pub fn render(key: &str, params: &[(&'static str, Param)], lang: Lang) -> String {
    let values: Vec<(&'static str, String)> = params.iter().map(|(name, value)| (*name, value.render(lang))).collect();
    messages::render(key, lang, &values)
}

/// Every rule that ran on a form.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PolicyReport {
    /// The worst verdict among the rules; `pass` when none ran.
    pub verdict: Verdict,
    pub rules: Vec<RuleResult>,
}

impl PolicyReport {
    pub fn new(rules: Vec<RuleResult>) -> PolicyReport {
        let verdict = rules.iter().map(|r| r.verdict).max().unwrap_or(Verdict::Pass);
        PolicyReport { verdict, rules }
    }

    /// The result of the rule with this id, if it ran.
    pub fn rule(&self, id: &str) -> Option<&RuleResult> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// Rewrites every message in `lang`.
    pub fn localize(&mut self, lang: Lang) {
        for r in &mut self.rules {
            r.message = render(r.key, &r.params, lang);
        }
    }
}

/// The form's field names, as in JSON.
pub mod field {
    pub const DOCUMENT_TYPE: &str = "documentType";
    pub const ISSUING_COUNTRY: &str = "issuingCountry";
    pub const RESIDENCE_COUNTRY: &str = "residenceCountry";
    pub const DATE_OF_BIRTH: &str = "dateOfBirth";
    pub const EXPIRY_DATE: &str = "expiryDate";
    pub const ADDRESS_PROOF_DATE: &str = "addressProofDate";
    pub const ID_NUMBER: &str = "idNumber";
    pub const MRZ: &str = "mrz";
    pub const FULL_NAME: &str = "fullName";
    pub const DOCUMENT_NAME: &str = "documentName";
}

/// Runs every rule whose inputs the form gives, in a fixed order, with messages in English.
pub fn check(form: &Form, profile: &Profile, today: Date) -> PolicyReport {
    let mut rules = Vec::new();
    if let Some(expiry) = &form.expiry_date {
        rules.push(document_validity::check(expiry, today, profile));
    }
    if let Some(birth) = &form.date_of_birth {
        rules.push(age::check(birth, today, profile));
    }
    if let Some(proof) = &form.address_proof_date {
        rules.push(address_proof::check(proof, today, profile));
    }
    let (doc_type, issuing, residence) =
        (form.document_type.as_deref(), form.issuing_country.as_deref(), form.residence_country.as_deref());
    if doc_type.is_some() || issuing.is_some() || residence.is_some() {
        rules.push(country::check(doc_type, issuing, residence, profile));
    }
    if form.id_number.is_some() || form.mrz.is_some() {
        rules.push(id_number::check(form, today));
    }
    if let (Some(full), Some(printed)) = (&form.full_name, &form.document_name) {
        rules.push(name_format::check(full, printed));
    }
    PolicyReport::new(rules)
}

/// Reads a date field for a rule: `Err` holds the rule's `fail` for an empty or invalid date.
pub(crate) fn read_date(
    value: &str,
    id: &'static str,
    field: &'static str,
    empty_key: &'static str,
    invalid_key: &'static str,
) -> Result<Date, RuleResult> {
    match Date::parse(value) {
        Ok(d) => Ok(d),
        Err(DateError::Empty) => Err(RuleResult::new(id, Verdict::Fail, empty_key, &[field])),
        Err(_) => Err(RuleResult::new(id, Verdict::Fail, invalid_key, &[field]).with("value", Param::typed(value))),
    }
}

/// Full-width forms (as typed with a Chinese or Japanese input method: `１２３Ｘ`) turned into ASCII.
pub(crate) fn to_half_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect()
}

/// Every message key the rules can emit, rule by rule.
pub fn keys() -> Vec<&'static str> {
    [
        document_validity::KEYS,
        age::KEYS,
        address_proof::KEYS,
        country::KEYS,
        id_number::KEYS,
        name_format::KEYS,
        &DocumentType::ALL.map(DocumentType::label_key),
        &mrz::FIELD_KEYS,
    ]
    .concat()
}

#[cfg(test)]
mod tests;
