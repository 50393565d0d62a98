//! `document-validity`: the document must stay valid for at least `minValidityDays` more days.

use super::{field, read_date, Date, Profile, RuleResult};
use crate::finding::Verdict;

pub const ID: &str = "document-validity";

/// Every message key this rule can emit.
pub const KEYS: &[&str] = &[
    "document-validity.pass",
    "document-validity.too-soon",
    "document-validity.expired",
    "document-validity.invalid",
    "document-validity.empty",
];

/// Holds `expiry` (YYYY-MM-DD) to the profile: the whole days from `today` to the expiry date
/// must be at least `minValidityDays`, so an expiry exactly 60 days away passes by default.
pub fn check(expiry: &str, today: Date, profile: &Profile) -> RuleResult {
    let fields = &[field::EXPIRY_DATE];
    let expiry = match read_date(expiry, ID, field::EXPIRY_DATE, "document-validity.empty", "document-validity.invalid") {
        Ok(d) => d,
        Err(fail) => return fail,
    };
    let days = today.days_until(expiry);
    let min = profile.min_validity_days as i64;
    if days < 0 {
        return RuleResult::new(ID, Verdict::Fail, "document-validity.expired", fields).with_text("date", expiry);
    }
    if days < min {
        return RuleResult::new(ID, Verdict::Fail, "document-validity.too-soon", fields)
            .with_text("days", days)
            .with_text("date", expiry)
            .with_text("min", min);
    }
    RuleResult::new(ID, Verdict::Pass, "document-validity.pass", fields).with_text("days", days)
}
