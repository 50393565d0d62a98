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
            // The script subtag, when given, decides: zh-Hans-HK is simplified.
            let has = |s: &str| t.split('-').any(|p| p == s);
            let traditional = !has("hans") && ["hant", "tw", "hk", "mo"].iter().any(|s| has(s));
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
    // --- Live camera instructions (www/guidance.js picks one per frame from the findings). ---
    ("camera.find-document", ["Show the whole document to the camera", "请将整张证件对准相机", "請將整張證件對準相機"]),
    ("camera.move-closer", ["Move closer", "请靠近一些", "請靠近一些"]),
    ("camera.move-back", ["Move back until all four corners show", "请离远一些，让四个角都入镜", "請離遠一些，讓四個角都入鏡"]),
    ("camera.glare", ["Tilt the document to remove the glare", "请倾斜证件以消除反光", "請傾斜證件以消除反光"]),
    ("camera.more-light", ["Find more light", "请到更明亮的地方", "請到更明亮的地方"]),
    ("camera.less-light", ["Move out of the direct light", "请避开直射光", "請避開直射光"]),
    ("camera.shadow", ["Keep shadows off the document", "请不要让阴影落在证件上", "請不要讓陰影落在證件上"]),
    ("camera.one-person", ["Only one person in the frame", "画面中只能有一个人", "畫面中只能有一個人"]),
    ("camera.face-none", ["Look straight at the camera", "请正视相机", "請正視相機"]),
    ("camera.face-whole", ["Keep your whole face in the frame", "请让整张脸都在画面内", "請讓整張臉都在畫面內"]),
    ("camera.show-document", ["Hold your document up beside your face", "请将证件举在脸旁", "請將證件舉在臉旁"]),
    ("camera.hold-still", ["Hold still", "请保持不动", "請保持不動"]),
    ("camera.colour", ["Show the original document, in colour", "请拍摄彩色的证件原件", "請拍攝彩色的證件正本"]),
    ("camera.ready", ["Hold still: taking the photo", "请保持不动，正在拍照", "請保持不動，正在拍照"]),
    // --- Form-data rules (src/policy, issue 7). `{name}` is filled in by `policy::render`. ---
    ("document-validity.pass", ["The document is valid for another {days} days.", "证件还有 {days} 天有效期。", "證件還有 {days} 天有效期。"]),
    (
        "document-validity.too-soon",
        [
            "The document expires in {days} days, on {date}, but it must stay valid for at least {min} days. Use another document, or renew this one first.",
            "证件将在 {days} 天后（{date}）到期，但有效期须至少还剩 {min} 天。请使用其他证件，或先换领新证。",
            "證件將在 {days} 天後（{date}）到期，但有效期須至少還剩 {min} 天。請使用其他證件，或先換領新證。",
        ],
    ),
    (
        "document-validity.expired",
        [
            "The document expired on {date}. Use a document that is still valid.",
            "证件已于 {date} 过期。请使用仍在有效期内的证件。",
            "證件已於 {date} 過期。請使用仍在有效期內的證件。",
        ],
    ),
    (
        "document-validity.invalid",
        [
            "“{value}” is not a valid expiry date. Enter the date printed on the document as YYYY-MM-DD.",
            "“{value}”不是有效的到期日期。请按 YYYY-MM-DD 格式填写证件上印的日期。",
            "「{value}」不是有效的到期日期。請按 YYYY-MM-DD 格式填寫證件上印的日期。",
        ],
    ),
    (
        "document-validity.empty",
        [
            "Enter the expiry date printed on the document, as YYYY-MM-DD.",
            "请按 YYYY-MM-DD 格式填写证件上印的到期日期。",
            "請按 YYYY-MM-DD 格式填寫證件上印的到期日期。",
        ],
    ),
    ("age.pass", ["You meet the minimum age of {min}.", "您已达到 {min} 周岁的最低年龄要求。", "您已達到 {min} 歲的最低年齡要求。"]),
    (
        "age.under",
        [
            "You must be at least {min} years old. You can verify from {date}; if the date of birth is wrong, correct it.",
            "您须年满 {min} 周岁。您可从 {date} 起进行验证；如果出生日期填错了，请更正。",
            "您須年滿 {min} 歲。您可從 {date} 起進行驗證；如果出生日期填錯了，請更正。",
        ],
    ),
    (
        "age.future",
        [
            "The date of birth {value} is in the future. Check the year.",
            "出生日期 {value} 晚于今天。请检查年份。",
            "出生日期 {value} 晚於今天。請檢查年份。",
        ],
    ),
    (
        "age.implausible",
        [
            "The date of birth {value} would make you over {max} years old. Check the year.",
            "按出生日期 {value} 计算，您已超过 {max} 岁。请检查年份。",
            "按出生日期 {value} 計算，您已超過 {max} 歲。請檢查年份。",
        ],
    ),
    (
        "age.invalid",
        [
            "“{value}” is not a valid date of birth. Enter it as YYYY-MM-DD.",
            "“{value}”不是有效的出生日期。请按 YYYY-MM-DD 格式填写。",
            "「{value}」不是有效的出生日期。請按 YYYY-MM-DD 格式填寫。",
        ],
    ),
    ("age.empty", ["Enter your date of birth as YYYY-MM-DD.", "请按 YYYY-MM-DD 格式填写出生日期。", "請按 YYYY-MM-DD 格式填寫出生日期。"]),
    ("address-proof-age.pass", ["The proof of address is recent enough.", "地址证明的日期符合要求。", "地址證明的日期符合要求。"]),
    (
        "address-proof-age.too-old",
        [
            "The proof of address is dated {date}, more than {months} months ago; it must be dated {earliest} or later. Upload a more recent bill or statement.",
            "地址证明的日期为 {date}，已超过 {months} 个月；日期须不早于 {earliest}。请上传较近期的账单或对账单。",
            "地址證明的日期為 {date}，已超過 {months} 個月；日期須不早於 {earliest}。請上傳較近期的帳單或對帳單。",
        ],
    ),
    (
        "address-proof-age.future",
        [
            "The proof of address date {value} is in the future. Enter the date printed on the document.",
            "地址证明的日期 {value} 晚于今天。请填写文件上印的日期。",
            "地址證明的日期 {value} 晚於今天。請填寫文件上印的日期。",
        ],
    ),
    (
        "address-proof-age.invalid",
        [
            "“{value}” is not a valid date for the proof of address. Enter it as YYYY-MM-DD.",
            "“{value}”不是有效的地址证明日期。请按 YYYY-MM-DD 格式填写。",
            "「{value}」不是有效的地址證明日期。請按 YYYY-MM-DD 格式填寫。",
        ],
    ),
    (
        "address-proof-age.empty",
        [
            "Enter the date printed on the proof of address, as YYYY-MM-DD.",
            "请按 YYYY-MM-DD 格式填写地址证明上印的日期。",
            "請按 YYYY-MM-DD 格式填寫地址證明上印的日期。",
        ],
    ),
    ("country.pass", ["The country and document type are accepted.", "国家或地区及证件类型均可接受。", "國家或地區及證件類型均可接受。"]),
    (
        "country.issuing-empty",
        ["Choose the country or region that issued the document.", "请选择签发证件的国家或地区。", "請選擇簽發證件的國家或地區。"],
    ),
    ("country.residence-empty", ["Choose the country or region where you live.", "请选择您居住的国家或地区。", "請選擇您居住的國家或地區。"]),
    (
        "country.issuing-unknown",
        [
            "“{value}” is not a country code. For the issuing country, use the two-letter ISO 3166 code, such as GB, CN or HK.",
            "“{value}”不是国家或地区代码。签发国家或地区请填写两个字母的 ISO 3166 代码，例如 GB、CN 或 HK。",
            "「{value}」不是國家或地區代碼。簽發國家或地區請填寫兩個字母的 ISO 3166 代碼，例如 GB、CN 或 HK。",
        ],
    ),
    (
        "country.residence-unknown",
        [
            "“{value}” is not a country code. For the country of residence, use the two-letter ISO 3166 code, such as GB, CN or HK.",
            "“{value}”不是国家或地区代码。居住国家或地区请填写两个字母的 ISO 3166 代码，例如 GB、CN 或 HK。",
            "「{value}」不是國家或地區代碼。居住國家或地區請填寫兩個字母的 ISO 3166 代碼，例如 GB、CN 或 HK。",
        ],
    ),
    (
        "country.issuing-restricted",
        [
            "Documents issued by {country} cannot be accepted. If you have a document from another country, use that one instead.",
            "无法接受由 {country} 签发的证件。如果您有其他国家或地区签发的证件，请改用该证件。",
            "無法接受由 {country} 簽發的證件。如果您有其他國家或地區簽發的證件，請改用該證件。",
        ],
    ),
    (
        "country.residence-restricted",
        [
            "This service is not available to residents of {country}.",
            "本服务不向居住在 {country} 的用户提供。",
            "本服務不向居住在 {country} 的用戶提供。",
        ],
    ),
    ("country.document-type-empty", ["Choose the type of document.", "请选择证件类型。", "請選擇證件類型。"]),
    (
        "country.document-type-unknown",
        [
            "“{value}” is not a document type. Choose passport, ID card, driving licence or residence permit.",
            "“{value}”不是可识别的证件类型。请选择护照、身份证、驾驶证或居留证。",
            "「{value}」不是可識別的證件類型。請選擇護照、身份證、駕駛執照或居留證。",
        ],
    ),
    (
        "country.document-not-accepted",
        [
            "This type of document ({type}) issued by {country} is not accepted. Use one of these instead: {accepted}.",
            "不接受由 {country} 签发的此类证件（{type}）。请改用以下证件之一：{accepted}。",
            "不接受由 {country} 簽發的此類證件（{type}）。請改用以下證件之一：{accepted}。",
        ],
    ),
    (
        "country.document-type-not-accepted",
        [
            "This type of document ({type}) is not accepted. Use one of these instead: {accepted}.",
            "不接受此类证件（{type}）。请改用以下证件之一：{accepted}。",
            "不接受此類證件（{type}）。請改用以下證件之一：{accepted}。",
        ],
    ),
    ("document-type.passport", ["passport", "护照", "護照"]),
    ("document-type.id-card", ["ID card", "身份证", "身份證"]),
    ("document-type.driving-licence", ["driving licence", "驾驶证", "駕駛執照"]),
    ("document-type.residence-permit", ["residence permit", "居留证", "居留證"]),
    (
        "id-number.pass",
        ["The ID number has the right format and check digit.", "证件号码格式正确，校验码无误。", "證件號碼格式正確，檢查碼無誤。"],
    ),
    (
        "id-number.format-only",
        [
            "The ID number uses valid characters. There is no check digit to verify for this document, so compare it with the document once more.",
            "证件号码的字符有效。此类证件没有可供核验的校验码，请再与证件核对一遍。",
            "證件號碼的字元有效。此類證件沒有可供核驗的檢查碼，請再與證件核對一遍。",
        ],
    ),
    (
        "id-number.empty",
        ["Enter the ID number exactly as printed on the document.", "请按证件上印的内容准确填写证件号码。", "請按證件上印的內容準確填寫證件號碼。"],
    ),
    (
        "id-number.bad-characters",
        [
            "The ID number contains characters that do not belong in it. Type only the letters and digits printed on the document.",
            "证件号码中含有不应出现的字符。请只填写证件上印的字母和数字。",
            "證件號碼中含有不應出現的字元。請只填寫證件上印的字母和數字。",
        ],
    ),
    (
        "id-number.check-digit",
        [
            "The ID number's check digit does not match, so a character is probably mistyped. Compare it with the document character by character.",
            "证件号码的校验码不符，可能有字符输错。请逐位与证件核对。",
            "證件號碼的檢查碼不符，可能有字元輸錯。請逐位與證件核對。",
        ],
    ),
    (
        "id-number.cn-format",
        [
            "A Chinese resident ID number has 18 characters: 17 digits, then a digit or X. Check for missing, extra or mistyped characters.",
            "居民身份证号码共 18 位：前 17 位为数字，最后一位为数字或 X。请检查是否漏填、多填或填错。",
            "居民身份證號碼共 18 位：前 17 位為數字，最後一位為數字或 X。請檢查是否漏填、多填或填錯。",
        ],
    ),
    (
        "id-number.cn-birth-date",
        [
            "Digits 7 to 14 of the ID number are the birth date, but {digits} is not a possible birth date. Check what you typed.",
            "身份证号码第 7 至 14 位为出生日期，但 {digits} 不是有效的出生日期。请检查输入。",
            "身份證號碼第 7 至 14 位為出生日期，但 {digits} 不是有效的出生日期。請檢查輸入。",
        ],
    ),
    (
        "id-number.cn-birth-mismatch",
        [
            "The ID number contains the birth date {encoded}, but the date of birth entered is {dob}. Correct whichever is wrong.",
            "身份证号码中的出生日期为 {encoded}，与填写的出生日期 {dob} 不一致。请更正填错的一项。",
            "身份證號碼中的出生日期為 {encoded}，與填寫的出生日期 {dob} 不一致。請更正填錯的一項。",
        ],
    ),
    (
        "id-number.hk-format",
        [
            "A Hong Kong identity card number has one or two letters, six digits and a check digit in brackets, such as A123456(3).",
            "香港身份证号码由一至两个英文字母、六位数字和括号内的一位校验码组成，例如 A123456(3)。",
            "香港身份證號碼由一至兩個英文字母、六位數字和括號內的一位檢查碼組成，例如 A123456(3)。",
        ],
    ),
    (
        "id-number.tw-format",
        [
            "A Taiwan ID number is one letter followed by nine digits, such as A123456789.",
            "台湾身份证号码由一个英文字母加九位数字组成，例如 A123456789。",
            "臺灣身分證字號由一個英文字母加九位數字組成，例如 A123456789。",
        ],
    ),
    (
        "id-number.mrz-pass",
        ["Every check digit in the machine-readable zone is correct.", "机读区的所有校验码均正确。", "機讀區的所有檢查碼均正確。"],
    ),
    (
        "id-number.mrz-empty",
        [
            "Enter the machine-readable zone: the lines of letters, digits and < at the bottom of the document.",
            "请填写机读区，即证件底部由字母、数字和 < 组成的几行字符。",
            "請填寫機讀區，即證件底部由字母、數字和 < 組成的幾行字元。",
        ],
    ),
    (
        "id-number.mrz-format",
        [
            "The machine-readable zone has 2 lines of 44 characters (passport), or 2 lines of 36 or 3 lines of 30 (ID card), using only A–Z, 0–9 and <. Check for missing or extra characters.",
            "机读区为 2 行、每行 44 个字符（护照），或 2 行 36 个、3 行 30 个字符（身份证件），只含 A–Z、0–9 和 <。请检查是否漏填或多填。",
            "機讀區為 2 行、每行 44 個字元（護照），或 2 行 36 個、3 行 30 個字元（身份證件），只含 A–Z、0–9 和 <。請檢查是否漏填或多填。",
        ],
    ),
    (
        "id-number.mrz-check-digit",
        [
            "A check digit in the machine-readable zone does not match ({fields}). Compare those characters with the document one by one: 0 and O, 1 and I, 8 and B are easily confused.",
            "机读区的校验码不符（{fields}）。请逐个字符与证件核对：0 和 O、1 和 I、8 和 B 容易混淆。",
            "機讀區的檢查碼不符（{fields}）。請逐個字元與證件核對：0 和 O、1 和 I、8 和 B 容易混淆。",
        ],
    ),
    (
        "id-number.mrz-birth-mismatch",
        [
            "The date of birth in the machine-readable zone, {mrz} (YYMMDD), does not match the date of birth entered, {dob}. Correct whichever is wrong.",
            "机读区中的出生日期 {mrz}（YYMMDD）与填写的出生日期 {dob} 不一致。请更正填错的一项。",
            "機讀區中的出生日期 {mrz}（YYMMDD）與填寫的出生日期 {dob} 不一致。請更正填錯的一項。",
        ],
    ),
    (
        "id-number.mrz-expiry-mismatch",
        [
            "The expiry date in the machine-readable zone, {mrz} (YYMMDD), does not match the expiry date entered, {expiry}. Correct whichever is wrong.",
            "机读区中的到期日期 {mrz}（YYMMDD）与填写的到期日期 {expiry} 不一致。请更正填错的一项。",
            "機讀區中的到期日期 {mrz}（YYMMDD）與填寫的到期日期 {expiry} 不一致。請更正填錯的一項。",
        ],
    ),
    ("mrz-field.document-number", ["document number", "证件号码", "證件號碼"]),
    ("mrz-field.date-of-birth", ["date of birth", "出生日期", "出生日期"]),
    ("mrz-field.expiry-date", ["expiry date", "到期日期", "到期日期"]),
    ("mrz-field.personal-number", ["personal number", "个人号码", "個人號碼"]),
    ("mrz-field.composite", ["composite check", "综合校验码", "綜合檢查碼"]),
    ("name-format.pass", ["The name matches the document.", "姓名与证件一致。", "姓名與證件一致。"]),
    (
        "name-format.warn",
        [
            "The name differs from the document only in case, spacing, punctuation or order. Type it exactly as printed ({documentName}).",
            "您填写的姓名与证件上的姓名仅在大小写、空格、标点或顺序上不同。请完全按证件所印填写（{documentName}）。",
            "您填寫的姓名與證件上的姓名僅在大小寫、空格、標點或順序上不同。請完全按證件所印填寫（{documentName}）。",
        ],
    ),
    (
        "name-format.mismatch",
        [
            "The name you typed does not match the name on the document ({documentName}). Type it exactly as printed.",
            "您填写的姓名与证件上的姓名（{documentName}）不一致。请完全按证件所印填写。",
            "您填寫的姓名與證件上的姓名（{documentName}）不一致。請完全按證件所印填寫。",
        ],
    ),
    ("name-format.full-name-empty", ["Enter your full name.", "请填写您的姓名。", "請填寫您的姓名。"]),
    (
        "name-format.document-name-empty",
        ["Enter the name exactly as printed on the document.", "请按证件所印准确填写姓名。", "請按證件所印準確填寫姓名。"],
    ),
    // --- end of form-data rules ---
    // The exposure check: the key names the cause; warn and fail share the text.
    ("exposure.pass", ["The document is well and evenly lit.", "证件光线充足且均匀。", "證件光線充足且均勻。"]),
    (
        "exposure.dark",
        [
            "The photo is too dark to read the document well. Move to a brighter place or turn on a light, and take it again.",
            "照片太暗，证件内容不易看清。请到更明亮的地方或打开灯后重新拍摄。",
            "照片太暗，證件內容不易看清。請到更明亮的地方或開燈後重新拍攝。",
        ],
    ),
    (
        "exposure.bright",
        [
            "The photo is too bright: the print on the document is washed out. Move out of direct light, turn off the flash and take it again.",
            "照片过亮，证件上的文字已经发白。请避开直射光、关闭闪光灯后重新拍摄。",
            "照片過亮，證件上的文字已經發白。請避開直射光、關閉閃光燈後重新拍攝。",
        ],
    ),
    (
        "exposure.shadow",
        [
            "Part of the document is in shadow. Keep your hand and phone out of the light so that the whole document is evenly lit, and take it again.",
            "证件有一部分处在阴影中。请不要让手或手机挡住光线，使整张证件受光均匀后重新拍摄。",
            "證件有一部分處在陰影中。請不要讓手或手機擋住光線，使整張證件受光均勻後重新拍攝。",
        ],
    ),
    // The resolution check: the document (or the whole photo) has too few pixels for its print.
    ("resolution.pass", ["The document is large enough in the photo for its print to be read.", "证件在照片中足够大，文字可以看清。", "證件在照片中足夠大，文字可以看清。"]),
    (
        "resolution.unmeasured",
        [
            "The document's size could not be measured because its outline was not found.",
            "未找到证件的轮廓，无法测量证件的大小。",
            "未找到證件的輪廓，無法測量證件的大小。",
        ],
    ),
    (
        "resolution.warn",
        [
            "The document is small in the photo, so small print may be hard to read. Move the phone closer until the document fills most of the frame.",
            "证件在照片中偏小，细小文字可能难以辨认。请把手机靠近一些，让证件占据画面的大部分。",
            "證件在照片中偏小，細小文字可能難以辨認。請把手機靠近一些，讓證件佔據畫面的大部分。",
        ],
    ),
    (
        "resolution.fail",
        [
            "The document is too small in the photo for its text to be read. Move the phone closer until the document fills most of the frame, and take it again.",
            "证件在照片中太小，文字无法辨认。请把手机靠近，让证件占据画面的大部分后重新拍摄。",
            "證件在照片中太小，文字無法辨認。請把手機靠近，讓證件佔據畫面的大部分後重新拍攝。",
        ],
    ),
    (
        "resolution.photo",
        [
            "The photo is only {size} pixels, smaller than the {min} needed. Take a new photo with the camera at its normal resolution, or upload the original instead of a reduced copy.",
            "照片只有 {size} 像素，小于所需的 {min}。请用相机以正常分辨率重新拍摄，或上传原图而不是缩小后的副本。",
            "照片只有 {size} 像素，小於所需的 {min}。請用相機以正常解析度重新拍攝，或上傳原圖而不是縮小後的副本。",
        ],
    ),
    // The recapture check: a photo of a screen.
    ("recapture.pass", ["No sign that this is a photo of a screen.", "没有发现这是翻拍屏幕的照片。", "沒有發現這是翻拍螢幕的照片。"]),
    (
        "recapture.warn",
        [
            "This may be a photo of a screen: there is a fine grid or wavy pattern over the document. Photograph the document itself, not a picture of it on a screen.",
            "这可能是翻拍屏幕的照片：证件上有细密的网格或波纹。请直接拍摄证件原件，不要拍摄屏幕上显示的图片。",
            "這可能是翻拍螢幕的照片：證件上有細密的網格或波紋。請直接拍攝證件正本，不要拍攝螢幕上顯示的圖片。",
        ],
    ),
    (
        "recapture.fail",
        [
            "This is a photo of a screen. Photograph the document itself, not a picture of it on a screen.",
            "这是翻拍屏幕的照片。请直接拍摄证件原件，不要拍摄屏幕上显示的图片。",
            "這是翻拍螢幕的照片。請直接拍攝證件正本，不要拍攝螢幕上顯示的圖片。",
        ],
    ),
    // Front and back (src/pair.rs).
    ("pair.pass", ["The two photos show two different sides of the document.", "两张照片分别是证件的两面。", "兩張照片分別是證件的兩面。"]),
    ("pair.one-side", ["This document needs only the one photo.", "此证件只需一张照片。", "此證件只需一張照片。"]),
    ("pair.single", ["Only one side was given; add the back too if the document has data on it.", "只提供了一面；如果证件背面也有信息，请一并上传背面照片。", "只提供了一面；如果證件背面也有資訊，請一併上傳背面照片。"]),
    (
        "pair.back-missing",
        [
            "This document needs a photo of its back as well. Turn it over, take a photo of the back and add it.",
            "此证件还需要背面照片。请将证件翻过来，拍摄背面并上传。",
            "此證件還需要背面照片。請將證件翻過來，拍攝背面並上傳。",
        ],
    ),
    (
        "pair.same-image",
        [
            "The two photos are the same picture. Turn the document over and take a separate photo of the back.",
            "两张照片是同一张图片。请将证件翻过来，另外拍一张背面照片。",
            "兩張照片是同一張圖片。請將證件翻過來，另外拍一張背面照片。",
        ],
    ),
    (
        "pair.same-side",
        [
            "Both photos show the same side of the document. Turn the document over and photograph the other side.",
            "两张照片拍的是证件的同一面。请将证件翻过来，拍摄另一面。",
            "兩張照片拍的是證件的同一面。請將證件翻過來，拍攝另一面。",
        ],
    ),
    // The face check: selfies (one face, large, whole) and the document's portrait.
    (
        "face.pass",
        ["One face, large enough and fully in the frame.", "画面中有一张人脸，大小合适且完整。", "畫面中有一張人臉，大小合適且完整。"],
    ),
    (
        "face.none",
        [
            "No face found. Look straight at the camera, keep your head upright, with your whole face in the frame and in good light.",
            "没有找到人脸。请正对镜头、保持头部端正，让整张脸在画面内并光线充足。",
            "沒有找到人臉。請正對鏡頭、保持頭部端正，讓整張臉在畫面內並光線充足。",
        ],
    ),
    (
        "face.many",
        [
            "Only one person in the frame: {count} faces were found. Ask the others to step out of the picture and take it again.",
            "画面中只能有一个人：检测到 {count} 张人脸。请让其他人离开画面后重新拍摄。",
            "畫面中只能有一個人：偵測到 {count} 張人臉。請讓其他人離開畫面後重新拍攝。",
        ],
    ),
    (
        "face.small",
        [
            "Your face is too small in the photo. Move the camera closer so that your face fills more of the frame.",
            "照片中的人脸太小。请把镜头靠近一些，让脸部占据更多画面。",
            "照片中的人臉太小。請把鏡頭靠近一些，讓臉部佔據更多畫面。",
        ],
    ),
    (
        "face.cut",
        [
            "Part of your face is outside the frame. Move so that your whole head is inside the picture, with a little space around it.",
            "脸部有一部分在画面外。请调整位置，让整个头部都在画面内并留出少许空间。",
            "臉部有一部分在畫面外。請調整位置，讓整個頭部都在畫面內並留出少許空間。",
        ],
    ),
    (
        "face.no-document",
        [
            "No document found next to your face. Hold your document beside your face, with all of it in the frame.",
            "没有在脸旁找到证件。请把证件拿在脸旁，并让整张证件都在画面内。",
            "沒有在臉旁找到證件。請把證件拿在臉旁，並讓整張證件都在畫面內。",
        ],
    ),
    ("face.portrait", ["The portrait on the document is visible.", "证件上的人像清晰可见。", "證件上的人像清晰可見。"]),
    (
        "face.no-portrait",
        [
            "No portrait found on the document. Photograph the side with your photo, and keep the photo free of glare and fingers.",
            "没有在证件上找到人像。请拍摄带有照片的一面，并确保照片处没有反光或手指遮挡。",
            "沒有在證件上找到人像。請拍攝帶有照片的一面，並確保照片處沒有反光或手指遮擋。",
        ],
    ),
    (
        "face.not-document",
        [
            "This looks like a photo of a person, not of a document. Take a photo of the document itself, with all four corners in the frame.",
            "这看起来是人物照片，而不是证件照片。请拍摄证件本身，并让四个角都在画面内。",
            "這看起來是人物照片，而不是證件照片。請拍攝證件本身，並讓四個角都在畫面內。",
        ],
    ),
    (
        "face.no-model",
        [
            "The face check did not run: the face model is not loaded (call loadFaceModel first).",
            "人脸检查未运行：人脸模型尚未加载（请先调用 loadFaceModel）。",
            "人臉檢查未執行：人臉模型尚未載入（請先呼叫 loadFaceModel）。",
        ],
    ),
    // The checks that read the encoded file: file, edited, screenshot, compression.
    ("file.pass", ["The file's format, size and data are fine.", "文件格式、大小和数据均正常。", "檔案格式、大小和資料均正常。"]),
    (
        "file.format",
        [
            "{format} files are not accepted here. Save or export the photo as {allowed} and upload that file.",
            "此处不接受 {format} 格式的文件。请将照片保存或导出为 {allowed} 格式后再上传。",
            "此處不接受 {format} 格式的檔案。請將照片儲存或匯出為 {allowed} 格式後再上傳。",
        ],
    ),
    (
        "file.size",
        [
            "The file is {size} MB, over the {limit} MB limit. Take the photo again at normal resolution (not high-resolution or RAW mode), or upload a smaller copy.",
            "文件大小为 {size} MB，超过了 {limit} MB 的上限。请用普通分辨率（不要用高像素或 RAW 模式）重新拍摄，或上传较小的版本。",
            "檔案大小為 {size} MB，超過了 {limit} MB 的上限。請用一般解析度（不要用高畫素或 RAW 模式）重新拍攝，或上傳較小的版本。",
        ],
    ),
    (
        "file.damaged",
        [
            "The file is damaged or incomplete. Take the photo again, or copy the original file to this device again and upload it.",
            "文件已损坏或不完整。请重新拍摄，或将原始文件重新复制到本设备后再上传。",
            "檔案已損壞或不完整。請重新拍攝，或將原始檔案重新複製到本裝置後再上傳。",
        ],
    ),
    ("edited.pass", ["No sign that an image editor saved the file.", "未发现图片编辑软件保存过此文件的迹象。", "未發現圖片編輯軟體儲存過此檔案的跡象。"]),
    (
        "edited.warn",
        [
            "The file was saved with {program}. If you changed the photo in any way, upload the original photo from your camera instead.",
            "此文件经 {program} 保存过。如果您对照片做过任何修改，请改为上传相机拍摄的原始照片。",
            "此檔案經 {program} 儲存過。如果您對照片做過任何修改，請改為上傳相機拍攝的原始照片。",
        ],
    ),
    (
        "edited.fail",
        [
            "The photo was edited with {program}. Upload the original, unedited photo taken with your camera.",
            "照片经过 {program} 编辑。请上传用相机拍摄、未经编辑的原始照片。",
            "照片經過 {program} 編輯。請上傳用相機拍攝、未經編輯的原始照片。",
        ],
    ),
    ("screenshot.pass", ["The image is a photo, not a screenshot.", "图片是照片，不是截图。", "圖片是照片，不是截圖。"]),
    (
        "screenshot.warn",
        [
            "This looks like a screenshot: it has a screen's size and no camera data. Take a photo of the document itself with your camera.",
            "这张图片像是截图：尺寸与屏幕相同，且没有相机信息。请用相机直接拍摄证件本身。",
            "這張圖片像是截圖：尺寸與螢幕相同，且沒有相機資訊。請用相機直接拍攝證件本身。",
        ],
    ),
    (
        "screenshot.fail",
        [
            "This is a screenshot, not a photo. Take a photo of the document itself with your camera.",
            "这是截图，不是照片。请用相机直接拍摄证件本身。",
            "這是截圖，不是照片。請用相機直接拍攝證件本身。",
        ],
    ),
    ("compression.pass", ["The photo is sharp enough for fine print.", "照片清晰度足以看清细小文字。", "照片清晰度足以看清細小文字。"]),
    (
        "compression.warn",
        [
            "The photo is compressed (JPEG quality about {quality}), so fine print may be hard to read. Upload the original photo, not a copy sent through a chat app.",
            "照片经过压缩（JPEG 质量约为 {quality}），细小文字可能难以辨认。请上传原始照片，不要上传通过聊天软件发送过的副本。",
            "照片經過壓縮（JPEG 品質約為 {quality}），細小文字可能難以辨認。請上傳原始照片，不要上傳透過聊天軟體傳送過的副本。",
        ],
    ),
    (
        "compression.fail",
        [
            "The photo is so heavily compressed (JPEG quality about {quality}) that fine print is lost. Upload the original photo from your camera, not a compressed copy.",
            "照片压缩过度（JPEG 质量约为 {quality}），细小文字已无法辨认。请上传相机拍摄的原始照片，不要上传压缩过的副本。",
            "照片壓縮過度（JPEG 品質約為 {quality}），細小文字已無法辨認。請上傳相機拍攝的原始照片，不要上傳壓縮過的副本。",
        ],
    ),
];

