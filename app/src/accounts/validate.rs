//! Input rules for real-name accounts. Shared by the server (the authority) and the browser
//! (early hints), so both say the same thing.
use crate::forms::Message;
use serde::{Deserialize, Serialize};

/// Why a field was refused. Each has a message in every language, shown next to the field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Problem {
    Required,
    TooLong(usize),
    NameChars,
    PhoneFormat,
    PhoneTaken,
    IdFormat,
    IdRegion,
    IdBirthDate,
    IdCheckDigit,
    IdTaken,
    PasswordShort,
    PasswordLong,
    PasswordWeak,
    PasswordMismatch,
    BuildingUnknown,
    ConsentMissing,
    WrongCredentials,
    CodeFormat,
    /// A wrong code; how many tries are left.
    CodeWrong(i64),
    /// No live code: expired, used, tried too often, or never sent.
    CodeExpired,
    /// Repeated wrong passwords: a code sent to the phone is needed as well.
    CodeNeeded,
}

impl Problem {
    /// The message shown beside the field, as a code the page translates.
    pub fn message(self) -> Message {
        use Problem::*;
        match self {
            Required => Message::new("problem-required"),
            TooLong(n) => Message::new("problem-too-long").with("n", n as i64),
            NameChars => Message::new("problem-name-chars"),
            PhoneFormat => Message::new("problem-phone-format"),
            PhoneTaken => Message::new("problem-phone-taken"),
            IdFormat => Message::new("problem-id-format"),
            IdRegion => Message::new("problem-id-region"),
            IdBirthDate => Message::new("problem-id-birth-date"),
            IdCheckDigit => Message::new("problem-id-check-digit"),
            IdTaken => Message::new("problem-id-taken"),
            PasswordShort => Message::new("problem-password-short"),
            PasswordLong => Message::new("problem-password-long"),
            PasswordWeak => Message::new("problem-password-weak"),
            PasswordMismatch => Message::new("problem-password-mismatch"),
            BuildingUnknown => Message::new("problem-building-unknown"),
            ConsentMissing => Message::new("problem-consent-missing"),
            WrongCredentials => Message::new("problem-wrong-credentials"),
            CodeFormat => Message::new("problem-code-format"),
            CodeWrong(left) => Message::new("problem-code-wrong").with("left", left),
            CodeExpired => Message::new("problem-code-expired"),
            CodeNeeded => Message::new("problem-code-needed"),
        }
    }
}

pub const NAME_MAX: usize = 30;
pub const PASSWORD_MIN: usize = 8;
pub const PASSWORD_MAX: usize = 64;

pub fn real_name(raw: &str) -> Result<String, Problem> {
    let name = raw.trim();
    if name.is_empty() {
        return Err(Problem::Required);
    }
    if name.chars().count() > NAME_MAX {
        return Err(Problem::TooLong(NAME_MAX));
    }
    let ok = name
        .chars()
        .all(|c| c.is_alphabetic() || c == ' ' || c == '·' || c == '•');
    if !ok {
        return Err(Problem::NameChars);
    }
    Ok(name.to_string())
}

/// Mainland mobile numbers: 11 digits, 1 then 3–9.
pub fn mobile(raw: &str) -> Result<String, Problem> {
    let phone: String = raw.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
    if phone.is_empty() {
        return Err(Problem::Required);
    }
    let b = phone.as_bytes();
    let ok = b.len() == 11
        && b.iter().all(u8::is_ascii_digit)
        && b[0] == b'1'
        && (b'3'..=b'9').contains(&b[1]);
    if ok {
        Ok(phone)
    } else {
        Err(Problem::PhoneFormat)
    }
}

/// Province-level codes in use on resident ID numbers (GB/T 2260), including 港澳台.
const PROVINCES: [u8; 34] = [
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51,
    52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82,
];
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS: &[u8; 11] = b"10X98765432";

/// A resident ID number checked per GB 11643-1999: format, province, real birth date not in the
/// future, and the ISO 7064 MOD 11-2 check character. `today` is (year, month, day).
pub fn resident_id(raw: &str, today: (i32, u32, u32)) -> Result<String, Problem> {
    let id: String = raw.trim().to_ascii_uppercase();
    if id.is_empty() {
        return Err(Problem::Required);
    }
    let b = id.as_bytes();
    let format_ok = b.len() == 18
        && b[..17].iter().all(u8::is_ascii_digit)
        && (b[17].is_ascii_digit() || b[17] == b'X');
    if !format_ok {
        return Err(Problem::IdFormat);
    }
    let digit = |i: usize| (b[i] - b'0') as u32;
    let province = (digit(0) * 10 + digit(1)) as u8;
    if !PROVINCES.contains(&province) {
        return Err(Problem::IdRegion);
    }
    let year = (digit(6) * 1000 + digit(7) * 100 + digit(8) * 10 + digit(9)) as i32;
    let month = digit(10) * 10 + digit(11);
    let day = digit(12) * 10 + digit(13);
    if !is_real_date(year, month, day) || year < 1890 || (year, month, day) > today {
        return Err(Problem::IdBirthDate);
    }
    let sum: u32 = (0..17).map(|i| digit(i) * WEIGHTS[i]).sum();
    if CHECK_CHARS[(sum % 11) as usize] != b[17] {
        return Err(Problem::IdCheckDigit);
    }
    Ok(id)
}

