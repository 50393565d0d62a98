//! `address-proof-age`: the proof of address must be dated within `addressProofMaxMonths` months.

use super::{field, read_date, Date, Param, Profile, RuleResult};
use crate::finding::Verdict;

pub const ID: &str = "address-proof-age";

/// Every message key this rule can emit.
pub const KEYS: &[&str] = &[
    "address-proof-age.pass",
    "address-proof-age.too-old",
    "address-proof-age.future",
    "address-proof-age.invalid",
    "address-proof-age.empty",
];

/// Holds the proof-of-address date (YYYY-MM-DD) to the profile. The earliest date accepted is
/// today minus `addressProofMaxMonths` calendar months, clamped to the end of a shorter month
/// (on 31 May, three months back is 28 or 29 February); that date itself passes.
pub fn check(proof: &str, today: Date, profile: &Profile) -> RuleResult {
    let fields = &[field::ADDRESS_PROOF_DATE];
    let dated = match read_date(proof, ID, field::ADDRESS_PROOF_DATE, "address-proof-age.empty", "address-proof-age.invalid") {
        Ok(d) => d,
        Err(fail) => return fail,
    };
    if dated > today {
        return RuleResult::new(ID, Verdict::Fail, "address-proof-age.future", fields).with("value", Param::typed(proof));
    }
    let months = profile.address_proof_max_months;
    let earliest = earliest_accepted(today, months);
    if dated < earliest {
        return RuleResult::new(ID, Verdict::Fail, "address-proof-age.too-old", fields)
            .with_text("date", dated)
            .with_text("months", months)
            .with_text("earliest", earliest);
    }
    RuleResult::new(ID, Verdict::Pass, "address-proof-age.pass", fields)
}

/// The oldest date a proof of address may carry on `today`.
pub fn earliest_accepted(today: Date, max_months: u32) -> Date {
    today.add_months(-(max_months as i64))
}