/// The text for `key` in `lang`; the key itself when the catalogue lacks it (a test forbids that).
pub fn text(key: &str, lang: Lang) -> &str {
    CATALOGUE.iter().find(|(k, _)| *k == key).map(|(_, t)| t[lang.index()]).unwrap_or(key)
}

/// The text for `key` in `lang` with each `{name}` placeholder replaced by its value in `params`.
pub fn render(key: &str, lang: Lang, params: &[(&'static str, String)]) -> String {
    let mut out = text(key, lang).to_string();
    for (name, value) in params {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
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
    fn every_language_picker_reads_tags_alike() {
        // The same table is in tests/e2e/i18n.test.mjs, for the page, the form and the npm package.
        let table = [
            ("en", Lang::En), ("en-GB", Lang::En), ("zh", Lang::ZhHans), ("zh-CN", Lang::ZhHans),
            ("zh-SG", Lang::ZhHans), ("zh-Hans", Lang::ZhHans), ("zh-TW", Lang::ZhHant), ("zh-HK", Lang::ZhHant),
            ("zh-MO", Lang::ZhHant), ("zh-Hant", Lang::ZhHant), ("zh-Hant-CN", Lang::ZhHant),
            ("zh-Hans-HK", Lang::ZhHans), ("zh_TW", Lang::ZhHant), ("ZH-hant-tw", Lang::ZhHant),
        ];
        for (tag, want) in table {
            assert_eq!(Lang::from_tag(tag), Some(want), "{tag}");
        }
    }

    #[test]
    fn placeholders_are_filled() {
        let params = [("program", "GIMP".to_string())];
        assert!(render("edited.fail", Lang::En, &params).contains("GIMP"));
        assert!(!render("edited.fail", Lang::ZhHant, &params).contains("{program}"));
        assert_eq!(render("blur.fail", Lang::En, &params), text("blur.fail", Lang::En));
    }

    #[test]
    fn unknown_key_falls_back_to_itself() {
        assert_eq!(text("no.such.key", Lang::En), "no.such.key");
        assert_eq!(text("blur.fail", Lang::ZhHant), CATALOGUE[2].1[2]);
    }
}
