//! The `kyc-preflight` command line: checks photo files, or a form against a policy profile, and
//! prints a table or JSON lines.

use kyc_preflight::pair::{self, Photo};
use kyc_preflight::policy::{self, Date, DocumentType, Form, PolicyError, PolicyReport, Profile};
use kyc_preflight::{validate, Error, Input, Kind, Lang, Options, Report, Verdict};
use serde_json::json;
use std::process::ExitCode;

const USAGE: &str = "usage: kyc-preflight check [--kind document|selfie|selfie-with-document] [--lang en|zh-Hans|zh-Hant] [--json] FILE...
       kyc-preflight check --front FILE [--back FILE] [--document-type passport|id-card|driving-licence|residence-permit] [--lang ...] [--json]
       kyc-preflight policy [--profile FILE] [--today YYYY-MM-DD] [--lang en|zh-Hans|zh-Hant] [--json] FORM.json";

/// What the command line asked for.
struct CheckArgs {
    options: Options,
    json: bool,
    files: Vec<String>,
    /// Front and back of one document (`--front`, `--back`, `--document-type`).
    front: Option<String>,
    back: Option<String>,
    document_type: Option<DocumentType>,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("check") => match parse_check(&args[1..]) {
            Ok(a) => run_check(&a),
            Err(msg) => usage_error(&msg),
        },
        Some("policy") => match parse_policy(&args[1..]) {
            Ok(a) => run_policy(&a),
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
    let mut out = CheckArgs { options: Options::default(), json: false, files: Vec::new(), front: None, back: None, document_type: None };
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
            "--front" => out.front = Some(value("--front")?),
            "--back" => out.back = Some(value("--back")?),
            "--document-type" => {
                let v = value("--document-type")?;
                let t = DocumentType::parse(&v);
                out.document_type = Some(t.ok_or(format!("unknown document type `{v}`: use passport, id-card, driving-licence or residence-permit"))?);
            }
            "--" => out.files.extend(it.by_ref().cloned()),
            flag if flag.starts_with("--") => return Err(format!("unknown option `{flag}`")),
            file => out.files.push(file.to_string()),
        }
    }
    match (&out.front, out.files.is_empty()) {
        (Some(_), false) => Err("give either --front (and --back) or files, not both".into()),
        (None, _) if out.back.is_some() || out.document_type.is_some() => Err("--back and --document-type need --front".into()),
        (None, true) => Err("no files given".into()),
        _ => Ok(out),
    }
}

