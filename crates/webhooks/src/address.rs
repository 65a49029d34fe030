//! Where an endpoint may point. Production accepts only `https` URLs whose host resolves to
//! public addresses, both when the endpoint is registered and again at every send (DNS can
//! change in between: the sender resolves through [`public_only`] too). Development also
//! accepts `http` to loopback, so a developer's receiver on `127.0.0.1` works.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use kernel::{DomainError, DomainResult, Message};
use url::Url;

use crate::WebhookErrorCode as Code;

/// Which URLs are allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Policy {
    /// `https` to public addresses only.
    Production,
    /// Also `http` and `https` to loopback and private addresses.
    Development,
}

/// The longest URL kept.
pub const MAX_URL_LEN: usize = 2048;

fn refuse(code: Code, zh: &str, en: &str) -> DomainError {
    DomainError::invalid(&["url"], code.as_str(), Message::new(zh, en))
}

/// Whether an address is one anybody on the internet could reach: not loopback, private,
/// link-local, shared (CGNAT), unspecified, multicast, broadcast, documentation or
/// unique-local, also when written as an IPv4-mapped IPv6 address.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => is_public_v4(v4),
            None => is_public_v6(v6),
        },
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, ..] = ip.octets();
    !(ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_multicast()
        || ip.is_documentation()
        || a == 0
        || (a == 100 && (64..128).contains(&b))
        || (a == 192 && b == 0)
        || a >= 240)
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    let first = ip.segments()[0];
    !(ip.is_loopback()
        || ip.is_unspecified()
        || ip.is_multicast()
        || (first & 0xfe00) == 0xfc00
        || (first & 0xffc0) == 0xfe80
        || first == 0x2001 && ip.segments()[1] == 0x0db8
        || ip.to_ipv4().is_some_and(|v4| !is_public_v4(v4)))
}

/// Whether an address is this machine's.
pub fn is_loopback(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => v4.is_loopback(),
        IpAddr::V6(v6) => v6.is_loopback() || v6.to_ipv4_mapped().is_some_and(|v| v.is_loopback()),
    }
}

/// The addresses a connection may go to under `policy`.
pub fn allowed(policy: Policy, ip: IpAddr) -> bool {
    match policy {
        Policy::Production => is_public(ip),
        Policy::Development => true,
    }
}

/// Checks the form of `raw` (scheme, host, no credentials) under `policy`; the addresses the
/// host resolves to are checked by [`check_addresses`].
pub fn check_url(raw: &str, policy: Policy) -> DomainResult<Url> {
    let raw = raw.trim();
    if raw.len() > MAX_URL_LEN {
        return Err(refuse(
            Code::InvalidUrl,
            "地址过长",
            "the URL is longer than 2048 characters",
        ));
    }
    let url = Url::parse(raw)
        .map_err(|_| refuse(Code::InvalidUrl, "不是有效的网址", "not an absolute URL"))?;
    let Some(host) = url.host_str().filter(|h| !h.is_empty()) else {
        return Err(refuse(
            Code::InvalidUrl,
            "网址缺少主机",
            "the URL names no host",
        ));
    };
    if !url.username().is_empty() || url.password().is_some() {
        return Err(refuse(
            Code::InvalidUrl,
            "网址中不能包含用户名或密码",
            "the URL must not carry credentials",
        ));
    }
    let literal = literal_ip(host);
    let loopback_name = host.eq_ignore_ascii_case("localhost") || literal.is_some_and(is_loopback);
    match (url.scheme(), policy) {
        ("https", _) => {}
        ("http", Policy::Development) if loopback_name => {}
        ("http", Policy::Development) => {
            return Err(refuse(
                Code::UrlNotAllowed,
                "开发环境中 http 只允许本机地址",
                "http is allowed only to loopback in development; use https",
            ));
        }
        ("http", Policy::Production) => {
            return Err(refuse(Code::UrlNotAllowed, "必须使用 https", "use https"));
        }
        _ => {
            return Err(refuse(
                Code::InvalidUrl,
                "只支持 http(s) 网址",
                "only https URLs are accepted",
            ));
        }
    }
    if policy == Policy::Production
        && (host.eq_ignore_ascii_case("localhost") || literal.is_some_and(|ip| !is_public(ip)))
    {
        return Err(private_address());
    }
    Ok(url)
}

fn private_address() -> DomainError {
    refuse(
        Code::UrlNotAllowed,
        "地址指向内网或本机，不允许",
        "the URL points into a private network or this machine",
    )
}

/// Refuses a host whose addresses include one `policy` does not allow (a host with a private
/// address among public ones is refused: the connection could take either).
pub fn check_addresses(policy: Policy, addresses: &[IpAddr]) -> DomainResult<()> {
    if addresses.iter().all(|ip| allowed(policy, *ip)) {
        Ok(())
    } else {
        Err(private_address())
    }
}

/// The addresses of `url`'s host, resolved now.
pub async fn resolve(url: &Url) -> DomainResult<Vec<IpAddr>> {
    let host = url.host_str().unwrap_or_default();
    if let Some(ip) = literal_ip(host) {
        return Ok(vec![ip]);
    }
    let port = url.port_or_known_default().unwrap_or(443);
    let found = tokio::net::lookup_host((host, port)).await.map_err(|_| {
        refuse(
            Code::InvalidUrl,
            "无法解析该主机名",
            "the host name does not resolve",
        )
    })?;
    Ok(found.map(|a| a.ip()).collect())
}

/// Only the allowed addresses of a resolution: what the sender's resolver hands to the
/// connector, so that a host re-pointed at a private address after registration is not
/// reached.
pub fn public_only(policy: Policy, addresses: Vec<IpAddr>) -> Vec<IpAddr> {
    addresses
        .into_iter()
        .filter(|ip| allowed(policy, *ip))
        .collect()
}

fn literal_ip(host: &str) -> Option<IpAddr> {
    host.trim_start_matches('[')
        .trim_end_matches(']')
        .parse()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn private_and_local_addresses_are_not_public() {
        for s in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "fe80::1",
            "fd00::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
        ] {
            assert!(!is_public(ip(s)), "{s}");
        }
        for s in ["1.1.1.1", "114.114.114.114", "2400:3200::1"] {
            assert!(is_public(ip(s)), "{s}");
        }
    }

    #[test]
    fn production_takes_https_to_public_hosts_only() {
        let p = Policy::Production;
        assert!(check_url("https://app.example.com/hooks", p).is_ok());
        assert!(check_url("http://app.example.com/hooks", p).is_err());
        assert!(check_url("https://127.0.0.1/hooks", p).is_err());
        assert!(check_url("https://[::1]/hooks", p).is_err());
        assert!(check_url("https://169.254.169.254/latest", p).is_err());
        assert!(check_url("https://localhost/x", p).is_err());
        assert!(check_url("https://u:p@app.example.com/", p).is_err());
        assert!(check_url("ftp://app.example.com/", p).is_err());
        assert!(check_addresses(p, &[ip("1.1.1.1"), ip("10.0.0.1")]).is_err());
        assert!(check_addresses(p, &[ip("1.1.1.1")]).is_ok());
    }

    #[test]
    fn development_takes_http_to_loopback() {
        let d = Policy::Development;
        assert!(check_url("http://127.0.0.1:9000/hooks", d).is_ok());
        assert!(check_url("http://localhost:9000/hooks", d).is_ok());
        assert!(check_url("http://app.example.com/hooks", d).is_err());
        assert!(check_addresses(d, &[ip("127.0.0.1")]).is_ok());
    }
}
