//! Reads a machine-readable zone as typed (TD1, TD2 or TD3) and verifies every check digit in it.

use super::checkdigit::icao_check_digit;

/// The size of a machine-readable zone (ICAO Doc 9303 Parts 4–6).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MrzFormat {
    /// ID-1 cards: three lines of 30 characters.
    Td1,
    /// ID-2 documents: two lines of 36 characters.
    Td2,
    /// Passports: two lines of 44 characters.
    Td3,
}

/// A field of the MRZ that has its own check digit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MrzField {
    DocumentNumber,
    DateOfBirth,
    ExpiryDate,
    /// The personal number (TD3 only).
    PersonalNumber,
    /// The composite check digit over the other fields.
    Composite,
}

/// The catalogue keys of the fields' names.
pub const FIELD_KEYS: [&str; 5] = [
    "mrz-field.document-number",
    "mrz-field.date-of-birth",
    "mrz-field.expiry-date",
    "mrz-field.personal-number",
    "mrz-field.composite",
];

impl MrzField {
    /// The catalogue key naming the field.
    pub fn label_key(self) -> &'static str {
        FIELD_KEYS[self as usize]
    }
}

/// A machine-readable zone, normalised: upper case, no spaces, one string per line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mrz {
    pub format: MrzFormat,
    pub lines: Vec<String>,
}

/// Why the typed text is not a machine-readable zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MrzShapeError {
    Empty,
    /// Not 3 × 30, 2 × 36 or 2 × 44 characters.
    Size,
    /// A character other than A–Z, 0–9 and `<`.
    Character,
}

/// Raises lower case as `str::to_uppercase` does wherever that can give MRZ characters: ASCII
/// letters, and the few other characters whose upper case is ASCII (ß, dotless ı, long ſ, the
/// ligatures ﬀ to ﬆ). Any other character is kept; neither it nor its upper case is an MRZ
/// character, so the line is refused either way (unit test `raised_agrees_with_to_uppercase`).
/// This keeps the Unicode upper-case tables out of the wasm.
fn raised(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for c in line.chars() {
        match c {
            'ß' => out.push_str("SS"),
            'ı' => out.push('I'),
            'ſ' => out.push('S'),
            'ﬀ' => out.push_str("FF"),
            'ﬁ' => out.push_str("FI"),
            'ﬂ' => out.push_str("FL"),
            'ﬃ' => out.push_str("FFI"),
            'ﬄ' => out.push_str("FFL"),
            'ﬅ' | 'ﬆ' => out.push_str("ST"),
            c => out.push(c.to_ascii_uppercase()),
        }
    }
    out
}

