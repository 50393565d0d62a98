//! The policy profile: every threshold and restriction of the form rules, read from JSON.

use super::countries;
use super::PolicyError;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A kind of identity document, spelled `passport`, `id-card`, `driving-licence` or
/// `residence-permit` in JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DocumentType {
    Passport,
    IdCard,
    DrivingLicence,
    ResidencePermit,
}

impl DocumentType {
    pub const ALL: [DocumentType; 4] =
        [DocumentType::Passport, DocumentType::IdCard, DocumentType::DrivingLicence, DocumentType::ResidencePermit];

    /// The JSON spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentType::Passport => "passport",
            DocumentType::IdCard => "id-card",
            DocumentType::DrivingLicence => "driving-licence",
            DocumentType::ResidencePermit => "residence-permit",
        }
    }

    /// Reads the JSON spelling (surrounding spaces and case are forgiven); `None` for anything else.
    pub fn parse(text: &str) -> Option<DocumentType> {
        let t = text.trim().to_ascii_lowercase();
        DocumentType::ALL.into_iter().find(|d| d.as_str() == t)
    }

    /// The catalogue key of the type's name, for messages.
    pub fn label_key(self) -> &'static str {
        match self {
            DocumentType::Passport => "document-type.passport",
            DocumentType::IdCard => "document-type.id-card",
            DocumentType::DrivingLicence => "document-type.driving-licence",
            DocumentType::ResidencePermit => "document-type.residence-permit",
        }
    }
}

/// Largest accepted `minAge`, in years; the bounds keep the date arithmetic far from overflow.
pub const MAX_MIN_AGE: u32 = 150;
/// Largest accepted `minValidityDays`: 100 years.
pub const MAX_MIN_VALIDITY_DAYS: u32 = 36_525;
/// Largest accepted `addressProofMaxMonths`: 100 years.
pub const MAX_ADDRESS_PROOF_MONTHS: u32 = 1_200;

/// What the form rules hold the form to. The format is documented in `docs/POLICY.md`; the
/// defaults are `docs/policy/default.json`. Unknown fields are an error, never silently ignored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct Profile {
    /// A name for people reading the profile; not used by the rules. Default: `default`.
    pub name: String,
    /// Where the restrictions come from (address and date); not used by the rules. Default: empty.
    pub source: String,
    /// `document-validity` fails when the document expires fewer than this many days after
    /// today. Unit: calendar days. Default: 60, the threshold of issue #7 (the document must still
    /// be valid while the verification is reviewed).
    pub min_validity_days: u32,
    /// `age` fails below this many full years. Unit: years. Default: 18, the age of majority in
    /// most jurisdictions and the threshold of issue #7.
    pub min_age: u32,
    /// `address-proof-age` fails when the proof of address is dated more than this many calendar
    /// months before today. Unit: months. Default: 3, the "dated within the last three months"
    /// that issue #7 asks for.
    pub address_proof_max_months: u32,
    /// ISO 3166 alpha-2 codes of countries whose documents are not accepted. Default: none.
    pub restricted_issuing_countries: Vec<String>,
    /// ISO 3166 alpha-2 codes of countries whose residents are not served. Default: none.
    pub restricted_residence_countries: Vec<String>,
    /// Document types accepted from any issuing country not listed in
    /// `acceptedDocumentTypesByCountry`. Default: all four.
    pub accepted_document_types: Vec<DocumentType>,
    /// Per issuing country (alpha-2 code), the document types accepted from it, replacing
    /// `acceptedDocumentTypes` for that country. Default: none.
    pub accepted_document_types_by_country: BTreeMap<String, Vec<DocumentType>>,
}

impl Default for Profile {
    fn default() -> Self {
        Profile {
            name: "default".into(),
            source: String::new(),
            min_validity_days: 60,
            min_age: 18,
            address_proof_max_months: 3,
            restricted_issuing_countries: Vec::new(),
            restricted_residence_countries: Vec::new(),
            accepted_document_types: DocumentType::ALL.to_vec(),
            accepted_document_types_by_country: BTreeMap::new(),
        }
    }
}

impl Profile {
    /// Reads and checks a profile written as JSON.
    pub fn from_json(text: &str) -> Result<Profile, PolicyError> {
        let profile: Profile = serde_json::from_str(text).map_err(|e| PolicyError::Profile(e.to_string()))?;
        profile.validated()
    }

