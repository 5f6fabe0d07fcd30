//! Go's `time` package: `ParseDuration` (compose durations, `stop_grace_period`, healthcheck
//! intervals) and `Parse(RFC3339, …)` (`logs --start-time/--end-time`), with Go's error texts.

/// One second, in the nanoseconds [`parse_duration`] returns.
pub const SECOND: i64 = 1_000_000_000;

/// How the time package quotes values in its error messages: plain double quotes around the
/// text, nothing escaped (`time` cannot use `strconv`). That is the Go the original was built
/// with: its `ParseDuration` errors already quote (Go 1.15, golden case 182), and the escaping
/// of non-ASCII bytes came with a later release.
fn quote(s: &str) -> String {
    format!("\"{s}\"")
}

const NANOS: [(&str, u64); 8] = [
    ("ns", 1),
    ("us", 1_000),
    ("\u{b5}s", 1_000),
    ("\u{3bc}s", 1_000),
    ("ms", 1_000_000),
    ("s", 1_000_000_000),
    ("m", 60_000_000_000),
    ("h", 3_600_000_000_000),
];

/// Go's `time.ParseDuration`, returning nanoseconds.
pub fn parse_duration(s: &str) -> Result<i64, String> {
    let orig = s;
    let invalid = || format!("time: invalid duration {}", quote(orig));
    let mut rest = s;
    let mut neg = false;
    if let Some(c) = rest.chars().next() {
        if c == '-' || c == '+' {
            neg = c == '-';
            rest = &rest[1..];
        }
    }
    if rest == "0" {
        return Ok(0);
    }
    if rest.is_empty() {
        return Err(invalid());
    }
    let mut total: u64 = 0;
    while !rest.is_empty() {
        let b = rest.as_bytes();
        if !(b[0] == b'.' || b[0].is_ascii_digit()) {
            return Err(invalid());
        }
        // integer part
        let mut i = 0;
        let mut v: u64 = 0;
        let mut overflow = false;
        while i < b.len() && b[i].is_ascii_digit() {
            if v > (1u64 << 63) / 10 {
                overflow = true;
            }
            v = v.wrapping_mul(10).wrapping_add((b[i] - b'0') as u64);
            if v > 1u64 << 63 {
                overflow = true;
            }
            i += 1;
        }
        if overflow {
            return Err(invalid());
        }
        let pre = i != 0;
        let mut f: u64 = 0;
        let mut scale: f64 = 1.0;
        let mut post = false;
        if i < b.len() && b[i] == b'.' {
            i += 1;
            let start = i;
            let mut of = false;
            while i < b.len() && b[i].is_ascii_digit() {
                if !of {
                    if f > (1u64 << 63) / 10 {
                        of = true;
                    } else {
                        let y = f * 10 + (b[i] - b'0') as u64;
                        if y > 1u64 << 63 {
                            of = true;
                        } else {
                            f = y;
                            scale *= 10.0;
                        }
                    }
                }
                i += 1;
            }
            post = i != start;
        }
        if !pre && !post {
            return Err(invalid());
        }
        // unit
        let ustart = i;
        while i < b.len() && !(b[i] == b'.' || b[i].is_ascii_digit()) {
            i += 1;
        }
        if i == ustart {
            return Err(format!("time: missing unit in duration {}", quote(orig)));
        }
        let unit = &rest[ustart..i];
        let mult = match NANOS.iter().find(|(u, _)| *u == unit) {
            Some((_, m)) => *m,
            None => {
                return Err(format!(
                    "time: unknown unit {} in duration {}",
                    quote(unit),
                    quote(orig)
                ))
            }
        };
        if v > (1u64 << 63) / mult {
            return Err(invalid());
        }
        v *= mult;
        if f > 0 {
            v += (f as f64 * (mult as f64 / scale)) as u64;
            if v > 1u64 << 63 {
                return Err(invalid());
            }
        }
        total = total.wrapping_add(v);
        if total > 1u64 << 63 {
            return Err(invalid());
        }
        rest = &rest[i..];
    }
    if neg {
        return Ok((total as i128).wrapping_neg() as i64);
    }
    if total > (1u64 << 63) - 1 {
        return Err(invalid());
    }
    Ok(total as i64)
}