impl Mrz {
    /// Reads the MRZ as a person types or pastes it: lines split by line breaks, or all in one
    /// line; spaces are dropped and lower case is raised.
    pub fn parse(text: &str) -> Result<Mrz, MrzShapeError> {
        let mut lines: Vec<String> = text
            .lines()
            .map(|l| l.chars().filter(|c| !c.is_whitespace()).collect::<String>())
            .map(|l| raised(&l))
            .filter(|l| !l.is_empty())
            .collect();
        if lines.is_empty() {
            return Err(MrzShapeError::Empty);
        }
        if !lines.iter().all(|l| l.bytes().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == b'<')) {
            return Err(MrzShapeError::Character);
        }
        if lines.len() == 1 {
            let width = match lines[0].len() {
                90 => 30,
                72 => 36,
                88 => 44,
                _ => return Err(MrzShapeError::Size),
            };
            let one = lines.remove(0);
            lines = one.as_bytes().chunks(width).map(|c| String::from_utf8_lossy(c).into_owned()).collect();
        }
        let lens: Vec<usize> = lines.iter().map(String::len).collect();
        let format = match lens.as_slice() {
            [30, 30, 30] => MrzFormat::Td1,
            [36, 36] => MrzFormat::Td2,
            [44, 44] => MrzFormat::Td3,
            _ => return Err(MrzShapeError::Size),
        };
        Ok(Mrz { format, lines })
    }

    fn line(&self, i: usize) -> &[u8] {
        self.lines[i].as_bytes()
    }

    /// The fields whose check digit is wrong, in MRZ order; empty when every check digit holds.
    pub fn bad_check_digits(&self) -> Vec<MrzField> {
        let checks = match self.format {
            MrzFormat::Td1 => self.td1_checks(),
            MrzFormat::Td2 | MrzFormat::Td3 => self.two_line_checks(),
        };
        checks.into_iter().filter(|(_, ok)| !ok).map(|(f, _)| f).collect()
    }

    /// TD1 (Part 5 §4.2.2): line 1 holds the document number (6–14) and optional data (16–30);
    /// line 2 the birth date (1–7), expiry (9–15) and the composite (30) over line 1 from 6 to 30,
    /// line 2 from 1 to 7, 9 to 15 and 19 to 29.
    fn td1_checks(&self) -> Vec<(MrzField, bool)> {
        let (l1, l2) = (self.line(0), self.line(1));
        let document = document_number_ok(&l1[5..14], l1[14], &l1[15..30]);
        let composite: Vec<u8> = [&l1[5..30], &l2[0..7], &l2[8..15], &l2[18..29]].concat();
        vec![
            (MrzField::DocumentNumber, document),
            (MrzField::DateOfBirth, digit_ok(&l2[0..6], l2[6])),
            (MrzField::ExpiryDate, digit_ok(&l2[8..14], l2[14])),
            (MrzField::Composite, digit_ok(&composite, l2[29])),
        ]
    }

    /// TD2 and TD3 (Part 6 §4.2.2, Part 4 §4.2.2): line 2 holds the document number (1–10), birth
    /// date (14–20), expiry (22–28), optional data or personal number, and the composite last,
    /// over 1–10, 14–20 and 22 to the character before it.
    fn two_line_checks(&self) -> Vec<(MrzField, bool)> {
        let l2 = self.line(1);
        let last = l2.len() - 1;
        let document = if self.format == MrzFormat::Td2 {
            document_number_ok(&l2[0..9], l2[9], &l2[28..35])
        } else {
            digit_ok(&l2[0..9], l2[9])
        };
        let mut checks = vec![
            (MrzField::DocumentNumber, document),
            (MrzField::DateOfBirth, digit_ok(&l2[13..19], l2[19])),
            (MrzField::ExpiryDate, digit_ok(&l2[21..27], l2[27])),
        ];
        if self.format == MrzFormat::Td3 {
            // An unused personal number is all fillers; its check digit may then be `<` or 0.
            let personal = &l2[28..42];
            let unused = personal.iter().all(|&c| c == b'<') && l2[42] == b'<';
            checks.push((MrzField::PersonalNumber, unused || digit_ok(personal, l2[42])));
        }
        let composite: Vec<u8> = [&l2[0..10], &l2[13..20], &l2[21..last]].concat();
        checks.push((MrzField::Composite, digit_ok(&composite, l2[last])));
        checks
    }

    /// The birth date as printed (YYMMDD).
    pub fn date_of_birth(&self) -> &str {
        match self.format {
            MrzFormat::Td1 => &self.lines[1][0..6],
            _ => &self.lines[1][13..19],
        }
    }

    /// The expiry date as printed (YYMMDD).
    pub fn expiry_date(&self) -> &str {
        match self.format {
            MrzFormat::Td1 => &self.lines[1][8..14],
            _ => &self.lines[1][21..27],
        }
    }
}

fn digit_ok(field: &[u8], check: u8) -> bool {
    check.is_ascii_digit() && icao_check_digit(field) == Some(check - b'0')
}

