//! Go's `strconv`: `Quote` (what `%q` prints), the number parsers with their `*NumError` texts
//! (`strconv.Atoi: parsing "x": invalid syntax`), and `FormatFloat` in the two forms the
//! original's output uses.

use std::fmt::Write as _;

/// Go's `strconv.Quote` (also `%q` of a string): printable runes as they are, the usual
/// backslash escapes, `\xNN` below U+0080, `\uNNNN` / `\UNNNNNNNN` above.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{b}' => out.push_str("\\v"),
            c if is_print(c) => out.push(c),
            c if (c as u32) < 0x80 => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if (c as u32) <= 0xffff => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => {
                let _ = write!(out, "\\U{:08x}", c as u32);
            }
        }
    }
    out.push('"');
    out
}

/// Go's `strconv.IsPrint`: letters, marks, numbers, punctuation, symbols and U+0020. Rust has
/// no general-category tables, so this excludes what Go excludes by category: controls (Cc),
/// spaces other than U+0020 (Zs, Zl, Zp), format characters (Cf) and private use (Co).
/// Unassigned code points are the one gap (Go escapes them, this prints them).
pub fn is_print(c: char) -> bool {
    if c == ' ' {
        return true;
    }
    if c.is_control() || c.is_whitespace() {
        return false;
    }
    let u = c as u32;
    const FORMAT: [(u32, u32); 22] = [
        (0x00ad, 0x00ad),
        (0x0600, 0x0605),
        (0x061c, 0x061c),
        (0x06dd, 0x06dd),
        (0x070f, 0x070f),
        (0x0890, 0x0891),
        (0x08e2, 0x08e2),
        (0x180e, 0x180e),
        (0x200b, 0x200f),
        (0x202a, 0x202e),
        (0x2060, 0x2064),
        (0x2066, 0x206f),
        (0xfeff, 0xfeff),
        (0xfff9, 0xfffb),
        (0x110bd, 0x110bd),
        (0x110cd, 0x110cd),
        (0x13430, 0x1343f),
        (0x1bca0, 0x1bca3),
        (0x1d173, 0x1d17a),
        (0xe0001, 0xe0001),
        (0xe0020, 0xe007f),
        (0xe000, 0xf8ff), // private use
    ];
    let private = (0xf0000..=0x10ffff).contains(&u);
    !private && !FORMAT.iter().any(|&(lo, hi)| (lo..=hi).contains(&u))
}

