//! Every tunable of the checks in one struct, with documented defaults.

use crate::checks::blur::BlurOptions;
use crate::checks::color::ColorOptions;
use crate::checks::crop::CropOptions;
use crate::checks::glare::GlareOptions;
use crate::checks::compression::CompressionOptions;
use crate::checks::edited::EditedOptions;
use crate::checks::exposure::ExposureOptions;
use crate::checks::face::FaceOptions;
use crate::checks::file::FileOptions;
use crate::checks::recapture::RecaptureOptions;
use crate::checks::resolution::ResolutionOptions;
use crate::checks::screenshot::ScreenshotOptions;
use crate::decode::Limits;
use crate::error::Error;
use crate::locate::LocateOptions;
use crate::messages::Lang;
use crate::pair::PairOptions;
use serde::Deserialize;

/// What the photo is supposed to show; it decides which checks run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A photo of an identity document (ID card, passport data page, licence).
    #[default]
    Document,
    /// A selfie of the person.
    Selfie,
    /// A selfie of the person holding their document.
    SelfieWithDocument,
}

impl Kind {
    /// Parses the CLI and JS spelling (`document`, `selfie`, `selfie-with-document`).
    pub fn parse(s: &str) -> Result<Kind, Error> {
        match s {
            "document" => Ok(Kind::Document),
            "selfie" => Ok(Kind::Selfie),
            "selfie-with-document" => Ok(Kind::SelfieWithDocument),
            other => Err(Error::Options(format!(
                "unknown kind `{other}`: use document, selfie or selfie-with-document"
            ))),
        }
    }
}

/// Options for [`crate::validate`]. Unknown fields are an error, never silently ignored.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct Options {
    /// What the photo should show. Default: `document`.
    pub kind: Kind,
    /// Language of the messages. Default: `en`.
    pub lang: Lang,
    /// Largest image accepted. Default: 50 megapixels.
    pub max_pixels: Option<u64>,
    /// Largest decoder allocation, in bytes. Default: 512 MiB.
    pub max_alloc_bytes: Option<u64>,
    pub color: ColorOptions,
    pub blur: BlurOptions,
    pub glare: GlareOptions,
    pub file: FileOptions,
    pub edited: EditedOptions,
    pub screenshot: ScreenshotOptions,
    pub compression: CompressionOptions,
    pub exposure: ExposureOptions,
    /// How the document's outline is searched for (used by every check that looks at the document).
    pub locate: LocateOptions,
    pub crop: CropOptions,
    pub resolution: ResolutionOptions,
    pub recapture: RecaptureOptions,
    /// Front-and-back comparison ([`crate::pair::validate_pair`]); unused by a single photo.
    pub pair: PairOptions,
    pub face: FaceOptions,
}

impl Options {
    /// Options from a JSON object such as `{"kind": "document", "lang": "zh-Hans"}`.
    pub fn from_json(text: &str) -> Result<Options, Error> {
        serde_json::from_str(text).map_err(|e| Error::Options(e.to_string()))
    }

    /// The decode limits these options ask for.
    pub fn limits(&self) -> Limits {
        let d = Limits::default();
        Limits {
            max_pixels: self.max_pixels.unwrap_or(d.max_pixels),
            max_alloc_bytes: self.max_alloc_bytes.unwrap_or(d.max_alloc_bytes),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_fields_and_kinds_are_errors() {
        assert!(matches!(Options::from_json(r#"{"knid": "document"}"#), Err(Error::Options(_))));
        assert!(matches!(Options::from_json(r#"{"kind": "passport"}"#), Err(Error::Options(_))));
        assert!(Kind::parse("selfies").is_err());
    }

    #[test]
    fn json_options_are_read() {
        let o = Options::from_json(r#"{"kind": "selfie", "lang": "zh-Hant", "maxPixels": 1000}"#).unwrap();
        assert_eq!(o.kind, Kind::Selfie);
        assert_eq!(o.lang, Lang::ZhHant);
        assert_eq!(o.limits().max_pixels, 1000);
        assert_eq!(Options::default().limits(), Limits::default());
    }
}
