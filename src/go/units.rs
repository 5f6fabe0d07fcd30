//! `github.com/docker/go-units`: `RAMInBytes`, the memory sizes of compose files
//! (`mem_limit: 512m`) and ecs-params (`mem_limit: 1.5g`), binary multiples.

/// go-units `RAMInBytes` (binary multiples).
pub fn ram_in_bytes(s: &str) -> Result<i64, String> {
    // ^(\d+(\.\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$
    let b = s.as_bytes();
    let mut i = 0;
    let num_start = 0;
    let digits = |i: &mut usize| {
        let st = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i > st
    };
    let invalid = || format!("invalid size: '{s}'");
    if !digits(&mut i) {
        return Err(invalid());
    }
    loop {
        if i < b.len() && b[i] == b'.' {
            let save = i;
            i += 1;
            if !digits(&mut i) {
                i = save;
                break;
            }
        } else {
            break;
        }
    }
    let num = &s[num_start..i];
    if i < b.len() && b[i] == b' ' {
        i += 1;
    }
    let mut unit = None;
    if i < b.len() && b"kKmMgGtTpP".contains(&b[i]) {
        unit = Some(b[i].to_ascii_lowercase());
        i += 1;
    }
    if i < b.len() && (b[i] == b'i' || b[i] == b'I') {
        i += 1;
    }
    if i < b.len() && (b[i] == b'b' || b[i] == b'B') {
        i += 1;
    }
    if i != b.len() {
        return Err(invalid());
    }
    let size = super::strconv::parse_float(num)?;
    let mul: f64 = match unit {
        Some(b'k') => 1024.0,
        Some(b'm') => 1024.0 * 1024.0,
        Some(b'g') => 1024.0 * 1024.0 * 1024.0,
        Some(b't') => 1024.0f64.powi(4),
        Some(b'p') => 1024.0f64.powi(5),
        _ => 1.0,
    };
    Ok(f64_to_i64(size * mul))
}

/// Go's `int64(f)` conversion on amd64: values outside the range (and NaN) become the
/// minimum.
fn f64_to_i64(f: f64) -> i64 {
    if f.is_nan() || !(-9.223_372_036_854_776e18..9.223_372_036_854_776e18).contains(&f) {
        i64::MIN
    } else {
        f as i64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_units() {
        assert_eq!(ram_in_bytes("512m"), Ok(512 * 1024 * 1024));
        assert_eq!(ram_in_bytes("1g"), Ok(1 << 30));
        assert_eq!(ram_in_bytes("1.5g"), Ok(1_610_612_736));
        assert_eq!(ram_in_bytes("262144k"), Ok(268_435_456));
        assert_eq!(ram_in_bytes("2GB"), Ok(2 << 30));
        assert_eq!(ram_in_bytes("64MiB"), Ok(64 << 20));
        assert_eq!(ram_in_bytes("100"), Ok(100));
        assert_eq!(ram_in_bytes("1 k"), Ok(1024));
        assert_eq!(ram_in_bytes("lots").unwrap_err(), "invalid size: 'lots'");
    }
}

/// go-units `HumanDuration`: how long ago, in words ("3 hours", "About a minute").
pub fn human_duration(secs: f64) -> String {
    let seconds = secs as i64;
    if seconds < 1 {
        return "Less than a second".into();
    }
    if seconds == 1 {
        return "1 second".into();
    }
    if seconds < 60 {
        return format!("{seconds} seconds");
    }
    let minutes = (secs / 60.0) as i64;
    if minutes == 1 {
        return "About a minute".into();
    }
    if minutes < 60 {
        return format!("{minutes} minutes");
    }
    let hours = (secs / 3600.0 + 0.5) as i64;
    if hours == 1 {
        "About an hour".into()
    } else if hours < 48 {
        format!("{hours} hours")
    } else if hours < 24 * 7 * 2 {
        format!("{} days", hours / 24)
    } else if hours < 24 * 30 * 2 {
        format!("{} weeks", hours / 24 / 7)
    } else if hours < 24 * 365 * 2 {
        format!("{} months", hours / 24 / 30)
    } else {
        format!("{} years", (secs / 3600.0) as i64 / 24 / 365)
    }
}

/// go-units `HumanSizeWithPrecision`: decimal units (kB, MB, …) and `%.*g` with `precision`
/// significant digits ("1.5kB", "123MB", "52.4MB").
pub fn human_size_with_precision(size: f64, precision: usize) -> String {
    const UNITS: [&str; 9] = ["B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"];
    let mut size = size;
    let mut i = 0;
    while size >= 1000.0 && i < UNITS.len() - 1 {
        size /= 1000.0;
        i += 1;
    }
    format!(
        "{}{}",
        crate::go::strconv::format_g_prec(size, precision),
        UNITS[i]
    )
}

#[cfg(test)]
mod human_tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(human_duration(0.5), "Less than a second");
        assert_eq!(human_duration(1.0), "1 second");
        assert_eq!(human_duration(59.0), "59 seconds");
        assert_eq!(human_duration(61.0), "About a minute");
        assert_eq!(human_duration(3599.0), "59 minutes");
        assert_eq!(human_duration(3600.0), "About an hour");
        assert_eq!(human_duration(3.0 * 3600.0), "3 hours");
        assert_eq!(human_duration(47.0 * 3600.0), "47 hours");
        assert_eq!(human_duration(3.0 * 86400.0), "3 days");
        assert_eq!(human_duration(20.0 * 86400.0), "2 weeks");
        assert_eq!(human_duration(90.0 * 86400.0), "3 months");
        assert_eq!(human_duration(800.0 * 86400.0), "2 years");
    }

    #[test]
    fn sizes() {
        assert_eq!(human_size_with_precision(1500.0, 3), "1.5kB");
        assert_eq!(human_size_with_precision(2048.0, 3), "2.05kB");
        assert_eq!(human_size_with_precision(123456789.0, 3), "123MB");
        assert_eq!(human_size_with_precision(52428800.0, 3), "52.4MB");
        assert_eq!(human_size_with_precision(0.0, 3), "0B");
        assert_eq!(human_size_with_precision(1000.0, 3), "1kB");
        assert_eq!(human_size_with_precision(100.0, 3), "100B");
        assert_eq!(human_size_with_precision(999.9, 3), "1e+03B");
    }
}
