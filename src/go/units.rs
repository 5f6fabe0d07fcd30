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