    /// The profile with its country codes in upper case, or an error naming what is wrong:
    /// an unknown country code, an empty list of accepted types, or a threshold out of range.
    pub fn validated(mut self) -> Result<Profile, PolicyError> {
        let bad = |m: String| Err(PolicyError::Profile(m));
        if self.min_age > MAX_MIN_AGE {
            return bad(format!("minAge {} is over {MAX_MIN_AGE}", self.min_age));
        }
        if self.min_validity_days > MAX_MIN_VALIDITY_DAYS {
            return bad(format!("minValidityDays {} is over {MAX_MIN_VALIDITY_DAYS}", self.min_validity_days));
        }
        if self.address_proof_max_months > MAX_ADDRESS_PROOF_MONTHS {
            return bad(format!(
                "addressProofMaxMonths {} is over {MAX_ADDRESS_PROOF_MONTHS}",
                self.address_proof_max_months
            ));
        }
        if self.accepted_document_types.is_empty() {
            return bad("acceptedDocumentTypes is empty: no document could pass".into());
        }
        for (name, list) in [
            ("restrictedIssuingCountries", &mut self.restricted_issuing_countries),
            ("restrictedResidenceCountries", &mut self.restricted_residence_countries),
        ] {
            for code in list.iter_mut() {
                *code = known_country(name, code)?;
            }
        }
        let mut by_country = BTreeMap::new();
        for (code, types) in std::mem::take(&mut self.accepted_document_types_by_country) {
            let code = known_country("acceptedDocumentTypesByCountry", &code)?;
            if types.is_empty() {
                return bad(format!("acceptedDocumentTypesByCountry.{code} is empty: no document could pass"));
            }
            by_country.insert(code, types);
        }
        self.accepted_document_types_by_country = by_country;
        Ok(self)
    }

    /// The document types accepted from `issuing` (an upper-case code), or from anywhere.
    pub fn accepted_types(&self, issuing: Option<&str>) -> &[DocumentType] {
        issuing
            .and_then(|c| self.accepted_document_types_by_country.get(c))
            .unwrap_or(&self.accepted_document_types)
    }
}

fn known_country(list: &str, code: &str) -> Result<String, PolicyError> {
    countries::normalize(code)
        .ok_or_else(|| PolicyError::Profile(format!("{list} has `{code}`, which is not an ISO 3166 alpha-2 code")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_default_profile_is_the_default() {
        let shipped = Profile::from_json(include_str!("../../docs/policy/default.json")).unwrap();
        assert_eq!(shipped, Profile::default());
        assert_eq!(Profile::from_json("{}").unwrap(), Profile::default());
    }

    #[test]
    fn the_example_profile_is_read() {
        let p = Profile::from_json(include_str!("../../docs/policy/kraken-2018.json")).unwrap();
        assert!(p.restricted_residence_countries.contains(&"KP".to_string()));
        assert!(p.source.contains("support.kraken.com"));
        assert!(p.restricted_issuing_countries.is_empty());
    }

    #[test]
    fn bad_profiles_are_typed_errors() {
        let cases = [
            r#"{"minAge": "18"}"#,
            r#"{"minAge": -1}"#,
            r#"{"minAge": 151}"#,
            r#"{"minValidityDays": 99999}"#,
            r#"{"addressProofMaxMonths": 5000}"#,
            r#"{"minimumAge": 18}"#,
            r#"{"restrictedResidenceCountries": ["XX"]}"#,
            r#"{"restrictedIssuingCountries": ["USA"]}"#,
            r#"{"acceptedDocumentTypes": []}"#,
            r#"{"acceptedDocumentTypes": ["visa"]}"#,
            r#"{"acceptedDocumentTypesByCountry": {"ZZ": ["passport"]}}"#,
            r#"{"acceptedDocumentTypesByCountry": {"US": []}}"#,
            "not json",
            "",
        ];
        for text in cases {
            assert!(matches!(Profile::from_json(text), Err(PolicyError::Profile(_))), "{text}");
        }
    }

    #[test]
    fn codes_are_upper_cased_and_per_country_types_replace_the_default() {
        let p = Profile::from_json(
            r#"{"restrictedIssuingCountries": ["ir"], "acceptedDocumentTypesByCountry": {"us": ["passport"]}}"#,
        )
        .unwrap();
        assert_eq!(p.restricted_issuing_countries, vec!["IR"]);
        assert_eq!(p.accepted_types(Some("US")), &[DocumentType::Passport]);
        assert_eq!(p.accepted_types(Some("GB")), &DocumentType::ALL);
        assert_eq!(p.accepted_types(None), &DocumentType::ALL);
    }
}
