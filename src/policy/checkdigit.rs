//! Check-digit algorithms: ISO 7064 MOD 11-2 (PRC resident ID), ICAO 9303 7-3-1 (MRZ), HKID, Taiwan ID.

/// The ISO 7064 MOD 11-2 check value (0–10, where 10 is written `X`) of a string of digit values.
///
/// 1. Start with p = 0.
/// 2. For each digit d, from the left: p = 2 × (p + d) mod 11. This gives digit i the weight
///    2^(n−i) mod 11, so the 17 digits of a PRC resident ID get 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2.
/// 3. The check value makes the weighted sum, with the check's own weight 1, equal 1 mod 11:
///    (12 − p) mod 11.
pub fn mod11_2(digits: &[u8]) -> u8 {
    let p = digits.iter().fold(0u32, |p, &d| (p + d as u32) * 2 % 11);
    ((12 - p) % 11) as u8
}

/// The character for a MOD 11-2 check value: `0`–`9`, or `X` for 10.
pub fn mod11_2_char(value: u8) -> char {
    if value == 10 {
        'X'
    } else {
        char::from(b'0' + value)
    }
}

/// Whether an 18-character PRC resident ID number (GB 11643-1999) carries the right check character.
/// `None` when it is not 17 ASCII digits followed by a digit or `X`.
pub fn prc_resident_id_ok(id: &str) -> Option<bool> {
    let b = id.as_bytes();
    if b.len() != 18 || !b[..17].iter().all(u8::is_ascii_digit) {
        return None;
    }
    let last = b[17] as char;
    if !(last.is_ascii_digit() || last == 'X') {
        return None;
    }
    let digits: Vec<u8> = b[..17].iter().map(|c| c - b'0').collect();
    Some(mod11_2_char(mod11_2(&digits)) == last)
}

/// The value of an MRZ character in ICAO 9303 Part 3 §4.9: `0`–`9` are 0–9, `A`–`Z` are 10–35,
/// the filler `<` is 0. `None` for anything else.
pub fn icao_value(c: u8) -> Option<u32> {
    match c {
        b'0'..=b'9' => Some((c - b'0') as u32),
        b'A'..=b'Z' => Some((c - b'A') as u32 + 10),
        b'<' => Some(0),
        _ => None,
    }
}

/// The ICAO 9303 check digit of an MRZ field: the sum of each character's value times the
/// repeating weights 7, 3, 1, modulo 10. `None` when a character is not an MRZ character.
pub fn icao_check_digit(field: &[u8]) -> Option<u8> {
    const WEIGHTS: [u32; 3] = [7, 3, 1];
    let mut sum = 0u32;
    for (i, &c) in field.iter().enumerate() {
        sum += icao_value(c)? * WEIGHTS[i % 3];
    }
    Some((sum % 10) as u8)
}

/// Whether a Hong Kong identity card number (one or two letters, six digits and a check character,
/// brackets removed: `A1234563`) carries the right check character. `None` when it has another shape.
///
/// Letters count A = 10 … Z = 35; a one-letter number is read as if led by a space worth 36. The
/// eight characters are weighted 9 down to 2, and the check makes the total a multiple of 11
/// (`A` stands for 10).
pub fn hkid_ok(id: &str) -> Option<bool> {
    let b = id.as_bytes();
    let letters = b.iter().take_while(|c| c.is_ascii_uppercase()).count();
    if !(1..=2).contains(&letters) || b.len() != letters + 7 {
        return None;
    }
    let (body, check) = (&b[..b.len() - 1], b[b.len() - 1]);
    if !body[letters..].iter().all(u8::is_ascii_digit) || !(check.is_ascii_digit() || check == b'A') {
        return None;
    }
    let mut values: Vec<u32> = if letters == 1 { vec![36] } else { Vec::new() };
    values.extend(body.iter().map(|&c| if c.is_ascii_digit() { (c - b'0') as u32 } else { (c - b'A') as u32 + 10 }));
    let sum: u32 = values.iter().zip((2..=9).rev()).map(|(v, w)| v * w).sum();
    let want = (11 - sum % 11) % 11;
    let got = if check == b'A' { 10 } else { (check - b'0') as u32 };
    Some(want == got)
}

/// The two-digit number that stands for the leading letter of a Taiwan ID (the household
/// registration office's code): A = 10 … H = 17, I = 34, J = 18 … N = 22, O = 35, P = 23 … V = 29,
/// W = 32, X = 30, Y = 31, Z = 33.
fn taiwan_letter_value(c: u8) -> Option<u32> {
    const TABLE: [u32; 26] = [
        10, 11, 12, 13, 14, 15, 16, 17, 34, 18, 19, 20, 21, 22, 35, 23, 24, 25, 26, 27, 28, 29, 32, 30, 31, 33,
    ];
    c.is_ascii_uppercase().then(|| TABLE[(c - b'A') as usize])
}

