//! The ISO 3166-1 alpha-2 country codes, for telling a country code from a typo.

/// Every officially assigned ISO 3166-1 alpha-2 code (249), checked against Debian's `iso-codes`
/// 4.15.0 (`/usr/share/iso-codes/json/iso_3166-1.json`).
pub const ISO_3166_ALPHA2: [&str; 249] = [
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ", //
    "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS", "BT", "BV",
    "BW", "BY", "BZ", //
    "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN", "CO", "CR", "CU", "CV", "CW", "CX", "CY",
    "CZ", //
    "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE", "EG", "EH", "ER", "ES", "ET", //
    "FI", "FJ", "FK", "FM", "FO", "FR", //
    "GA", "GB", "GD", "GE", "GF", "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW",
    "GY", //
    "HK", "HM", "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", //
    "JE", "JM", "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", //
    "LA", "LB", "LC", "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", //
    "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK", "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU",
    "MV", "MW", "MX", "MY", "MZ", //
    "NA", "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", //
    "PA", "PE", "PF", "PG", "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", //
    "RE", "RO", "RS", "RU", "RW", //
    "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS", "ST", "SV",
    "SX", "SY", "SZ", //
    "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO", "TR", "TT", "TV", "TW", "TZ", //
    "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI", "VN", "VU", "WF", "WS", //
    "YE", "YT", "ZA", "ZM", "ZW",
];

/// Codes that ISO has not assigned but identity documents and verification services use: `XK`
/// for Kosovo (used by the European Commission and on Kosovo's own documents).
pub const ALSO_ACCEPTED: [&str; 1] = ["XK"];

/// The code in upper case, if it is a known country code (`gb` → `GB`).
pub fn normalize(code: &str) -> Option<String> {
    let c = code.trim().to_ascii_uppercase();
    let known = ISO_3166_ALPHA2.binary_search(&c.as_str()).is_ok() || ALSO_ACCEPTED.contains(&c.as_str());
    known.then_some(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_sorted_and_unique_and_codes_are_recognised() {
        assert!(ISO_3166_ALPHA2.windows(2).all(|w| w[0] < w[1]), "sorted, so binary search works");
        assert_eq!(normalize(" cn "), Some("CN".into()));
        assert_eq!(normalize("XK"), Some("XK".into()));
        for bad in ["", "C", "CHN", "UK", "EU", "ZZ", "C1", "中国"] {
            assert_eq!(normalize(bad), None, "{bad}");
        }
    }

    /// Re-checks the table against Debian's iso-codes when that package is installed.
    #[test]
    fn matches_debian_iso_codes_when_present() {
        let Ok(text) = std::fs::read_to_string("/usr/share/iso-codes/json/iso_3166-1.json") else { return };
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        let mut codes: Vec<String> = json["3166-1"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["alpha_2"].as_str().unwrap().to_string())
            .collect();
        codes.sort();
        assert_eq!(codes, ISO_3166_ALPHA2.to_vec());
    }
}