/// The document number's check. A number longer than nine characters (TD1, TD2) has `<` in the
/// check position; its last characters then continue in the optional data, followed by the check
/// digit and a filler (Part 5 §4.2.4, note j).
fn document_number_ok(principal: &[u8], check: u8, optional: &[u8]) -> bool {
    if check != b'<' {
        return digit_ok(principal, check);
    }
    let rest: Vec<u8> = optional.iter().copied().take_while(|&c| c != b'<').collect();
    let Some((&digit, extra)) = rest.split_last() else { return false };
    digit_ok(&[principal, extra].concat(), digit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::checkdigit::tests::Rng;

    #[test]
    fn raised_agrees_with_to_uppercase() {
        let mrz = |t: &str| t.bytes().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == b'<');
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let (text, ours) = (c.to_string().to_uppercase(), raised(&c.to_string()));
            if mrz(&text) {
                assert_eq!(ours, text, "{c:?}");
            } else {
                assert!(!mrz(&ours), "{c:?}");
            }
        }
    }

    // The specimens of ICAO Doc 9303 (8th edition, 2021): Part 4 Appendix B (TD3), Part 5
    // Appendix B (TD1) and Part 6 Appendix B (TD2), used here as test vectors.
    pub(crate) const TD3: &str = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10";
    pub(crate) const TD1: &str = "I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<";
    const TD2: &str = "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nD231458907UTO7408122F1204159<<<<<<<6";

    #[test]
    fn the_specimens_pass_every_check() {
        for (text, format) in [(TD3, MrzFormat::Td3), (TD1, MrzFormat::Td1), (TD2, MrzFormat::Td2)] {
            let mrz = Mrz::parse(text).unwrap();
            assert_eq!(mrz.format, format);
            assert_eq!(mrz.bad_check_digits(), vec![], "{text}");
            assert_eq!(mrz.date_of_birth(), "740812");
            assert_eq!(mrz.expiry_date(), "120415");
        }
    }

    #[test]
    fn typing_variants_are_read() {
        let one_line = TD3.replace('\n', "");
        assert_eq!(Mrz::parse(&one_line).unwrap().format, MrzFormat::Td3);
        let spaced = TD1.to_lowercase().replace('\n', "\r\n  ").replace("<<<", "<< <");
        assert_eq!(Mrz::parse(&spaced).unwrap().lines, Mrz::parse(TD1).unwrap().lines);
        assert_eq!(Mrz::parse(""), Err(MrzShapeError::Empty));
        assert_eq!(Mrz::parse(" \n "), Err(MrzShapeError::Empty));
        assert_eq!(Mrz::parse(&TD3[..80]), Err(MrzShapeError::Size));
        assert_eq!(Mrz::parse(&TD3.replace('<', "«")), Err(MrzShapeError::Character));
    }

    #[test]
    fn each_wrong_check_digit_is_named() {
        // (line, position, field) of each check digit in the TD3 and TD1 specimens.
        let td3 = [(1, 9, MrzField::DocumentNumber), (1, 19, MrzField::DateOfBirth), (1, 27, MrzField::ExpiryDate), (1, 42, MrzField::PersonalNumber), (1, 43, MrzField::Composite)];
        let td1 = [(0, 14, MrzField::DocumentNumber), (1, 6, MrzField::DateOfBirth), (1, 14, MrzField::ExpiryDate), (1, 29, MrzField::Composite)];
        for (text, cases) in [(TD3, &td3[..]), (TD1, &td1[..])] {
            for &(line, pos, field) in cases {
                let mut mrz = Mrz::parse(text).unwrap();
                let mut bytes = mrz.lines[line].clone().into_bytes();
                bytes[pos] = if bytes[pos] == b'9' { b'8' } else { b'9' };
                mrz.lines[line] = String::from_utf8(bytes).unwrap();
                // Each check digit is itself covered by the composite, which therefore fails too.
                let want = if field == MrzField::Composite { vec![field] } else { vec![field, MrzField::Composite] };
                assert_eq!(mrz.bad_check_digits(), want, "{field:?}");
            }
        }
    }

    #[test]
    fn any_single_digit_change_in_a_checked_field_is_caught() {
        // Every digit of the TD3 specimen's line 2 lies in a field covered by a check digit (the
        // nationality and sex are letters), so changing any digit to another must fail a check.
        let mut rng = Rng::new(44);
        let base = Mrz::parse(TD3).unwrap();
        let line: Vec<u8> = base.lines[1].clone().into_bytes();
        for _ in 0..500 {
            let digits: Vec<usize> = (0..44).filter(|&i| line[i].is_ascii_digit()).collect();
            let pos = digits[rng.below(digits.len() as u32) as usize];
            let mut m = line.clone();
            m[pos] = b'0' + (m[pos] - b'0' + 1 + rng.below(9) as u8) % 10;
            let mrz = Mrz { format: MrzFormat::Td3, lines: vec![base.lines[0].clone(), String::from_utf8(m).unwrap()] };
            assert!(!mrz.bad_check_digits().is_empty(), "position {pos}");
        }
    }

    #[test]
    fn long_document_numbers_continue_in_the_optional_data() {
        // A 12-character number D23145890123 in a TD1: nine characters, `<`, then "1234" holding
        // the last three characters and the check digit (ICAO 9303 Part 5, note j).
        let number = b"D23145890123";
        let digit = icao_check_digit(number).unwrap();
        let mut l1 = format!("I<UTOD23145890<123{digit}<");
        l1.push_str(&"<".repeat(30 - l1.len()));
        let mut l2 = b"7408122F1204159UTO<<<<<<<<<<<0".to_vec();
        let composite: Vec<u8> = [&l1.as_bytes()[5..30], &l2[0..7], &l2[8..15], &l2[18..29]].concat();
        l2[29] = b'0' + icao_check_digit(&composite).unwrap();
        let text = format!("{l1}\n{}\nERIKSSON<<ANNA<MARIA<<<<<<<<<<", String::from_utf8(l2).unwrap());
        assert_eq!(Mrz::parse(&text).unwrap().bad_check_digits(), vec![]);
        let wrong = text.replacen(&format!("123{digit}<"), &format!("123{}<", (digit + 1) % 10), 1);
        assert!(Mrz::parse(&wrong).unwrap().bad_check_digits().contains(&MrzField::DocumentNumber));
    }
}
