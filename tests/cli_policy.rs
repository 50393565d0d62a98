//! Runs `kyc-preflight policy` on forms written to a temporary folder.

use serde_json::Value;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

const BIN: &str = env!("CARGO_BIN_EXE_kyc-preflight");
const KRAKEN: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/policy/kraken-2018.json");

/// A fresh folder under the system's temporary directory, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> TempDir {
        static N: AtomicUsize = AtomicUsize::new(0);
        let n = N.fetch_add(1, Ordering::SeqCst);
        let dir = std::env::temp_dir().join(format!("kyc-policy-{}-{n}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    fn write(&self, name: &str, text: &str) -> String {
        let path = self.0.join(name);
        std::fs::write(&path, text).unwrap();
        path.to_string_lossy().into_owned()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn run(args: &[&str]) -> Output {
    Command::new(BIN).arg("policy").args(args).output().unwrap()
}

/// The one JSON line printed on standard output.
fn line(out: &Output) -> Value {
    let text = String::from_utf8(out.stdout.clone()).unwrap();
    assert_eq!(text.lines().count(), 1, "one line expected: {text}");
    serde_json::from_str(&text).unwrap()
}

fn rule<'a>(v: &'a Value, id: &str) -> &'a Value {
    v["rules"].as_array().unwrap().iter().find(|r| r["id"] == id).unwrap_or_else(|| panic!("no {id} in {v}"))
}

#[test]
fn a_good_form_passes_with_exit_0_and_reports_only_given_rules() {
    let dir = TempDir::new();
    let form = dir.write(
        "form.json",
        r#"{"documentType": "passport", "issuingCountry": "GB", "residenceCountry": "GB",
            "dateOfBirth": "1974-08-12", "expiryDate": "2027-01-20"}"#,
    );
    let out = run(&["--today", "2026-11-21", "--json", &form]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let v = line(&out);
    assert_eq!(v["verdict"], "pass");
    let ids: Vec<&str> = v["rules"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["document-validity", "age", "country"]);
    for r in v["rules"].as_array().unwrap() {
        assert!(r["message"].as_str().unwrap().len() > 10);
        assert!(r["verdict"].is_string() && r["key"].is_string());
    }
    // The keys come in the documented order.
    assert!(String::from_utf8(out.stdout).unwrap().starts_with(r#"{"verdict":"pass","rules":["#));
}

#[test]
fn the_day_decides_and_a_failing_rule_exits_1() {
    let dir = TempDir::new();
    let form = dir.write("form.json", r#"{"expiryDate": "2027-01-20"}"#);
    // 60 days before the expiry passes; 59 fails.
    assert_eq!(run(&["--today", "2026-11-21", "--json", &form]).status.code(), Some(0));
    let out = run(&["--today", "2026-11-22", "--json", &form]);
    assert_eq!(out.status.code(), Some(1));
    let v = line(&out);
    assert_eq!(v["verdict"], "fail");
    assert_eq!(rule(&v, "document-validity")["key"], "document-validity.too-soon");
}

#[test]
fn a_warning_alone_exits_0() {
    let dir = TempDir::new();
    let form = dir.write("form.json", r#"{"fullName": "anna eriksson", "documentName": "ANNA ERIKSSON"}"#);
    let out = run(&["--json", &form]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(line(&out)["verdict"], "warn");
}

#[test]
fn the_profile_file_is_applied() {
    let dir = TempDir::new();
    let form = dir.write("form.json", r#"{"residenceCountry": "JP"}"#);
    assert_eq!(run(&["--json", &form]).status.code(), Some(0));
    let out = run(&["--profile", KRAKEN, "--json", &form]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(rule(&line(&out), "country")["key"], "country.residence-restricted");

    let strict = dir.write("strict.json", r#"{"minAge": 21}"#);
    let young = dir.write("young.json", r#"{"dateOfBirth": "2006-01-01"}"#);
    assert_eq!(run(&["--today", "2026-11-21", "--json", &young]).status.code(), Some(0));
    assert_eq!(run(&["--today", "2026-11-21", "--profile", &strict, "--json", &young]).status.code(), Some(1));
}

#[test]
fn messages_follow_the_language() {
    let dir = TempDir::new();
    let form = dir.write("form.json", r#"{"expiryDate": "2020-01-01"}"#);
    let out = run(&["--lang", "zh-Hans", "--json", &form]);
    let msg = rule(&line(&out), "document-validity")["message"].as_str().unwrap().to_string();
    assert!(msg.contains("已于 2020-01-01 过期"), "{msg}");
    let table = String::from_utf8(run(&["--lang", "zh-Hant", &form]).stdout).unwrap();
    assert!(table.contains("已於 2020-01-01 過期"), "{table}");
}

#[test]
fn bad_values_in_the_form_are_failing_rules_not_crashes() {
    let dir = TempDir::new();
    let form = dir.write(
        "form.json",
        r#"{"dateOfBirth": "1990-02-30", "issuingCountry": "ZZ", "idNumber": "", "mrz": "P<<<", "expiryDate": "  "}"#,
    );
    let out = run(&["--json", &form]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let v = line(&out);
    assert_eq!(rule(&v, "age")["key"], "age.invalid");
    assert_eq!(rule(&v, "country")["key"], "country.issuing-unknown");
    assert_eq!(rule(&v, "id-number")["key"], "id-number.empty");
    assert_eq!(rule(&v, "document-validity")["key"], "document-validity.empty");
}

#[test]
fn unreadable_inputs_and_usage_errors_exit_2() {
    let dir = TempDir::new();
    let bad_json = dir.write("bad.json", "{\"expiryDate\": ");
    let unknown_key = dir.write("unknown.json", r#"{"birthday": "1990-01-01"}"#);
    let array = dir.write("array.json", "[]");
    let good = dir.write("good.json", "{}");
    let bad_profile = dir.write("profile.json", r#"{"restrictedResidenceCountries": ["XX"]}"#);
    let missing = dir.0.join("missing.json").to_string_lossy().into_owned();
    let cases: [(&[&str], Option<&str>); 6] = [
        (&["--json", &bad_json], Some("invalid-form")),
        (&["--json", &unknown_key], Some("invalid-form")),
        (&["--json", &array], Some("invalid-form")),
        (&["--json", &missing], Some("invalid-form")),
        (&["--profile", &bad_profile, "--json", &good], Some("invalid-profile")),
        (&["--today", "2026-13-01", "--json", &good], Some("invalid-date")),
    ];
    for (args, code) in cases {
        let out = run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_eq!(line(&out)["error"]["code"].as_str(), code, "{args:?}");
    }
    for args in [&[][..], &["--json"], &["--today"], &["--frobnicate", &good], &[&good, &good]] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(String::from_utf8(out.stderr).unwrap().contains("usage:"));
    }
}

#[test]
fn the_form_can_come_from_standard_input() {
    use std::io::Write;
    let mut child = Command::new(BIN)
        .args(["policy", "--today", "2026-11-21", "--json", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(br#"{"addressProofDate": "2026-08-20"}"#).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(rule(&line(&out), "address-proof-age")["key"], "address-proof-age.too-old");
}

#[test]
fn the_check_subcommand_still_answers() {
    let out = Command::new(BIN).args(["check"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr).unwrap().contains("no files given"));
}