/// The check character that completes the first 17 digits (used by demo data and tests).
pub fn id_check_char(first17: &str) -> char {
    let sum: u32 = first17
        .bytes()
        .zip(WEIGHTS)
        .map(|(c, w)| (c - b'0') as u32 * w)
        .sum();
    CHECK_CHARS[(sum % 11) as usize] as char
}

fn is_real_date(year: i32, month: u32, day: u32) -> bool {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

/// A new password typed twice: the field to mark and why, if either is wrong.
pub fn new_password(password: &str, again: &str) -> Result<(), (&'static str, Problem)> {
    self::password(password).map_err(|p| ("password", p))?;
    if password != again {
        return Err(("password2", Problem::PasswordMismatch));
    }
    Ok(())
}

pub fn password(raw: &str) -> Result<(), Problem> {
    let n = raw.chars().count();
    if n == 0 {
        return Err(Problem::Required);
    }
    if n < PASSWORD_MIN {
        return Err(Problem::PasswordShort);
    }
    if n > PASSWORD_MAX {
        return Err(Problem::PasswordLong);
    }
    let letters = raw.chars().any(|c| c.is_alphabetic());
    let digits = raw.chars().any(|c| c.is_ascii_digit());
    if letters && digits {
        Ok(())
    } else {
        Err(Problem::PasswordWeak)
    }
}

/// PIPL: an ID number leaves the server only as its first and last character.
pub fn mask_id(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    match chars.len() {
        0 => String::new(),
        1 => "*".into(),
        n => {
            let mut s = String::with_capacity(n);
            s.push(chars[0]);
            s.extend(std::iter::repeat_n('*', n - 2));
            s.push(chars[n - 1]);
            s
        }
    }
}

/// Mobile numbers are shown as 138****5678.
pub fn mask_phone(phone: &str) -> String {
    if phone.len() == 11 && phone.is_ascii() {
        format!("{}****{}", &phone[..3], &phone[7..])
    } else {
        mask_id(phone)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    const TODAY: (i32, u32, u32) = (2026, 11, 25);

    #[test]
    fn accepts_a_valid_id_and_uppercases_x() {
        // 11010519491231002X is the well-known sample in GB 11643-1999.
        assert_eq!(resident_id("11010519491231002x", TODAY).unwrap(), "11010519491231002X");
        let first17 = "44030419900307123";
        let id = format!("{first17}{}", id_check_char(first17));
        assert_eq!(resident_id(&id, TODAY).unwrap(), id);
    }

    #[test]
    fn rejects_each_kind_of_bad_id() {
        assert_eq!(resident_id("110105194912310021", TODAY), Err(Problem::IdCheckDigit));
        assert_eq!(resident_id("1101051949123100", TODAY), Err(Problem::IdFormat));
        assert_eq!(resident_id("11010519491231002Y", TODAY), Err(Problem::IdFormat));
        let bad_region = format!("99010519491231002{}", id_check_char("99010519491231002"));
        assert_eq!(resident_id(&bad_region, TODAY), Err(Problem::IdRegion));
        let feb30 = format!("11010519900230002{}", id_check_char("11010519900230002"));
        assert_eq!(resident_id(&feb30, TODAY), Err(Problem::IdBirthDate));
        let future = format!("11010520271231002{}", id_check_char("11010520271231002"));
        assert_eq!(resident_id(&future, TODAY), Err(Problem::IdBirthDate));
        assert_eq!(resident_id(" ", TODAY), Err(Problem::Required));
    }

    #[test]
    fn leap_days_are_real_only_in_leap_years() {
        let ok = format!("11010520000229002{}", id_check_char("11010520000229002"));
        assert!(resident_id(&ok, TODAY).is_ok());
        let bad = format!("11010519000229002{}", id_check_char("11010519000229002"));
        assert_eq!(resident_id(&bad, TODAY), Err(Problem::IdBirthDate));
    }

    #[test]
    fn phones_names_and_passwords() {
        assert_eq!(mobile("138 0013 8000").unwrap(), "13800138000");
        assert_eq!(mobile("12800138000"), Err(Problem::PhoneFormat));
        assert_eq!(mobile("1380013800"), Err(Problem::PhoneFormat));
        assert!(real_name("阿卜杜拉·买买提").is_ok());
        assert_eq!(real_name("张三3"), Err(Problem::NameChars));
        assert_eq!(real_name(&"张".repeat(31)), Err(Problem::TooLong(30)));
        assert_eq!(password("short1"), Err(Problem::PasswordShort));
        assert_eq!(password("onlyletters"), Err(Problem::PasswordWeak));
        assert!(password("linli2026").is_ok());
    }

    #[test]
    fn masks_keep_only_the_ends() {
        assert_eq!(mask_id("11010519491231002X"), "1****************X");
        assert_eq!(mask_phone("13800138000"), "138****8000");
    }
}

/// A one-time code as typed: six digits, spaces and full-width digits forgiven.
pub fn one_time_code(raw: &str) -> Result<String, Problem> {
    let code: String = raw
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            c => c,
        })
        .collect();
    if code.is_empty() {
        return Err(Problem::Required);
    }
    if code.len() == 6 && code.chars().all(|c| c.is_ascii_digit()) { Ok(code) } else { Err(Problem::CodeFormat) }
}
