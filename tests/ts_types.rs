//! The TypeScript `Options` written in `src/wasm.rs` must name exactly the fields `Options` reads.
//!
//! The Rust side's fields are read from serde's own error for an unknown field (every options
//! struct denies unknown fields, and the error lists the expected ones).

use kyc_preflight::Options;
use std::collections::BTreeSet;

const WASM_RS: &str = include_str!("../src/wasm.rs");

/// The fields of `export interface NAME { ... }` in the TypeScript text, with their types.
fn ts_fields(name: &str) -> Vec<(String, String)> {
    let start = WASM_RS.find(&format!("export interface {name} {{")).unwrap_or_else(|| panic!("no interface {name}"));
    let body = &WASM_RS[start..];
    let body = &body[body.find('{').unwrap() + 1..body.find('}').unwrap()];
    body.split([';', '\n'])
        .map(|l| l.trim())
        .filter(|l| !l.is_empty() && !l.starts_with("/*") && !l.starts_with('*'))
        .map(|l| {
            let (field, ty) = l.split_once(':').unwrap_or_else(|| panic!("cannot read `{l}` in {name}"));
            (field.trim().trim_end_matches('?').to_string(), ty.trim().to_string())
        })
        .collect()
}

/// The fields the Rust struct at `path` (e.g. `["blur"]`, or `[]` for `Options`) accepts.
fn rust_fields(path: &[&str]) -> BTreeSet<String> {
    let mut json = r#"{"no-such-field": 1}"#.to_string();
    for key in path.iter().rev() {
        json = format!(r#"{{"{key}": {json}}}"#);
    }
    let err = Options::from_json(&json).expect_err("an unknown field is refused").to_string();
    let expected = err.split("expected one of").nth(1).or_else(|| err.split("expected").nth(1));
    let expected = expected.unwrap_or_else(|| panic!("cannot read the fields from: {err}"));
    expected.split('`').skip(1).step_by(2).map(str::to_string).collect()
}

#[test]
fn the_typescript_options_match_the_rust_options() {
    let ts = ts_fields("Options");
    let ts_names: BTreeSet<String> = ts.iter().map(|(f, _)| f.clone()).collect();
    assert_eq!(ts_names, rust_fields(&[]), "export interface Options in src/wasm.rs vs src/options.rs");
    for (field, ty) in &ts {
        if !ty.ends_with("Options") {
            continue;
        }
        let nested: BTreeSet<String> = ts_fields(ty).into_iter().map(|(f, _)| f).collect();
        assert_eq!(nested, rust_fields(&[field]), "export interface {ty} in src/wasm.rs vs the Rust `{field}` options");
    }
}

#[test]
fn the_typescript_field_types_are_accepted() {
    // A value of each TypeScript type is read by the Rust options without error.
    for (field, ty) in ts_fields("Options") {
        let value = match ty.as_str() {
            "Kind" => r#""document""#.to_string(),
            "Lang" => r#""zh-Hant""#.to_string(),
            "number" => "1000".to_string(),
            t if t.ends_with("Options") => {
                let inner: Vec<String> = ts_fields(t).into_iter().map(|(f, t)| format!(r#""{f}": {}"#, sample(&t))).collect();
                format!("{{{}}}", inner.join(", "))
            }
            other => panic!("add a sample value for the type {other}"),
        };
        let json = format!(r#"{{"{field}": {value}}}"#);
        Options::from_json(&json).unwrap_or_else(|e| panic!("{json}: {e}"));
    }
}

/// A JSON value of a field type used inside the options objects.
fn sample(ty: &str) -> String {
    match ty {
        "number" => "2".into(),
        "boolean" => "true".into(),
        // A union of string literals, or an array of one: its first literal.
        t if t.starts_with("('") || t.starts_with('\'') => {
            let first = t.split('\'').nth(1).unwrap();
            if t.ends_with("[]") { format!(r#"["{first}"]"#) } else { format!(r#""{first}""#) }
        }
        other => panic!("add a sample value for the type {other}"),
    }
}
