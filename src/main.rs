//! The `kyc-preflight` command line: checks photo files and prints a table or JSON lines.

use kyc_preflight::{validate, Error, Input, Kind, Lang, Options, Report, Verdict};
use serde_json::json;
use std::process::ExitCode;

const USAGE: &str = "usage: kyc-preflight check [--kind document|selfie|selfie-with-document] [--lang en|zh-Hans|zh-Hant] [--json] FILE...";

/// What the command line asked for.
struct CheckArgs {
    options: Options,
    json: bool,
    files: Vec<String>,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("check") => match parse_check(&args[1..]) {
            Ok(a) => run_check(&a),
            Err(msg) => usage_error(&msg),
        },
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        Some(other) => usage_error(&format!("unknown command `{other}`")),
        None => usage_error("no command given"),
    }
}

fn usage_error(msg: &str) -> ExitCode {
    eprintln!("kyc-preflight: {msg}\n{USAGE}");
    ExitCode::from(2)
}

fn parse_check(args: &[String]) -> Result<CheckArgs, String> {
    let mut out = CheckArgs { options: Options::default(), json: false, files: Vec::new() };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |name: &str| it.next().cloned().ok_or(format!("{name} needs a value"));
        match a.as_str() {
            "--json" => out.json = true,
            "--kind" => out.options.kind = Kind::parse(&value("--kind")?).map_err(|e| e.to_string())?,
            "--lang" => {
                let v = value("--lang")?;
                out.options.lang = Lang::from_tag(&v).ok_or(format!("unknown language `{v}`"))?;
            }
            "--" => out.files.extend(it.by_ref().cloned()),
            flag if flag.starts_with("--") => return Err(format!("unknown option `{flag}`")),
            file => out.files.push(file.to_string()),
        }
    }
    if out.files.is_empty() {
        return Err("no files given".into());
    }
    Ok(out)
}

/// Checks each file in turn; exit 2 if any is unreadable, else 1 if any fails, else 0.
fn run_check(args: &CheckArgs) -> ExitCode {
    let mut worst = Verdict::Pass;
    let mut unreadable = false;
    for file in &args.files {
        match check_file(file, &args.options) {
            Ok(report) => {
                worst = worst.max(report.verdict);
                print_report(file, &report, args.json);
            }
            Err(e) => {
                unreadable = true;
                print_error(file, &e, args.json);
            }
        }
    }
    ExitCode::from(if unreadable { 2 } else if worst == Verdict::Fail { 1 } else { 0 })
}

fn check_file(file: &str, options: &Options) -> Result<Report, Error> {
    let bytes = std::fs::read(file).map_err(|e| Error::Io(e.to_string()))?;
    validate(Input::Encoded(&bytes), options)
}

fn print_report(file: &str, report: &Report, json: bool) {
    if json {
        let mut v = serde_json::to_value(report).unwrap_or_default();
        v["file"] = json!(file);
        println!("{v}");
        return;
    }
    println!("{file}: {} ({}×{})", report.verdict.as_str().to_uppercase(), report.width, report.height);
    for f in &report.checks {
        println!("  {:<12} {:<5} score {:>8.3} threshold {:>8.3}  {}", f.id, f.verdict.as_str(), f.score, f.threshold, f.message);
    }
}

fn print_error(file: &str, e: &Error, json: bool) {
    if json {
        println!("{}", json!({"file": file, "error": {"code": e.code(), "message": e.to_string()}}));
    } else {
        println!("{file}: ERROR [{}] {e}", e.code());
    }
}
