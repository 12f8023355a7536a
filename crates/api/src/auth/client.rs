//! Who the client is: the connection's address, or, when that address is a
//! configured trusted proxy, the address the proxies name in
//! `X-Forwarded-For` (read from the right, skipping trusted proxies, so a
//! client cannot forge its place by sending the header itself). Limits key
//! on this address.

use actix_web::HttpRequest;
use ipnet::IpNet;
use std::net::IpAddr;

/// The client's address as the limits see it.
pub fn address(req: &HttpRequest, trusted: &[IpNet]) -> Option<IpAddr> {
    let peer = req.peer_addr().map(|a| a.ip())?;
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|n| n.contains(ip));
    if !is_trusted(&peer) {
        return Some(peer);
    }
    let forwarded: Vec<IpAddr> = req
        .headers()
        .get_all("x-forwarded-for")
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|s| s.trim().parse::<IpAddr>().ok())
        .collect();
    Some(
        forwarded
            .into_iter()
            .rev()
            .find(|ip| !is_trusted(ip))
            .unwrap_or(peer),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    fn req(peer: &str, forwarded: Option<&str>) -> HttpRequest {
        let mut r = TestRequest::default().peer_addr(format!("{peer}:4000").parse().expect("addr"));
        if let Some(f) = forwarded {
            r = r.insert_header(("X-Forwarded-For", f));
        }
        r.to_http_request()
    }

    #[test]
    fn a_forged_header_from_an_untrusted_peer_is_ignored() {
        let trusted: Vec<IpNet> = vec!["10.0.0.0/8".parse().expect("net")];
        let ip = |s: &str| s.parse::<IpAddr>().expect("ip");
        // Straight from the internet, claiming to be someone else.
        assert_eq!(
            address(&req("203.0.113.9", Some("198.51.100.1")), &trusted),
            Some(ip("203.0.113.9"))
        );
        // Through the proxy: the client it names.
        assert_eq!(
            address(&req("10.0.0.2", Some("198.51.100.1")), &trusted),
            Some(ip("198.51.100.1"))
        );
        // A client that sends its own header through the proxy: the proxy
        // appends the real address, which is the one taken.
        assert_eq!(
            address(&req("10.0.0.2", Some("1.2.3.4, 198.51.100.1")), &trusted),
            Some(ip("198.51.100.1"))
        );
        // No proxies configured: never trusted.
        assert_eq!(
            address(&req("10.0.0.2", Some("198.51.100.1")), &[]),
            Some(ip("10.0.0.2"))
        );
    }
}