/// Go's `time.Time.String()` of a UTC instant given as Unix seconds and nanoseconds:
/// `2006-01-02 15:04:05.999999999 +0000 UTC` (fraction only when non-zero, trailing zeros
/// dropped), as logrus printed a `time.Time` field.
pub fn utc_string(secs: i64, nanos: u32) -> String {
    let Some(t) = chrono::DateTime::from_timestamp(secs, nanos) else {
        return format!("{secs}.{nanos:09}");
    };
    let mut out = t.format("%Y-%m-%d %H:%M:%S").to_string();
    if nanos != 0 {
        let frac = format!("{nanos:09}");
        out.push('.');
        out.push_str(frac.trim_end_matches('0'));
    }
    out.push_str(" +0000 UTC");
    out
}

const RFC3339: &str = "2006-01-02T15:04:05Z07:00";

/// Go's `time.Parse(time.RFC3339, v)`, returning Unix milliseconds, with Go's error texts.
pub fn parse_rfc3339_millis(v: &str) -> Result<i64, String> {
    let q = quote;
    let cannot = |rest: &str, elem: &str| {
        format!(
            "parsing time {} as {}: cannot parse {} as {}",
            q(v),
            q(RFC3339),
            q(rest),
            q(elem)
        )
    };
    let range = |what: &str| format!("parsing time {}: {what} out of range", q(v));
    let b = v.as_bytes();
    let mut pos: usize;
    let digit = |i: usize| b.get(i).is_some_and(|c| c.is_ascii_digit());
    // number of `width` digits (fixed) or 1-2 digits (not fixed).
    let num = |pos: &mut usize, fixed: bool| -> Option<i64> {
        if !digit(*pos) {
            return None;
        }
        if !digit(*pos + 1) {
            if fixed {
                return None;
            }
            let n = (b[*pos] - b'0') as i64;
            *pos += 1;
            return Some(n);
        }
        let n = ((b[*pos] - b'0') * 10 + (b[*pos + 1] - b'0')) as i64;
        *pos += 2;
        Some(n)
    };
    let lit = |pos: &mut usize, c: u8| -> bool {
        if b.get(*pos) == Some(&c) {
            *pos += 1;
            true
        } else {
            false
        }
    };
    let rest = |pos: usize| v.get(pos..).unwrap_or("").to_string();

    if b.len() < 4 || !digit(0) || !(0..4).all(digit) {
        return Err(cannot(v, "2006"));
    }
    let year: i64 = v[0..4].parse().map_err(|_| cannot(v, "2006"))?;
    pos = 4;
    if !lit(&mut pos, b'-') {
        return Err(cannot(&rest(pos), "-"));
    }
    let hold = pos;
    let month = num(&mut pos, true).ok_or_else(|| cannot(&rest(hold), "01"))?;
    if !(1..=12).contains(&month) {
        return Err(range("month"));
    }
    if !lit(&mut pos, b'-') {
        return Err(cannot(&rest(pos), "-"));
    }
    let hold = pos;
    let day = num(&mut pos, true).ok_or_else(|| cannot(&rest(hold), "02"))?;
    if !lit(&mut pos, b'T') {
        return Err(cannot(&rest(pos), "T"));
    }
    let hold = pos;
    let hour = num(&mut pos, false).ok_or_else(|| cannot(&rest(hold), "15"))?;
    if !(0..24).contains(&hour) {
        return Err(range("hour"));
    }
    if !lit(&mut pos, b':') {
        return Err(cannot(&rest(pos), ":"));
    }
    let hold = pos;
    let min = num(&mut pos, true).ok_or_else(|| cannot(&rest(hold), "04"))?;
    if !(0..60).contains(&min) {
        return Err(range("minute"));
    }
    if !lit(&mut pos, b':') {
        return Err(cannot(&rest(pos), ":"));
    }
    let hold = pos;
    let sec = num(&mut pos, true).ok_or_else(|| cannot(&rest(hold), "05"))?;
    if !(0..60).contains(&sec) {
        return Err(range("second"));
    }
    let mut nanos: i64 = 0;
    if b.get(pos) == Some(&b'.') && digit(pos + 1) {
        let start = pos + 1;
        let mut end = start;
        while digit(end) {
            end += 1;
        }
        let frac = &v[start..end];
        let mut n: i64 = 0;
        for (i, c) in frac.bytes().take(9).enumerate() {
            n += ((c - b'0') as i64) * 10i64.pow(8 - i as u32);
        }
        nanos = n;
        pos = end;
    }
    let hold = pos;
    let offset_secs: i64 = if lit(&mut pos, b'Z') {
        0
    } else {
        let tz = rest(hold);
        let tb = tz.as_bytes();
        if tb.len() < 6 || tb[3] != b':' {
            return Err(cannot(&tz, "Z07:00"));
        }
        let sign = tb[0];
        let hh: Option<i64> = tz[1..3]
            .parse()
            .ok()
            .filter(|_| tz[1..3].bytes().all(|c| c.is_ascii_digit()));
        let mm: Option<i64> = tz[4..6]
            .parse()
            .ok()
            .filter(|_| tz[4..6].bytes().all(|c| c.is_ascii_digit()));
        let (Some(hh), Some(mm)) = (hh, mm) else {
            return Err(cannot(&tz, "Z07:00"));
        };
        if sign != b'+' && sign != b'-' {
            return Err(cannot(&tz, "Z07:00"));
        }
        pos = hold + 6;
        let s = hh * 3600 + mm * 60;
        if sign == b'-' {
            -s
        } else {
            s
        }
    };
    if pos < b.len() {
        return Err(format!("parsing time {}: extra text: {}", q(v), rest(pos)));
    }
    let date = chrono::NaiveDate::from_ymd_opt(year as i32, month as u32, day as u32)
        .ok_or_else(|| range("day"))?;
    let dt = date
        .and_hms_opt(hour as u32, min as u32, sec as u32)
        .ok_or_else(|| range("day"))?;
    let secs = dt.and_utc().timestamp() - offset_secs;
    Ok(secs * 1000 + nanos / 1_000_000)
}

