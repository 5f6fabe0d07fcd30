//! `github.com/docker/go-connections/nat`: the port specs of docker/cli's short port syntax
//! (`127.0.0.1:5000-5001:5000-5001/udp`), with nat's error texts.

#[derive(Debug, Clone, PartialEq)]
pub struct PortBinding {
    pub host_ip: String,
    pub host_port: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PortMapping {
    /// "80/tcp"
    pub port: String,
    pub binding: PortBinding,
}

/// nat.ParsePortRange
pub fn parse_port_range(ports: &str) -> Result<(u64, u64), String> {
    if ports.is_empty() {
        return Err("Empty string specified for ports.".into());
    }
    if !ports.contains('-') {
        let start = super::strconv::parse_uint(ports, 16)?;
        return Ok((start, start));
    }
    let parts: Vec<&str> = ports.split('-').collect();
    let start = super::strconv::parse_uint(parts[0], 16)?;
    let end = super::strconv::parse_uint(parts.get(1).copied().unwrap_or(""), 16)?;
    if end < start {
        return Err(format!("Invalid range specified for the Port: {ports}"));
    }
    Ok((start, end))
}

fn split_parts(raw: &str) -> (String, String, String) {
    let parts: Vec<&str> = raw.split(':').collect();
    let n = parts.len();
    let container = parts[n - 1].to_string();
    match n {
        1 => (String::new(), String::new(), container),
        2 => (String::new(), parts[0].to_string(), container),
        3 => (parts[0].to_string(), parts[1].to_string(), container),
        _ => (
            parts[..n - 2].join(":"),
            parts[n - 2].to_string(),
            container,
        ),
    }
}

/// nat.SplitProtoPort
pub fn split_proto_port(raw: &str) -> (String, String) {
    let parts: Vec<&str> = raw.split('/').collect();
    if raw.is_empty() || parts[0].is_empty() {
        return (String::new(), String::new());
    }
    if parts.len() == 1 {
        return ("tcp".into(), raw.to_string());
    }
    if parts[1].is_empty() {
        return ("tcp".into(), parts[0].to_string());
    }
    (parts[1].to_string(), parts[0].to_string())
}

fn valid_ip(ip: &str) -> bool {
    ip.parse::<std::net::IpAddr>().is_ok()
}

/// nat.ParsePortSpec
pub fn parse_port_spec(raw: &str) -> Result<Vec<PortMapping>, String> {
    let (raw_ip, mut host_port, container) = split_parts(raw);
    let (proto, container_port) = split_proto_port(&container);
    // Strip [] from IPv6 addresses (net.SplitHostPort(rawIP + ":")).
    let ip = if raw_ip.starts_with('[') {
        match raw_ip.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
            Some(inner) => inner.to_string(),
            None => {
                return Err(format!(
                    "Invalid ip address {raw_ip}: address {raw_ip}:: missing ']' in address"
                ))
            }
        }
    } else {
        if raw_ip.contains(':') {
            return Err(format!(
                "Invalid ip address {raw_ip}: address {raw_ip}:: too many colons in address"
            ));
        }
        raw_ip.clone()
    };
    if !ip.is_empty() && !valid_ip(&ip) {
        return Err(format!("Invalid ip address: {ip}"));
    }
    if container_port.is_empty() {
        return Err(format!("No port specified: {raw}<empty>"));
    }
    let (start, end) = parse_port_range(&container_port)
        .map_err(|_| format!("Invalid containerPort: {container_port}"))?;
    let (mut hstart, mut hend) = (0u64, 0u64);
    if !host_port.is_empty() {
        let r =
            parse_port_range(&host_port).map_err(|_| format!("Invalid hostPort: {host_port}"))?;
        hstart = r.0;
        hend = r.1;
    }
    if !host_port.is_empty() && (end - start) != (hend - hstart) && end != start {
        return Err(format!(
            "Invalid ranges specified for container and host Ports: {container_port} and {host_port}"
        ));
    }
    let proto_l = proto.to_ascii_lowercase();
    if !matches!(proto_l.as_str(), "tcp" | "udp" | "sctp") {
        return Err(format!("Invalid proto: {proto}"));
    }
    let mut out = Vec::new();
    for i in 0..=(end - start) {
        let cport = (start + i).to_string();
        if !host_port.is_empty() {
            host_port = (hstart + i).to_string();
        }
        if start == end && hstart != hend {
            host_port = format!("{host_port}-{hend}");
        }
        out.push(PortMapping {
            port: format!("{cport}/{proto_l}"),
            binding: PortBinding {
                host_ip: ip.clone(),
                host_port: host_port.clone(),
            },
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn port_specs() {
        let p = parse_port_spec("127.0.0.1:5000-5001:5000-5001/udp").unwrap();
        assert_eq!(p.len(), 2);
        assert_eq!(p[1].port, "5001/udp");
        assert_eq!(p[1].binding.host_port, "5001");
        assert_eq!(p[0].binding.host_ip, "127.0.0.1");
        let p = parse_port_spec("3000-3002").unwrap();
        assert_eq!(p.len(), 3);
        assert_eq!(p[2].binding.host_port, "");
        assert_eq!(
            parse_port_spec("80:abc").unwrap_err(),
            "Invalid containerPort: abc"
        );
        let p = parse_port_spec("8000-8010:80").unwrap();
        assert_eq!(p[0].binding.host_port, "8000-8010");
    }
}
