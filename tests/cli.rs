//! The `kyc-preflight` binary: JSON lines, errors per file, exit codes and usage errors.

mod common;

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_kyc-preflight");

/// A fresh folder under the target directory holding the test's files.
fn workdir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path.to_string_lossy().into_owned()
}

fn cli(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().expect("running the built binary")
}

fn json_lines(out: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not a JSON line: {l:?} ({e})")))
        .collect()
}

#[test]
fn a_colour_photo_passes_with_exit_0_and_a_json_line() {
    let dir = workdir("pass");
    let f = write(&dir, "colour.png", &common::colour_photo_png());
    let out = cli(&["check", "--json", &f]);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 1);
    let r = &lines[0];
    assert_eq!(r["file"], f.as_str());
    let checks = r["checks"].as_array().unwrap();
    assert!(!checks.is_empty());
    // The drawn card has a plain box where a portrait would be: only the face check warns.
    assert_eq!(r["verdict"], "warn");
    for c in checks {
        let expected = if c["id"] == "face" { "warn" } else { "pass" };
        assert_eq!(c["verdict"], expected, "{c}");
    }
    for c in checks {
        assert!(c["id"].is_string() && c["message"].is_string(), "{c}");
        assert!(c["score"].is_number() && c["threshold"].is_number(), "{c}");
        assert!(["pass", "warn", "fail"].contains(&c["verdict"].as_str().unwrap()), "{c}");
    }
    assert!(checks.iter().any(|c| c["id"] == "color"));
}

#[test]
fn a_grey_photo_fails_with_exit_1() {
    let dir = workdir("fail");
    let f = write(&dir, "grey.png", &common::grey_png());
    let out = cli(&["check", "--json", &f]);
    assert_eq!(out.status.code(), Some(1));
    let r = &json_lines(&out)[0];
    assert_eq!(r["verdict"], "fail");
    let color = r["checks"].as_array().unwrap().iter().find(|c| c["id"] == "color").unwrap();
    assert_eq!(color["verdict"], "fail");
}

#[test]
fn an_unreadable_file_gives_an_error_line_and_the_cli_goes_on() {
    let dir = workdir("errors");
    let bad = write(&dir, "cut.jpg", &common::truncated_jpeg());
    let missing = dir.join("missing.jpg").to_string_lossy().into_owned();
    let good = write(&dir, "colour.jpg", &common::colour_photo_jpeg());
    let out = cli(&["check", "--json", &bad, &missing, &good]);
    assert_eq!(out.status.code(), Some(2));
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["file"], bad.as_str());
    assert_eq!(lines[0]["error"]["code"], "corrupt");
    assert!(lines[0]["error"]["message"].as_str().unwrap().contains("damaged"));
    assert!(lines[0].get("verdict").is_none());
    assert_eq!(lines[1]["error"]["code"], "io");
    assert_eq!(lines[2]["file"], good.as_str());
    assert!(lines[2]["verdict"] == "pass" || lines[2]["verdict"] == "warn", "{}", lines[2]);
}

#[test]
fn every_bad_input_has_its_code() {
    let dir = workdir("codes");
    let cases = [
        ("empty.jpg", Vec::new(), "empty"),
        ("random.bin", common::random_bytes(4000, 9), "unsupported-format"),
        ("cut.png", common::truncated_png(), "corrupt"),
        ("huge.png", common::huge_png(), "too-large"),
    ];
    for (name, bytes, code) in cases {
        let f = write(&dir, name, &bytes);
        let out = cli(&["check", "--json", &f]);
        assert_eq!(out.status.code(), Some(2), "{name}");
        assert_eq!(json_lines(&out)[0]["error"]["code"], code, "{name}");
    }
}

#[test]
fn a_failure_and_an_unreadable_file_exit_2() {
    let dir = workdir("mixed");
    let grey = write(&dir, "grey.png", &common::grey_png());
    let empty = write(&dir, "empty.png", &[]);
    assert_eq!(cli(&["check", "--json", &grey, &empty]).status.code(), Some(2));
    assert_eq!(cli(&["check", &grey]).status.code(), Some(1));
}

#[test]
fn the_table_names_each_check_and_the_language_option_works() {
    let dir = workdir("table");
    let f = write(&dir, "grey.png", &common::grey_png());
    let out = cli(&["check", &f]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("FAIL") && text.contains("color"), "{text}");
    assert!(serde_json::from_str::<Value>(text.lines().next().unwrap()).is_err(), "the table is not JSON");
    let zh = cli(&["check", "--json", "--lang", "zh-Hans", &f]);
    let msg = json_lines(&zh)[0]["checks"][0]["message"].as_str().unwrap().to_string();
    assert!(msg.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{msg}");
}

#[test]
fn usage_errors_exit_2_with_a_message_on_stderr() {
    for args in [
        &[][..],
        &["check"][..],
        &["inspect", "x.jpg"][..],
        &["check", "--kind", "passport", "x.jpg"][..],
        &["check", "--lang", "fr", "x.jpg"][..],
        &["check", "--frobnicate", "x.jpg"][..],
        &["check", "--kind"][..],
    ] {
        let out = cli(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("usage:"), "{args:?}");
    }
    let help = cli(&["--help"]);
    assert_eq!(help.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&help.stdout).contains("usage:"));
}

#[test]
fn front_and_back_of_one_picture_fail_as_the_same_image() {
    let dir = workdir("pair");
    let front = write(&dir, "front.png", &common::colour_photo_png());
    let again = write(&dir, "again.jpg", &common::colour_photo_jpeg());
    let out = cli(&["check", "--json", "--front", &front, "--back", &again, "--document-type", "id-card"]);
    assert_eq!(out.status.code(), Some(1), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["pair"]["key"], "pair.same-image");
    assert_eq!(lines[0]["front"]["file"], front.as_str());
    assert_eq!(lines[0]["back"]["file"], again.as_str());
    // A passport needs no back; an ID card does.
    let out = cli(&["check", "--json", "--front", &front, "--document-type", "passport"]);
    assert_eq!(json_lines(&out)[0]["pair"]["key"], "pair.one-side");
    let out = cli(&["check", "--front", &front, "--document-type", "id-card"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("back"));
}

#[test]
fn pair_flags_are_checked() {
    let out = cli(&["check", "--back", "b.jpg"]);
    assert_eq!(out.status.code(), Some(2));
    let out = cli(&["check", "--front", "a.jpg", "--document-type", "visa"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("visa"));
}