#[cfg(test)]
mod tests {

    #[test]
    fn utc_string_is_go_time_string() {
        assert_eq!(utc_string(1659482462, 0), "2022-08-02 23:21:02 +0000 UTC");
        assert_eq!(
            utc_string(1659482462, 120_000_000),
            "2022-08-02 23:21:02.12 +0000 UTC"
        );
    }

    use super::*;

    #[test]
    fn durations() {
        let s = 1_000_000_000;
        assert_eq!(parse_duration("45s"), Ok(45 * s));
        assert_eq!(parse_duration("1m30s"), Ok(90 * s));
        assert_eq!(parse_duration("1500ms"), Ok(1_500_000_000));
        assert_eq!(parse_duration("1.5h"), Ok(5400 * s));
        assert_eq!(parse_duration("0"), Ok(0));
        assert_eq!(
            parse_duration("ten seconds").unwrap_err(),
            "time: invalid duration \"ten seconds\""
        );
        assert_eq!(
            parse_duration("10").unwrap_err(),
            "time: missing unit in duration \"10\""
        );
        assert_eq!(
            parse_duration("10x").unwrap_err(),
            "time: unknown unit \"x\" in duration \"10x\""
        );
        assert_eq!(
            parse_duration("").unwrap_err(),
            "time: invalid duration \"\""
        );
    }

    /// The time package quotes without escaping (unlike `strconv.Quote`), in both parsers.
    #[test]
    fn errors_quote_without_escaping() {
        assert_eq!(
            parse_duration("1\u{e9}").unwrap_err(),
            "time: unknown unit \"\u{e9}\" in duration \"1\u{e9}\""
        );
        assert_eq!(
            parse_duration("a\tb").unwrap_err(),
            "time: invalid duration \"a\tb\""
        );
    }

    #[test]
    fn rfc3339_like_go() {
        assert_eq!(
            parse_rfc3339_millis("2020-09-13T12:27:00Z"),
            Ok(1600000020000)
        );
        assert_eq!(
            parse_rfc3339_millis("2020-09-13T14:28:40+02:00"),
            Ok(1600000120000)
        );
        assert_eq!(
            parse_rfc3339_millis("2020-09-13T12:27:00.5Z"),
            Ok(1600000020500)
        );
        assert_eq!(
            parse_rfc3339_millis("yesterday").unwrap_err(),
            "parsing time \"yesterday\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"yesterday\" as \"2006\""
        );
        assert_eq!(
            parse_rfc3339_millis("2020-13-01T00:00:00Z").unwrap_err(),
            "parsing time \"2020-13-01T00:00:00Z\": month out of range"
        );
        assert_eq!(
            parse_rfc3339_millis("2020-09-13").unwrap_err(),
            "parsing time \"2020-09-13\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"\" as \"T\""
        );
        assert_eq!(
            parse_rfc3339_millis("2020-02-30T00:00:00Z").unwrap_err(),
            "parsing time \"2020-02-30T00:00:00Z\": day out of range"
        );
    }
}
