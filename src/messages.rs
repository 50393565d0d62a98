//! The message catalogue: each finding's key in English, Simplified and Traditional Chinese.

use serde::{Deserialize, Serialize};

/// A language the messages are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    #[serde(rename = "en")]
    En,
    #[serde(rename = "zh-Hans")]
    ZhHans,
    #[serde(rename = "zh-Hant")]
    ZhHant,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::En, Lang::ZhHans, Lang::ZhHant];

    /// Parses a BCP 47 tag such as `en-GB`, `zh-CN`, `zh-Hant-TW`; `None` when no catalogue fits.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let t = tag.trim().to_ascii_lowercase().replace('_', "-");
        if t == "en" || t.starts_with("en-") {
            return Some(Lang::En);
        }
        if t == "zh" || t.starts_with("zh-") {
            let traditional = ["hant", "tw", "hk", "mo"].iter().any(|s| t.split('-').any(|p| p == *s));
            return Some(if traditional { Lang::ZhHant } else { Lang::ZhHans });
        }
        None
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// Every key with its text in `en`, `zh-Hans`, `zh-Hant`, in that order.
pub const CATALOGUE: &[(&str, [&str; 3])] = &[
    ("blur.pass", ["The photo is sharp.", "照片清晰。", "照片清晰。"]),
    (
        "blur.warn",
        [
            "The photo is a little soft. If the text is hard to read, hold the phone steady, tap the document to focus and take it again.",
            "照片略有模糊。如果文字不易辨认，请拿稳手机，点击证件对焦后重新拍摄。",
            "照片略有模糊。如果文字不易辨認，請拿穩手機，點擊證件對焦後重新拍攝。",
        ],
    ),
    (
        "blur.fail",
        [
            "The document is blurry. Hold the phone steady, tap the document to focus and take the photo again.",
            "证件照片模糊。请拿稳手机，点击证件对焦后重新拍摄。",
            "證件照片模糊。請拿穩手機，點擊證件對焦後重新拍攝。",
        ],
    ),
    ("glare.pass", ["No glare on the document.", "证件上没有反光。", "證件上沒有反光。"]),
    (
        "glare.warn",
        [
            "There is a small reflection on the document. If it hides any text, tilt the document or move away from the light.",
            "证件上有少量反光。如果遮挡了文字，请倾斜证件或避开光源。",
            "證件上有少量反光。如果遮擋了文字，請傾斜證件或避開光源。",
        ],
    ),
    (
        "glare.fail",
        [
            "Glare covers part of the document. Tilt it slightly or move away from the lamp or window, and turn off the flash.",
            "证件上有反光遮挡。请稍微倾斜证件，或远离灯光和窗户，并关闭闪光灯。",
            "證件上有反光遮擋。請稍微傾斜證件，或遠離燈光和窗戶，並關閉閃光燈。",
        ],
    ),
    ("crop.pass", ["All four corners of the document are visible.", "证件四个角都在画面内。", "證件四個角都在畫面內。"]),
    (
        "crop.fail",
        [
            "Part of the document is cut off. Move back so that all four corners are inside the frame, with a little space around them.",
            "证件有部分超出画面。请离远一些，让四个角都在画面内并留出少许边距。",
            "證件有部分超出畫面。請離遠一些，讓四個角都在畫面內並留出少許邊距。",
        ],
    ),
    (
        "crop.missing",
        [
            "No document was found. Place the whole document on a plain, darker surface and fill most of the frame with it.",
            "未检测到证件。请将整张证件放在颜色较深的纯色桌面上，并让它占据画面的大部分。",
            "未偵測到證件。請將整張證件放在顏色較深的純色桌面上，並讓它佔據畫面的大部分。",
        ],
    ),
    ("color.pass", ["The photo is in colour.", "照片为彩色。", "照片為彩色。"]),
    (
        "color.fail",
        [
            "The photo is black-and-white. Photograph the original document in colour, not a copy, and turn off any black-and-white filter.",
            "照片是黑白的。请拍摄证件原件的彩色照片，不要拍复印件，并关闭黑白滤镜。",
            "照片是黑白的。請拍攝證件正本的彩色照片，不要拍影本，並關閉黑白濾鏡。",
        ],
    ),
];

/// The text for `key` in `lang`; the key itself when the catalogue lacks it (a test forbids that).
pub fn text(key: &str, lang: Lang) -> &str {
    CATALOGUE.iter().find(|(k, _)| *k == key).map(|(_, t)| t[lang.index()]).unwrap_or(key)
}

/// Whether the catalogue has `key`.
pub fn has(key: &str) -> bool {
    CATALOGUE.iter().any(|(k, _)| *k == key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_entry_has_three_non_empty_texts_and_keys_are_unique() {
        for (i, (k, texts)) in CATALOGUE.iter().enumerate() {
            assert!(texts.iter().all(|t| !t.trim().is_empty()), "{k} has an empty text");
            assert!(CATALOGUE[..i].iter().all(|(j, _)| j != k), "{k} is listed twice");
        }
    }

    #[test]
    fn tags_map_to_catalogues() {
        assert_eq!(Lang::from_tag("en-GB"), Some(Lang::En));
        assert_eq!(Lang::from_tag("zh-CN"), Some(Lang::ZhHans));
        assert_eq!(Lang::from_tag("zh-Hans"), Some(Lang::ZhHans));
        assert_eq!(Lang::from_tag("zh-TW"), Some(Lang::ZhHant));
        assert_eq!(Lang::from_tag("zh-Hant-HK"), Some(Lang::ZhHant));
        assert_eq!(Lang::from_tag("fr"), None);
    }

    #[test]
    fn unknown_key_falls_back_to_itself() {
        assert_eq!(text("no.such.key", Lang::En), "no.such.key");
        assert_eq!(text("blur.fail", Lang::ZhHant), CATALOGUE[2].1[2]);
    }
}