/// Whether a Taiwan national ID number (a letter and nine digits: `A123456789`) carries the right
/// check digit. `None` when it has another shape, or its first digit is not 1, 2 (citizens) or
/// 8, 9 (residence certificates issued since 2021).
///
/// The letter's two digits are weighted 1 and 9, the next eight digits 8 down to 1, the check 1;
/// the total is a multiple of 10.
pub fn taiwan_id_ok(id: &str) -> Option<bool> {
    let b = id.as_bytes();
    if b.len() != 10 || !b[1..].iter().all(u8::is_ascii_digit) || !matches!(b[1], b'1' | b'2' | b'8' | b'9') {
        return None;
    }
    let letter = taiwan_letter_value(b[0])?;
    let weights = [8, 7, 6, 5, 4, 3, 2, 1, 1];
    let digits: u32 = b[1..].iter().zip(weights).map(|(c, w)| (c - b'0') as u32 * w).sum();
    Some((letter / 10 + letter % 10 * 9 + digits) % 10 == 0)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A small seeded generator (xorshift64*), so the property tests are repeatable.
    pub(crate) struct Rng(u64);

    impl Rng {
        pub(crate) fn new(seed: u64) -> Rng {
            Rng(seed.max(1))
        }

        pub(crate) fn below(&mut self, n: u32) -> u32 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33) as u32 % n
        }

        pub(crate) fn digits(&mut self, n: usize) -> Vec<u8> {
            (0..n).map(|_| self.below(10) as u8).collect()
        }
    }

    fn prc_id(digits: &[u8]) -> String {
        let mut s: String = digits.iter().map(|d| char::from(b'0' + d)).collect();
        s.push(mod11_2_char(mod11_2(digits)));
        s
    }

    #[test]
    fn mod11_2_matches_the_weighted_sum_and_known_ids() {
        // The weights of GB 11643-1999: 2^(17-i) mod 11.
        let weights = [7u32, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        let mut rng = Rng::new(7064);
        for _ in 0..2000 {
            let d = rng.digits(17);
            let sum: u32 = d.iter().zip(weights).map(|(&x, w)| x as u32 * w).sum();
            assert_eq!((sum + mod11_2(&d) as u32) % 11, 1, "{d:?}");
        }
        // The worked example of the standard GB 11643-1999 ends in X.
        assert_eq!(prc_resident_id_ok("11010519491231002X"), Some(true));
        assert_eq!(prc_resident_id_ok("110105194912310021"), Some(false));
        assert_eq!(prc_resident_id_ok("11010519491231002x"), None, "lower-case x is normalised by the caller");
        assert_eq!(prc_resident_id_ok("1101051949123100"), None);
    }

    #[test]
    fn mod11_2_detects_every_single_substitution_and_adjacent_transposition() {
        let mut rng = Rng::new(112);
        for _ in 0..3000 {
            let id = prc_id(&rng.digits(17));
            assert_eq!(prc_resident_id_ok(&id), Some(true));
            let b = id.as_bytes();
            // Any other character in any position.
            let pos = rng.below(18) as usize;
            for c in b"0123456789X" {
                if *c == b[pos] || (pos < 17 && *c == b'X') {
                    continue;
                }
                let mut m = b.to_vec();
                m[pos] = *c;
                assert_eq!(prc_resident_id_ok(std::str::from_utf8(&m).unwrap()), Some(false), "{id} at {pos}");
            }
            // Swapping two different neighbouring digits (the weights of neighbours differ by a
            // factor of 2, and 11 is prime, so no swap keeps the sum).
            let i = rng.below(17) as usize;
            if b[i] != b[i + 1] && b[i + 1] != b'X' {
                let mut m = b.to_vec();
                m.swap(i, i + 1);
                assert_eq!(prc_resident_id_ok(std::str::from_utf8(&m).unwrap()), Some(false), "{id} swap {i}");
            }
        }
    }

    #[test]
    fn icao_check_digits_of_the_specimens_in_doc_9303() {
        // ICAO Doc 9303 Part 4 (TD3 specimen) and Part 5 (TD1 specimen).
        assert_eq!(icao_check_digit(b"L898902C3"), Some(6));
        assert_eq!(icao_check_digit(b"740812"), Some(2));
        assert_eq!(icao_check_digit(b"120415"), Some(9));
        assert_eq!(icao_check_digit(b"ZE184226B<<<<<"), Some(1));
        assert_eq!(icao_check_digit(b"D23145890"), Some(7));
        assert_eq!(icao_check_digit(b"<<<<<<<<<"), Some(0));
        assert_eq!(icao_check_digit(b"ab"), None);
    }

    #[test]
    fn icao_detects_single_digit_changes_and_swaps_not_five_apart() {
        let mut rng = Rng::new(9303);
        let mut undetected_swaps_five_apart = 0;
        for _ in 0..5000 {
            let n = 1 + rng.below(14) as usize;
            let mut field: Vec<u8> = rng.digits(n).iter().map(|d| b'0' + d).collect();
            let check = icao_check_digit(&field).unwrap();
            // Any other digit in any position: every weight (7, 3, 1) is prime to 10.
            let pos = rng.below(n as u32) as usize;
            let old = field[pos];
            field[pos] = b'0' + ((old - b'0') as u32 + 1 + rng.below(9)) as u8 % 10;
            assert_ne!(icao_check_digit(&field), Some(check), "{:?}", std::str::from_utf8(&field));
            field[pos] = old;
            // Swapping neighbours a, b changes the sum by (a − b)(w₁ − w₂), with w₁ − w₂ in
            // {4, 2, −6}: detected unless a − b is a multiple of 5.
            if n >= 2 {
                let i = rng.below(n as u32 - 1) as usize;
                let diff = (field[i] as i32 - field[i + 1] as i32).abs();
                field.swap(i, i + 1);
                let same = icao_check_digit(&field) == Some(check);
                match diff {
                    0 => assert!(same),
                    5 => undetected_swaps_five_apart += same as u32,
                    _ => assert!(!same, "{:?} swap {i}", std::str::from_utf8(&field)),
                }
            }
        }
        // The known blind spot is real: swapped digits five apart keep the check digit.
        assert!(undetected_swaps_five_apart > 0);
    }

    #[test]
    fn hkid_and_taiwan_ids() {
        assert_eq!(hkid_ok("A1234563"), Some(true));
        assert_eq!(hkid_ok("A1234564"), Some(false));
        assert_eq!(hkid_ok("AB987654"), None, "two letters need seven more characters");
        assert_eq!(hkid_ok("1234567"), None);
        assert_eq!(taiwan_id_ok("A123456789"), Some(true));
        assert_eq!(taiwan_id_ok("A123456788"), Some(false));
        assert_eq!(taiwan_id_ok("A323456789"), None, "first digit 3 is not issued");
        assert_eq!(taiwan_id_ok("1123456789"), None);
    }

    #[test]
    fn hkid_and_taiwan_detect_single_digit_changes() {
        let mut rng = Rng::new(852);
        for _ in 0..2000 {
            // Hong Kong: find the check character of random numbers, then change one digit.
            let body: String = std::iter::once(char::from(b'A' + rng.below(26) as u8))
                .chain(rng.digits(6).iter().map(|d| char::from(b'0' + d)))
                .collect();
            let check = "0123456789A".chars().find(|c| hkid_ok(&format!("{body}{c}")) == Some(true));
            let Some(check) = check else { panic!("no check character for {body}") };
            let pos = 1 + rng.below(6) as usize;
            let mut m = body.clone().into_bytes();
            m[pos] = b'0' + (m[pos] - b'0' + 1 + rng.below(9) as u8) % 10;
            let changed = format!("{}{check}", String::from_utf8(m).unwrap());
            assert_eq!(hkid_ok(&changed), Some(false), "{body}{check} → {changed}");

            // Taiwan: a digit of weight w changed by δ is caught exactly when δ·w is not a
            // multiple of 10 (the weights 8, 6, 4, 2 miss a change of 5; the weight 5 misses even ones).
            let body: String = std::iter::once(char::from(b'A' + rng.below(26) as u8))
                .chain(std::iter::once(if rng.below(2) == 0 { '1' } else { '2' }))
                .chain(rng.digits(7).iter().map(|d| char::from(b'0' + d)))
                .collect();
            let check = "0123456789".chars().find(|c| taiwan_id_ok(&format!("{body}{c}")) == Some(true));
            let Some(check) = check else { panic!("no check digit for {body}") };
            let pos = 2 + rng.below(7) as usize;
            let weight = 9 - pos as u32;
            let delta = 1 + rng.below(9);
            let mut m = body.clone().into_bytes();
            m[pos] = b'0' + ((m[pos] - b'0') as u32 + delta) as u8 % 10;
            let changed = format!("{}{check}", String::from_utf8(m).unwrap());
            let caught = delta * weight % 10 != 0;
            assert_eq!(taiwan_id_ok(&changed), Some(!caught), "{body}{check} → {changed}");
        }
    }
}
