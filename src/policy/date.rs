//! A plain calendar date (no time, no time zone): parsing YYYY-MM-DD, day counts and month steps.

use std::fmt;
use thiserror::Error;

/// A day in the proleptic Gregorian calendar. Ordered by year, then month, then day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

/// Why a text is not a date.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum DateError {
    /// Nothing but spaces.
    #[error("the date is empty")]
    Empty,
    /// Not of the form YYYY-MM-DD (four, two and two digits).
    #[error("`{0}` is not written as YYYY-MM-DD")]
    Format(String),
    /// The month is not 1 to 12.
    #[error("there is no month {0}")]
    Month(u32),
    /// The day does not exist in that month, such as 2023-02-29 or 2024-04-31.
    #[error("{year:04}-{month:02} has no day {day}")]
    Day { year: i32, month: u32, day: u32 },
}

impl Date {
    /// The date, if it exists.
    pub fn new(year: i32, month: u32, day: u32) -> Result<Date, DateError> {
        if !(1..=12).contains(&month) {
            return Err(DateError::Month(month));
        }
        if day == 0 || day > days_in_month(year, month) {
            return Err(DateError::Day { year, month, day });
        }
        Ok(Date { year, month: month as u8, day: day as u8 })
    }

    /// Parses `YYYY-MM-DD` exactly (surrounding spaces are ignored): `2024-02-29`.
    pub fn parse(text: &str) -> Result<Date, DateError> {
        let t = text.trim();
        if t.is_empty() {
            return Err(DateError::Empty);
        }
        let b = t.as_bytes();
        let shape_ok = b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
        if !shape_ok {
            return Err(DateError::Format(t.to_string()));
        }
        let num = |r: std::ops::Range<usize>| t[r].parse::<u32>().map_err(|_| DateError::Format(t.to_string()));
        Date::new(num(0..4)? as i32, num(5..7)?, num(8..10)?)
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn month(self) -> u32 {
        self.month as u32
    }

    pub fn day(self) -> u32 {
        self.day as u32
    }

    /// Days since 1970-01-01 (negative before it).
    ///
    /// The year is shifted to start in March, so that the leap day is the last day of a year;
    /// then whole 400-year eras (146 097 days each) are counted, and the day within the era.
    /// This is the method of H. Hinnant, "chrono-Compatible Low-Level Date Algorithms" (2013).
    pub fn days_since_epoch(self) -> i64 {
        let (m, d) = (self.month as i64, self.day as i64);
        let y = self.year as i64 - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let year_of_era = y - era * 400; // 0..=399
        let shifted_month = (m + 9) % 12; // March = 0 .. February = 11
        let day_of_year = (153 * shifted_month + 2) / 5 + d - 1; // 0..=365
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        era * 146_097 + day_of_era - 719_468
    }

    /// The date `days` days after 1970-01-01: the inverse of [`Date::days_since_epoch`].
    pub fn from_days_since_epoch(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let day_of_era = z - era * 146_097; // 0..=146096
        let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let shifted_month = (5 * day_of_year + 2) / 153;
        let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
        let month = if shifted_month < 10 { shifted_month + 3 } else { shifted_month - 9 };
        let year = year_of_era + era * 400 + i64::from(month <= 2);
        Date { year: year as i32, month: month as u8, day: day as u8 }
    }

    /// Whole days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: Date) -> i64 {
        later.days_since_epoch() - self.days_since_epoch()
    }

    /// The same day `months` calendar months later (earlier when negative). A day that the target
    /// month lacks becomes its last day: 2024-01-31 + 1 month = 2024-02-29, 2024-05-31 − 3 = 2024-02-29.
    pub fn add_months(self, months: i64) -> Date {
        let index = self.year as i64 * 12 + (self.month as i64 - 1) + months;
        let year = index.div_euclid(12) as i32;
        let month = (index.rem_euclid(12) + 1) as u32;
        let day = (self.day as u32).min(days_in_month(year, month));
        Date { year, month: month as u8, day: day as u8 }
    }

    /// The day in `year` on which someone born on `self` has their birthday.
    ///
    /// Someone born on 29 February has it on 1 March in a common year: a full year has then
    /// passed since the last 29 February or 28 February birthday. See `docs/POLICY.md` for the
    /// laws that say the same.
    pub fn anniversary_in(self, year: i32) -> Date {
        if self.month == 2 && self.day == 29 && !is_leap_year(year) {
            return Date { year, month: 3, day: 1 };
        }
        Date { year, month: self.month, day: self.day }
    }

    /// Full years from `self` (a birth date) to `on`; negative when `on` is before the birth.
    pub fn full_years_until(self, on: Date) -> i64 {
        let years = on.year as i64 - self.year as i64;
        if on < self.anniversary_in(on.year) {
            years - 1
        } else {
            years
        }
    }