/// Checks each file in turn; exit 2 if any is unreadable, else 1 if any fails, else 0.
fn run_check(args: &CheckArgs) -> ExitCode {
    if let Some(front) = &args.front {
        return run_pair(front, args.back.as_deref(), args);
    }
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

/// Checks a front and an optional back as one document; exit codes as for files.
fn run_pair(front: &str, back: Option<&str>, args: &CheckArgs) -> ExitCode {
    let read = |f: &str| std::fs::read(f).map_err(|e| (f.to_string(), Error::Io(e.to_string())));
    let bytes = read(front).and_then(|a| back.map(read).transpose().map(|b| (a, b)));
    let result = bytes.and_then(|(a, b)| {
        let back_photo = b.as_deref().map(Photo::encoded);
        pair::validate_pair(Photo::encoded(&a), back_photo, args.document_type, &args.options).map_err(|e| (front.to_string(), e))
    });
    let report = match result {
        Ok(r) => r,
        Err((file, e)) => {
            print_error(&file, &e, args.json);
            return ExitCode::from(2);
        }
    };
    if args.json {
        let mut v = serde_json::to_value(&report).unwrap_or_default();
        v["front"]["file"] = json!(front);
        if let Some(b) = back {
            v["back"]["file"] = json!(b);
        }
        println!("{v}");
    } else {
        print_report(front, &report.front, false);
        if let (Some(file), Some(r)) = (back, &report.back) {
            print_report(file, r, false);
        }
        let p = &report.pair;
        println!("pair: {}\n  {:<12} {:<5} score {:>8.3} threshold {:>8.3}  {}", report.verdict.as_str().to_uppercase(), p.id, p.verdict.as_str(), p.score, p.threshold, p.message);
    }
    ExitCode::from(if report.verdict == Verdict::Fail { 1 } else { 0 })
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

/// What `kyc-preflight policy` was asked for.
struct PolicyArgs {
    profile: Option<String>,
    today: Option<String>,
    lang: Lang,
    json: bool,
    form: String,
}

fn parse_policy(args: &[String]) -> Result<PolicyArgs, String> {
    let mut out = PolicyArgs { profile: None, today: None, lang: Lang::En, json: false, form: String::new() };
    let mut forms = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |name: &str| it.next().cloned().ok_or(format!("{name} needs a value"));
        match a.as_str() {
            "--json" => out.json = true,
            "--profile" => out.profile = Some(value("--profile")?),
            "--today" => out.today = Some(value("--today")?),
            "--lang" => {
                let v = value("--lang")?;
                out.lang = Lang::from_tag(&v).ok_or(format!("unknown language `{v}`"))?;
            }
            "-" => forms.push(a.clone()),
            flag if flag.starts_with("--") => return Err(format!("unknown option `{flag}`")),
            file => forms.push(file.to_string()),
        }
    }
    match forms.len() {
        0 => Err("no form given".into()),
        1 => {
            out.form = forms.remove(0);
            Ok(out)
        }
        _ => Err("give one form".into()),
    }
}

/// Runs the form rules; exit 2 if the form, profile or date cannot be read, else 1 if any rule
/// fails, else 0.
fn run_policy(args: &PolicyArgs) -> ExitCode {
    let report = match load_policy_inputs(args) {
        Ok((form, profile, today)) => {
            let mut report = policy::check(&form, &profile, today);
            report.localize(args.lang);
            report
        }
        Err(e) => {
            if args.json {
                println!("{}", json!({"error": {"code": e.code(), "message": e.to_string()}}));
            } else {
                eprintln!("kyc-preflight: [{}] {e}", e.code());
            }
            return ExitCode::from(2);
        }
    };
    print_policy(&report, args.json);
    ExitCode::from(if report.verdict == Verdict::Fail { 1 } else { 0 })
}

fn load_policy_inputs(args: &PolicyArgs) -> Result<(Form, Profile, Date), PolicyError> {
    let today = match &args.today {
        Some(t) => Date::parse(t).map_err(PolicyError::Today)?,
        None => system_today(),
    };
    let profile = match &args.profile {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| PolicyError::Profile(format!("{path}: {e}")))?;
            Profile::from_json(&text)?
        }
        None => Profile::default(),
    };
    let text = if args.form == "-" {
        std::io::read_to_string(std::io::stdin()).map_err(|e| PolicyError::Form(format!("standard input: {e}")))?
    } else {
        std::fs::read_to_string(&args.form).map_err(|e| PolicyError::Form(format!("{}: {e}", args.form)))?
    };
    Ok((Form::from_json(&text)?, profile, today))
}

/// Today's date in UTC from the system clock (a clock before 1970 counts as 1970-01-01).
fn system_today() -> Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    Date::from_days_since_epoch((secs / 86_400) as i64)
}

fn print_policy(report: &PolicyReport, json: bool) {
    if json {
        // Serialised straight from the struct, so the keys keep their order: verdict, then rules.
        match serde_json::to_string(report) {
            Ok(line) => println!("{line}"),
            Err(e) => println!("{}", json!({"error": {"code": "internal", "message": e.to_string()}})),
        }
        return;
    }
    println!("form: {}", report.verdict.as_str().to_uppercase());
    for r in &report.rules {
        println!("  {:<18} {:<5} {}", r.id, r.verdict.as_str(), r.message);
    }
}
