//! What a check reports: a verdict, a score against a threshold, a message and a region.

use crate::geometry::{Quad, Rect};
use serde::Serialize;

/// How a check went. Ordered so that the worst verdict is the largest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Pass,
    Warn,
    Fail,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Warn => "warn",
            Verdict::Fail => "fail",
        }
    }
}

/// Where in the image a finding applies, in input-image pixels.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Region {
    Box(Rect),
    Quad(Quad),
}

/// A corner of the document, named as the person sees the photo.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Corner {
    TopLeft,
    TopRight,
    BottomRight,
    BottomLeft,
}

/// The result of one check.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// Stable check id: `blur`, `glare`, `crop`, `color`, ...
    pub id: &'static str,
    pub verdict: Verdict,
    /// The measured value; its unit is documented with each check.
    pub score: f32,
    /// The value the score was held to for `fail`.
    pub threshold: f32,
    /// Stable key of the message, for translation (`blur.fail`, ...).
    pub key: &'static str,
    /// One plain sentence saying what to do, in the report's language.
    pub message: String,
    /// Where the problem is, when it has a place.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<Region>,
    /// For `crop`: the document corners that are outside the frame or too near its edge.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub corners_cut: Vec<Corner>,
    /// Values filled into the message's `{name}` placeholders (a program's name, a quality...),
    /// serialized as an object such as `{"program": "GIMP"}`.
    #[serde(skip_serializing_if = "Vec::is_empty", serialize_with = "params_as_object")]
    pub params: Vec<(&'static str, String)>,
}

impl Finding {
    /// A finding with its message filled in (English) from its key.
    pub fn new(id: &'static str, verdict: Verdict, score: f32, threshold: f32, key: &'static str) -> Finding {
        Finding {
            id,
            verdict,
            score,
            threshold,
            key,
            message: crate::messages::text(key, crate::messages::Lang::En).to_string(),
            region: None,
            corners_cut: Vec::new(),
            params: Vec::new(),
        }
    }

    /// Sets the message placeholder `{name}` to `value` and fills the (English) message again.
    pub fn with_param(mut self, name: &'static str, value: impl Into<String>) -> Finding {
        self.params.retain(|(n, _)| *n != name);
        self.params.push((name, value.into()));
        self.message = crate::messages::render(self.key, crate::messages::Lang::En, &self.params);
        self
    }

    /// The value of the placeholder `name`, if set.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str())
    }

    pub fn with_region(mut self, region: Region) -> Finding {
        self.region = Some(region);
        self
    }
}

fn params_as_object<S: serde::Serializer>(params: &[(&'static str, String)], s: S) -> Result<S::Ok, S::Error> {
    s.collect_map(params.iter().map(|(k, v)| (k, v)))
}

/// Everything known about one photo after checking it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// The worst verdict among the checks.
    pub verdict: Verdict,
    pub width: u32,
    pub height: u32,
    /// The document's quadrilateral, when one was found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document: Option<Quad>,
    pub checks: Vec<Finding>,
}

impl Report {
    pub fn new(width: u32, height: u32, document: Option<Quad>, checks: Vec<Finding>) -> Report {
        let verdict = checks.iter().map(|f| f.verdict).max().unwrap_or(Verdict::Pass);
        Report { verdict, width, height, document, checks }
    }

    /// The finding with this id, if the check ran.
    pub fn check(&self, id: &str) -> Option<&Finding> {
        self.checks.iter().find(|f| f.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_verdict_is_the_worst_finding() {
        let a = Finding::new("blur", Verdict::Pass, 1.0, 0.5, "blur.pass");
        let b = Finding::new("glare", Verdict::Warn, 1.0, 0.5, "glare.warn");
        let r = Report::new(1, 1, None, vec![a.clone(), b]);
        assert_eq!(r.verdict, Verdict::Warn);
        assert_eq!(Report::new(1, 1, None, vec![a]).verdict, Verdict::Pass);
        assert_eq!(Report::new(1, 1, None, vec![]).verdict, Verdict::Pass);
    }

    #[test]
    fn verdicts_serialize_lowercase() {
        assert_eq!(serde_json::to_string(&Verdict::Fail).unwrap(), "\"fail\"");
    }
}
