//! Where a request comes from. Behind a reverse proxy every request comes
//! from the proxy, so the client's address is read from `X-Forwarded-For`,
//! but only when the peer is a proxy named in `OURVOICE_TRUSTED_PROXIES`
//! (anyone else could write any address there). IPv6 addresses are kept by
//! their /64 network: one home or phone has a whole /64 to pick from.

use std::net::{IpAddr, Ipv6Addr};

use axum::http::HeaderMap;

/// The proxies whose `X-Forwarded-For` is believed: addresses or networks
/// (`10.0.0.0/8`, `::1`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrustedProxies {
    networks: Vec<(IpAddr, u8)>,
}

impl TrustedProxies {
    /// Reads a comma-separated list such as `127.0.0.1, 10.0.0.0/8, ::1`.
    pub fn parse(list: &str) -> anyhow::Result<TrustedProxies> {
        let mut networks = Vec::new();
        for item in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let (address, bits) = match item.split_once('/') {
                Some((address, bits)) => (address, Some(bits)),
                None => (item, None),
            };
            let address: IpAddr = address.parse().map_err(|_| {
                anyhow::anyhow!("OURVOICE_TRUSTED_PROXIES: {item} is not an address or network")
            })?;
            let most = if address.is_ipv4() { 32 } else { 128 };
            let bits = match bits {
                Some(bits) => bits
                    .parse::<u8>()
                    .ok()
                    .filter(|b| *b <= most)
                    .ok_or_else(|| {
                        anyhow::anyhow!("OURVOICE_TRUSTED_PROXIES: {item} has a bad network size")
                    })?,
                None => most,
            };
            networks.push((address, bits));
        }
        Ok(TrustedProxies { networks })
    }

    /// Whether `address` is one of the proxies.
    pub fn trusts(&self, address: IpAddr) -> bool {
        let address = plain(address);
        self.networks
            .iter()
            .any(|(network, bits)| within(address, plain(*network), *bits))
    }
}

/// An IPv4 address written as IPv6 (`::ffff:192.0.2.7`) is the IPv4 one.
fn plain(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V6(v6) => v6
            .to_ipv4_mapped()
            .map(IpAddr::V4)
            .unwrap_or(IpAddr::V6(v6)),
        v4 => v4,
    }
}

fn within(address: IpAddr, network: IpAddr, bits: u8) -> bool {
    match (address, network) {
        (IpAddr::V4(a), IpAddr::V4(n)) => {
            let mask = u32::MAX.checked_shl(32 - u32::from(bits)).unwrap_or(0);
            u32::from(a) & mask == u32::from(n) & mask
        }
        (IpAddr::V6(a), IpAddr::V6(n)) => {
            let mask = u128::MAX.checked_shl(128 - u32::from(bits)).unwrap_or(0);
            u128::from(a) & mask == u128::from(n) & mask
        }
        _ => false,
    }
}

/// The client's address: the peer, or, while the peer is a trusted proxy,
/// the address that proxy says it forwarded for (read from the right).
pub fn client_address(
    peer: Option<IpAddr>,
    headers: &HeaderMap,
    trusted: &TrustedProxies,
) -> Option<IpAddr> {
    let mut address = plain(peer?);
    let mut forwarded: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    while trusted.trusts(address) {
        let Some(next) = forwarded.pop() else { break };
        match next.parse::<IpAddr>() {
            Ok(next) => address = plain(next),
            Err(_) => break,
        }
    }
    Some(address)
}

/// The key an address is counted under: IPv4 as it is, IPv6 by its /64.
pub fn address_key(address: IpAddr) -> String {
    match plain(address) {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => {
            let network = u128::from(v6) & (u128::MAX << 64);
            format!("{}/64", Ipv6Addr::from(network))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn forwarded(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            "x-forwarded-for",
            HeaderValue::from_str(value).expect("header"),
        );
        headers
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("address")
    }

    #[test]
    fn forwarded_for_is_ignored_unless_the_peer_is_a_trusted_proxy() {
        let none = TrustedProxies::default();
        let headers = forwarded("198.51.100.9");
        assert_eq!(
            client_address(Some(ip("192.0.2.7")), &headers, &none),
            Some(ip("192.0.2.7"))
        );
        let proxy = TrustedProxies::parse("10.0.0.0/8").expect("list");
        assert_eq!(
            client_address(Some(ip("192.0.2.7")), &headers, &proxy),
            Some(ip("192.0.2.7")),
            "a stranger's header is not believed"
        );
        assert_eq!(
            client_address(Some(ip("10.1.2.3")), &headers, &proxy),
            Some(ip("198.51.100.9"))
        );
    }

    #[test]
    fn an_address_the_client_wrote_before_the_proxy_is_not_believed() {
        let proxy = TrustedProxies::parse("127.0.0.1").expect("list");
        // The client sent "X-Forwarded-For: 203.0.113.1"; the proxy added
        // the real address after it.
        let headers = forwarded("203.0.113.1, 198.51.100.9");
        assert_eq!(
            client_address(Some(ip("127.0.0.1")), &headers, &proxy),
            Some(ip("198.51.100.9"))
        );
        // Two proxies in a row are both skipped.
        let proxies = TrustedProxies::parse("127.0.0.1, 10.0.0.5").expect("list");
        let headers = forwarded("203.0.113.1, 198.51.100.9, 10.0.0.5");
        assert_eq!(
            client_address(Some(ip("127.0.0.1")), &headers, &proxies),
            Some(ip("198.51.100.9"))
        );
        // Rubbish stops the walk at the last address known.
        let headers = forwarded("not-an-address");
        assert_eq!(
            client_address(Some(ip("127.0.0.1")), &headers, &proxy),
            Some(ip("127.0.0.1"))
        );
    }

    #[test]
    fn ipv6_addresses_count_by_their_64_network() {
        assert_eq!(
            address_key(ip("2001:db8:1:2:aaaa::1")),
            address_key(ip("2001:db8:1:2:ffff:1:2:3"))
        );
        assert_ne!(
            address_key(ip("2001:db8:1:2::1")),
            address_key(ip("2001:db8:1:3::1"))
        );
        assert_eq!(address_key(ip("::ffff:192.0.2.7")), "192.0.2.7");
        assert_eq!(address_key(ip("192.0.2.7")), "192.0.2.7");
    }

    #[test]
    fn bad_proxy_lists_are_refused() {
        assert!(TrustedProxies::parse("10.0.0.0/33").is_err());
        assert!(TrustedProxies::parse("proxy.example").is_err());
        assert!(TrustedProxies::parse("")
            .expect("empty")
            .networks
            .is_empty());
        let v6 = TrustedProxies::parse("fd00::/8").expect("list");
        assert!(v6.trusts(ip("fd12::1")));
        assert!(!v6.trusts(ip("fe80::1")));
    }
}