/// Go's `strconv.ParseBool`.
pub fn parse_bool(s: &str) -> Option<bool> {
    match s {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

/// The text of Go's `*strconv.NumError` for a syntax error: `strconv.<func>: parsing "<s>":
/// invalid syntax`.
pub fn syntax_error(func: &str, s: &str) -> String {
    format!("strconv.{func}: parsing {}: invalid syntax", quote(s))
}

/// The text of Go's `*strconv.NumError` for a value out of range.
pub fn range_error(func: &str, s: &str) -> String {
    format!("strconv.{func}: parsing {}: value out of range", quote(s))
}

/// Go's `strconv.ParseInt(s, 10, bits)`; `func` names the Go function in the error text
/// (`ParseInt`, or `Atoi` for [`atoi`]).
pub fn parse_int(s: &str, bits: u32, func: &str) -> Result<i64, String> {
    let (neg, body) = match s.as_bytes().first() {
        Some(b'+') => (false, &s[1..]),
        Some(b'-') => (true, &s[1..]),
        _ => (false, s),
    };
    if body.is_empty() || !body.bytes().all(|c| c.is_ascii_digit()) {
        return Err(syntax_error(func, s));
    }
    let mag: u128 = match body.parse::<u128>() {
        Ok(v) => v,
        Err(_) => return Err(range_error(func, s)),
    };
    let limit: u128 = 1u128 << (bits - 1);
    if neg {
        if mag > limit {
            return Err(range_error(func, s));
        }
        Ok(-(mag as i128) as i64)
    } else {
        if mag >= limit {
            return Err(range_error(func, s));
        }
        Ok(mag as i64)
    }
}

/// Go's `strconv.Atoi`.
pub fn atoi(s: &str) -> Result<i64, String> {
    parse_int(s, 64, "Atoi")
}

/// Go's `strconv.ParseUint(s, 10, bits)`.
pub fn parse_uint(s: &str, bits: u32) -> Result<u64, String> {
    if s.is_empty() || !s.bytes().all(|c| c.is_ascii_digit()) {
        return Err(syntax_error("ParseUint", s));
    }
    match s.parse::<u128>() {
        Ok(v) if v < (1u128 << bits) => Ok(v as u64),
        _ => Err(range_error("ParseUint", s)),
    }
}

/// Go's `strconv.ParseInt(s, 0, 64)`: an optional sign, then `0x`/`0o`/`0b`/`0` prefixes
/// select the base (underscores already removed by the caller, as go-yaml does).
pub fn parse_int_base0(s: &str) -> Option<i64> {
    let (neg, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let mag = parse_uint_base0(body)?;
    if neg {
        if mag <= (i64::MAX as u64) + 1 {
            Some((mag as i128).wrapping_neg() as i64)
        } else {
            None
        }
    } else if mag <= i64::MAX as u64 {
        Some(mag as i64)
    } else {
        None
    }
}

/// Go's `strconv.ParseUint(s, 0, 64)`.
pub fn parse_uint_base0(s: &str) -> Option<u64> {
    if s.is_empty() {
        return None;
    }
    let lower = s.to_ascii_lowercase();
    let (radix, digits) = if let Some(r) = lower.strip_prefix("0x") {
        (16, r)
    } else if let Some(r) = lower.strip_prefix("0o") {
        (8, r)
    } else if let Some(r) = lower.strip_prefix("0b") {
        (2, r)
    } else if lower.len() > 1 && lower.starts_with('0') {
        (8, &lower[1..])
    } else {
        (10, lower.as_str())
    };
    if digits.is_empty() || digits.starts_with('+') || digits.starts_with('-') {
        return None;
    }
    u64::from_str_radix(digits, radix).ok()
}

/// Go's `strconv.ParseFloat(s, 64)` for decimal input (what YAML files and version strings
/// hold): `inf`/`infinity`/`nan` in any case, digits with one dot and an exponent. A value
/// beyond the float range is Go's range error.
pub fn parse_float(s: &str) -> Result<f64, String> {
    let syntax = || syntax_error("ParseFloat", s);
    let t = s.strip_prefix('+').unwrap_or(s);
    if t.is_empty() {
        return Err(syntax());
    }
    let lower = t.to_ascii_lowercase();
    let body = lower.strip_prefix('-').unwrap_or(&lower);
    match body {
        "nan" => return Ok(f64::NAN),
        "inf" | "infinity" if lower.starts_with('-') => return Ok(f64::NEG_INFINITY),
        "inf" | "infinity" => return Ok(f64::INFINITY),
        _ => {}
    }
    if !body
        .bytes()
        .all(|c| c.is_ascii_digit() || matches!(c, b'.' | b'e' | b'-' | b'+'))
    {
        return Err(syntax());
    }
    match t.parse::<f64>() {
        Ok(f) if f.is_finite() => Ok(f),
        Ok(_) => Err(range_error("ParseFloat", s)),
        Err(_) => Err(syntax()),
    }
}

/// Go's `strconv.FormatFloat(f, 'g', -1, 64)` (also what `%v` prints).
pub fn format_g(f: f64) -> String {
    if let Some(s) = non_finite(f) {
        return s.into();
    }
    if f == 0.0 {
        return if f.is_sign_negative() {
            "-0".into()
        } else {
            "0".into()
        };
    }
    // Shortest digits and decimal exponent from Rust's scientific formatting.
    let sci = format!("{:e}", f);
    let (mant, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let neg = mant.starts_with('-');
    let digits: String = mant.chars().filter(|c| c.is_ascii_digit()).collect();
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    if !(-4..6).contains(&exp) {
        out.push_str(&digits[..1]);
        if digits.len() > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        let _ = write!(out, "e{}{:02}", if exp < 0 { '-' } else { '+' }, exp.abs());
        return out;
    }
    if exp < 0 {
        out.push_str("0.");
        for _ in 0..(-exp - 1) {
            out.push('0');
        }
        out.push_str(&digits);
    } else {
        let e = exp as usize;
        if digits.len() > e + 1 {
            out.push_str(&digits[..e + 1]);
            out.push('.');
            out.push_str(&digits[e + 1..]);
        } else {
            out.push_str(&digits);
            for _ in 0..(e + 1 - digits.len()) {
                out.push('0');
            }
        }
    }
    out
}

/// Go's `strconv.FormatFloat(f, 'g', prec, 64)` (`%.<prec>g`): `prec` significant digits,
/// trailing zeros dropped, exponent form when the exponent is below -4 or not below `prec`.
pub fn format_g_prec(f: f64, prec: usize) -> String {
    if let Some(s) = non_finite(f) {
        return s.into();
    }
    let prec = prec.max(1);
    let sci = format!("{:.*e}", prec - 1, f);
    let (mant, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let neg = mant.starts_with('-');
    let mut digits: String = mant.chars().filter(|c| c.is_ascii_digit()).collect();
    while digits.len() > 1 && digits.ends_with('0') {
        digits.pop();
    }
    let zero = digits == "0";
    let nd = digits.len() as i32;
    let dp = if zero { 1 } else { exp + 1 };
    let mut eprec = prec as i32;
    if eprec > nd && nd >= dp {
        eprec = nd;
    }
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    let x = dp - 1;
    if x < -4 || x >= eprec {
        out.push_str(&digits[..1]);
        if nd > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        let _ = write!(out, "e{}{:02}", if x < 0 { '-' } else { '+' }, x.abs());
        return out;
    }
    // Fixed notation with the digits placed around the decimal point.
    if dp <= 0 {
        out.push_str("0.");
        for _ in 0..(-dp) {
            out.push('0');
        }
        out.push_str(&digits);
    } else if nd > dp {
        out.push_str(&digits[..dp as usize]);
        out.push('.');
        out.push_str(&digits[dp as usize..]);
    } else {
        out.push_str(&digits);
        for _ in 0..(dp - nd) {
            out.push('0');
        }
    }
    out
}

/// Go's `strconv.FormatFloat(f, 'f', -1, 64)`.
pub fn format_f(f: f64) -> String {
    match non_finite(f) {
        Some(s) => s.into(),
        None => format!("{f}"),
    }
}

fn non_finite(f: f64) -> Option<&'static str> {
    if f.is_nan() {
        Some("NaN")
    } else if f == f64::INFINITY {
        Some("+Inf")
    } else if f == f64::NEG_INFINITY {
        Some("-Inf")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn g_with_precision() {
        assert_eq!(format_g_prec(1.5, 3), "1.5");
        assert_eq!(format_g_prec(123.456789, 3), "123");
        assert_eq!(format_g_prec(52.4288, 3), "52.4");
        assert_eq!(format_g_prec(2.048, 3), "2.05");
        assert_eq!(format_g_prec(100.0, 3), "100");
        assert_eq!(format_g_prec(999.9, 3), "1e+03");
        assert_eq!(format_g_prec(0.0, 3), "0");
        assert_eq!(format_g_prec(0.000012345, 3), "1.23e-05");
        assert_eq!(format_g_prec(0.0012345, 3), "0.00123");
    }

    #[test]
    fn quotes_like_go() {
        assert_eq!(quote("a\nb"), "\"a\\nb\"");
        assert_eq!(quote("say \"hi\""), "\"say \\\"hi\\\"\"");
        assert_eq!(quote("tab\there"), "\"tab\\there\"");
        assert_eq!(quote("\u{1}\u{7f}"), "\"\\x01\\x7f\"");
        assert_eq!(quote("é ü 世"), "\"é ü 世\"");
    }

    /// The two copies this replaces disagreed on non-ASCII runes that are not printable:
    /// Go's `strconv.Quote` escapes them (NEL, no-break space, zero-width space, BOM,
    /// private use, line separator); the compose copy passed them through.
    #[test]
    fn non_ascii_non_printables_are_escaped() {
        assert_eq!(quote("\u{85}"), "\"\\u0085\"");
        assert_eq!(quote("a\u{a0}b"), "\"a\\u00a0b\"");
        assert_eq!(quote("\u{200b}"), "\"\\u200b\"");
        assert_eq!(quote("\u{feff}x"), "\"\\ufeffx\"");
        assert_eq!(quote("\u{2028}"), "\"\\u2028\"");
        assert_eq!(quote("\u{e000}"), "\"\\ue000\"");
        assert_eq!(quote("\u{f0000}"), "\"\\U000f0000\"");
        assert_eq!(quote("\u{1f600}"), "\"\u{1f600}\"");
    }

    #[test]
    fn bools_like_go() {
        assert_eq!(parse_bool("TRUE"), Some(true));
        assert_eq!(parse_bool("0"), Some(false));
        assert_eq!(parse_bool("yes"), None);
    }

    #[test]
    fn ints() {
        assert_eq!(atoi("80"), Ok(80));
        assert_eq!(atoi("+80"), Ok(80));
        assert_eq!(atoi("-0"), Ok(0));
        assert_eq!(
            atoi("8000-8001").unwrap_err(),
            "strconv.Atoi: parsing \"8000-8001\": invalid syntax"
        );
        assert_eq!(
            parse_int("lots", 64, "ParseInt").unwrap_err(),
            "strconv.ParseInt: parsing \"lots\": invalid syntax"
        );
        assert_eq!(
            parse_int("9223372036854775808", 64, "ParseInt").unwrap_err(),
            "strconv.ParseInt: parsing \"9223372036854775808\": value out of range"
        );
        assert_eq!(
            parse_int("-9223372036854775808", 64, "ParseInt"),
            Ok(i64::MIN)
        );
        assert!(parse_uint("70000", 16)
            .unwrap_err()
            .contains("value out of range"));
        assert_eq!(parse_int_base0("0x1F"), Some(31));
        assert_eq!(parse_int_base0("017"), Some(15));
        assert_eq!(parse_int_base0("-0b101"), Some(-5));
        assert_eq!(parse_uint_base0("0x"), None);
    }

    #[test]
    fn floats() {
        assert_eq!(parse_float("3.0"), Ok(3.0));
        assert_eq!(parse_float("+.5"), Ok(0.5));
        assert_eq!(parse_float("1e3"), Ok(1000.0));
        assert_eq!(parse_float("-Inf"), Ok(f64::NEG_INFINITY));
        assert!(parse_float("NaN").unwrap().is_nan());
        assert_eq!(
            parse_float("3.x").unwrap_err(),
            "strconv.ParseFloat: parsing \"3.x\": invalid syntax"
        );
        assert_eq!(
            parse_float("1e400").unwrap_err(),
            "strconv.ParseFloat: parsing \"1e400\": value out of range"
        );
        assert!(parse_float("0x1p3").is_err());
        assert!(parse_float("1_000").is_err());
    }

    #[test]
    fn float_formatting() {
        assert_eq!(format_g(1.5), "1.5");
        assert_eq!(format_g(1000000.0), "1e+06");
        assert_eq!(format_g(123456.0), "123456");
        assert_eq!(format_g(123456789.0), "1.23456789e+08");
        assert_eq!(format_g(0.0001), "0.0001");
        assert_eq!(format_g(0.00001), "1e-05");
        assert_eq!(format_g(-2.5), "-2.5");
        assert_eq!(format_g(3.0), "3");
        assert_eq!(format_g(f64::INFINITY), "+Inf");
        assert_eq!(format_f(1.5), "1.5");
        assert_eq!(format_f(1e6), "1000000");
    }
}
