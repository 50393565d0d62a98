//! `age`: the person must be at least `minAge` full years old today.

use super::{field, read_date, Date, Param, Profile, RuleResult};
use crate::finding::Verdict;

pub const ID: &str = "age";

/// Every message key this rule can emit.
pub const KEYS: &[&str] = &["age.pass", "age.under", "age.future", "age.implausible", "age.invalid", "age.empty"];

/// A birth date that makes the person older than this, in years, is taken for a typo in the
/// year. The oldest documented person lived to 122; no applicant is expected past 120.
pub const MAX_PLAUSIBLE_AGE: i64 = 120;

/// Holds `birth` (YYYY-MM-DD) to the profile. The `minAge`-th birthday itself passes. Someone
/// born on 29 February reaches a new age on 1 March in a common year (see [`Date::anniversary_in`]).
pub fn check(birth: &str, today: Date, profile: &Profile) -> RuleResult {
    let fields = &[field::DATE_OF_BIRTH];
    let birth_date = match read_date(birth, ID, field::DATE_OF_BIRTH, "age.empty", "age.invalid") {
        Ok(d) => d,
        Err(fail) => return fail,
    };
    if birth_date > today {
        return RuleResult::new(ID, Verdict::Fail, "age.future", fields).with("value", Param::typed(birth));
    }
    let years = birth_date.full_years_until(today);
    if years > MAX_PLAUSIBLE_AGE {
        return RuleResult::new(ID, Verdict::Fail, "age.implausible", fields)
            .with("value", Param::typed(birth))
            .with_text("max", MAX_PLAUSIBLE_AGE);
    }
    let min = profile.min_age;
    if years < min as i64 {
        let eligible = birth_date.anniversary_in(birth_date.year() + min as i32);
        return RuleResult::new(ID, Verdict::Fail, "age.under", fields)
            .with_text("min", min)
            .with_text("date", eligible);
    }
    RuleResult::new(ID, Verdict::Pass, "age.pass", fields).with_text("min", min)
}