    /// The last two digits of the year, the month and the day, as in a machine-readable zone.
    pub fn yymmdd(self) -> String {
        format!("{:02}{:02}{:02}", self.year.rem_euclid(100), self.month, self.day)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Whether `year` has a 29 February (Gregorian rule).
pub fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// The number of days in `month` (1–12) of `year`.
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn parses_valid_dates_and_types_every_error() {
        assert_eq!(d("2024-02-29").to_string(), "2024-02-29");
        assert_eq!(d(" 1999-12-31 ").to_string(), "1999-12-31");
        let cases: &[(&str, DateError)] = &[
            ("", DateError::Empty),
            ("   ", DateError::Empty),
            ("2024-2-29", DateError::Format("2024-2-29".into())),
            ("29/02/2024", DateError::Format("29/02/2024".into())),
            ("2024-02-29T00:00", DateError::Format("2024-02-29T00:00".into())),
            ("+024-02-29", DateError::Format("+024-02-29".into())),
            ("２０２４-02-29", DateError::Format("２０２４-02-29".into())),
            ("2024-13-01", DateError::Month(13)),
            ("2024-00-01", DateError::Month(0)),
            ("2023-02-29", DateError::Day { year: 2023, month: 2, day: 29 }),
            ("1900-02-29", DateError::Day { year: 1900, month: 2, day: 29 }),
            ("2024-04-31", DateError::Day { year: 2024, month: 4, day: 31 }),
            ("2024-01-00", DateError::Day { year: 2024, month: 1, day: 0 }),
        ];
        for (text, want) in cases {
            assert_eq!(Date::parse(text).as_ref(), Err(want), "{text:?}");
        }
        assert!(Date::parse("2000-02-29").is_ok(), "2000 is a leap year (divisible by 400)");
    }

    #[test]
    fn day_numbers_match_known_dates_and_round_trip() {
        assert_eq!(d("1970-01-01").days_since_epoch(), 0);
        assert_eq!(d("2000-03-01").days_since_epoch(), 11_017);
        assert_eq!(d("1969-12-31").days_since_epoch(), -1);
        assert_eq!(d("0000-03-01").days_since_epoch(), -719_468);
        // Python: (datetime.date(2026, 11, 21) - datetime.date(1970, 1, 1)).days == 20778
        assert_eq!(d("2026-11-21").days_since_epoch(), 20_778);
        let mut prev = d("1600-01-01");
        for n in prev.days_since_epoch() + 1..d("2400-12-31").days_since_epoch() {
            let next = Date::from_days_since_epoch(n);
            assert_eq!(next.days_since_epoch(), n);
            assert!(next > prev, "{next} after {prev}");
            assert!(Date::new(next.year, next.month(), next.day()).is_ok());
            prev = next;
        }
    }

    #[test]
    fn days_between_dates_count_leap_days() {
        let cases = [
            ("2024-01-01", "2024-03-01", 60), // 2024 is a leap year
            ("2023-01-01", "2023-03-01", 59),
            ("2100-02-28", "2100-03-01", 1), // 2100 is not
            ("2000-02-28", "2000-03-01", 2), // 2000 is
            ("2026-11-21", "2027-01-20", 60),
            ("2026-11-21", "2026-11-21", 0),
            ("2026-11-21", "2026-11-20", -1),
        ];
        for (a, b, want) in cases {
            assert_eq!(d(a).days_until(d(b)), want, "{a} → {b}");
        }
    }

    #[test]
    fn months_are_added_with_end_of_month_clamping() {
        let cases = [
            ("2024-01-31", 1, "2024-02-29"),
            ("2023-01-31", 1, "2023-02-28"),
            ("2024-05-31", -3, "2024-02-29"),
            ("2025-05-31", -3, "2025-02-28"),
            ("2024-03-31", -1, "2024-02-29"),
            ("2024-07-31", -1, "2024-06-30"),
            ("2024-11-15", 3, "2025-02-15"),
            ("2025-02-15", -3, "2024-11-15"),
            ("2024-01-10", -1, "2023-12-10"),
            ("2024-12-31", 0, "2024-12-31"),
            ("2024-02-29", 12, "2025-02-28"),
            ("2024-02-29", 48, "2028-02-29"),
        ];
        for (from, n, want) in cases {
            assert_eq!(d(from).add_months(n).to_string(), want, "{from} + {n} months");
        }
    }

    #[test]
    fn full_years_turn_on_the_birthday_and_on_1_march_for_leap_day_births() {
        let cases = [
            ("2008-06-15", "2026-06-14", 17),
            ("2008-06-15", "2026-06-15", 18),
            ("2008-02-29", "2026-02-28", 17), // common year: not yet
            ("2008-02-29", "2026-03-01", 18), // common year: 1 March
            ("2008-02-29", "2028-02-28", 19),
            ("2008-02-29", "2028-02-29", 20), // leap year: the day itself
            ("2008-03-01", "2026-02-28", 17),
            ("2008-02-28", "2026-02-28", 18),
            ("2026-11-22", "2026-11-21", -1),
        ];
        for (birth, on, want) in cases {
            assert_eq!(d(birth).full_years_until(d(on)), want, "born {birth}, on {on}");
        }
    }

    #[test]
    fn yymmdd_keeps_leading_zeros() {
        assert_eq!(d("2005-03-09").yymmdd(), "050309");
        assert_eq!(d("1974-08-12").yymmdd(), "740812");
    }
}
