//! Where the server may send webhooks: never to itself, its network or a
//! cloud metadata service (server-side request forgery). A webhook address
//! whose host is, or resolves to, a loopback, private, shared, link-local
//! (the metadata service at 169.254.169.254 among them), unspecified,
//! multicast or broadcast address is refused when saved and again before
//! each delivery, unless `--webhook-allow-private` is set (receivers on
//! the same network, and the tests).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::time::Duration;

/// How long a host name may take to resolve.
const LOOKUP_TIMEOUT: Duration = Duration::from_secs(3);

fn forbidden_v4(ip: Ipv4Addr) -> bool {
    let [a, b, ..] = ip.octets();
    ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_multicast()
        || ip.is_documentation()
        // Shared address space (carrier-grade NAT), 100.64.0.0/10.
        || (a == 100 && (64..128).contains(&b))
        // "This network", 0.0.0.0/8, and reserved 240.0.0.0/4.
        || a == 0
        || a >= 240
}

fn forbidden_v6(ip: Ipv6Addr) -> bool {
    if let Some(v4) = ip.to_ipv4_mapped() {
        return forbidden_v4(v4);
    }
    let first = ip.segments()[0];
    ip.is_loopback()
        || ip.is_unspecified()
        || ip.is_multicast()
        // Unique local fc00::/7 and link-local fe80::/10.
        || (first & 0xfe00) == 0xfc00
        || (first & 0xffc0) == 0xfe80
}

/// Whether an address is one a webhook may not reach.
pub fn forbidden(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => forbidden_v4(v4),
        IpAddr::V6(v6) => forbidden_v6(v6),
    }
}

/// Checks a webhook address: every address its host resolves to must be
/// allowed. The error says why, for the administrator.
pub async fn check(url: &str, allow_private: bool) -> Result<(), String> {
    if allow_private {
        return Ok(());
    }
    let parsed = reqwest::Url::parse(url).map_err(|_| "not a web address".to_string())?;
    let host = parsed
        .host()
        .ok_or_else(|| "the address has no host".to_string())?;
    let port = parsed.port_or_known_default().unwrap_or(443);
    let addresses: Vec<IpAddr> = match host {
        url::Host::Ipv4(ip) => vec![IpAddr::V4(ip)],
        url::Host::Ipv6(ip) => vec![IpAddr::V6(ip)],
        url::Host::Domain(name) => {
            let lookup = tokio::net::lookup_host((name, port));
            tokio::time::timeout(LOOKUP_TIMEOUT, lookup)
                .await
                .map_err(|_| format!("the host `{name}` did not resolve in time"))?
                .map_err(|_| format!("the host `{name}` does not resolve"))?
                .map(|a| a.ip())
                .collect()
        }
    };
    if addresses.is_empty() {
        return Err("the host does not resolve".into());
    }
    match addresses.into_iter().find(|ip| forbidden(*ip)) {
        Some(ip) => Err(format!(
            "the address leads to {ip}, inside a private, loopback or link-local network; webhooks go to public receivers"
        )),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inner_networks_are_forbidden_and_public_ones_are_not() {
        for bad in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "255.255.255.255",
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
            "::",
        ] {
            assert!(forbidden(bad.parse().expect("ip")), "{bad}");
        }
        for good in [
            "93.184.216.34",
            "8.8.8.8",
            "2606:4700::1111",
            "103.10.20.30",
        ] {
            assert!(!forbidden(good.parse().expect("ip")), "{good}");
        }
    }

    #[actix_web::test]
    async fn addresses_are_checked_by_what_they_resolve_to() {
        assert!(check("http://127.0.0.1:9/hook", false).await.is_err());
        assert!(check("http://localhost:8080/hook", false).await.is_err());
        assert!(check("http://[::1]/hook", false).await.is_err());
        assert!(check("http://169.254.169.254/latest/meta-data", false)
            .await
            .is_err());
        assert!(check("https://93.184.216.34/hook", false).await.is_ok());
        assert!(check("http://127.0.0.1:9/hook", true).await.is_ok());
    }
}
