//! Limits on what one address can make the server do: sign-ins, registrations, one-time codes,
//! password resets, searches, uploads and Open311 posts. Each is a GCRA bucket per address
//! (`governor`): a burst, then a steady rate. Addresses behind one carrier-grade NAT share a
//! bucket, so the address limits are generous; what protects an account is counted per phone in
//! the database (`accounts::throttle`). Answers are 429 with `Retry-After`.
use super::error::AppError;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use governor::{clock::DefaultClock, DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::num::NonZeroU32;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limit {
    SignIn,
    Register,
    Code,
    Reset,
    Search,
    Upload,
    Open311Post,
    /// Online identity checks: each is a paid query to the identity service.
    IdentityCheck,
    /// Calendar apps polling a resident's feed (hourly at most, in practice).
    CalendarFeed,
    /// Public e-certificate checks (status pages, share links, uploaded documents).
    Verify,
    /// Queue numbers taken without an account (the hall's kiosk is one address: generous).
    QueueNumber,
    /// Device secrets tried at `/kiosk/pair`: guesses are slow.
    KioskPair,
    /// 呼叫工作人员 from one terminal.
    KioskCall,
    /// One-time sign-in codes tried at a terminal (typed, or read from a photo of the QR), and
    /// photos handed over from a phone.
    KioskCode,
}

impl Limit {
    const ALL: [Limit; 14] = [
        Limit::SignIn,
        Limit::Register,
        Limit::Code,
        Limit::Reset,
        Limit::Search,
        Limit::Upload,
        Limit::Open311Post,
        Limit::IdentityCheck,
        Limit::CalendarFeed,
        Limit::Verify,
        Limit::QueueNumber,
        Limit::KioskPair,
        Limit::KioskCall,
        Limit::KioskCode,
    ];

    /// (burst, per hour) for one address.
    fn allowance(self) -> (u32, u32) {
        match self {
            Limit::SignIn => (30, 600),
            Limit::Register => (20, 120),
            Limit::Code => (20, 120),
            Limit::Reset => (20, 120),
            Limit::Search => (300, 36_000),
            Limit::Upload => (60, 600),
            Limit::Open311Post => (30, 300),
            Limit::IdentityCheck => (10, 30),
            Limit::CalendarFeed => (60, 600),
            Limit::Verify => (120, 3_600),
            Limit::QueueNumber => (60, 600),
            Limit::KioskPair => (10, 30),
            Limit::KioskCall => (3, 20),
            // A terminal is one address serving a whole community: a mistyped code now and then.
            Limit::KioskCode => (20, 120),
        }
    }
}

/// The buckets of every kind of limit. `scale` multiplies every allowance (0 turns limits off:
/// for the bench, which sends thousands of requests a second from one address). On one server
/// they live in memory (`governor`); with several servers on PostgreSQL they live in the
/// database, so an address meets the same limit whichever server answers it.
pub struct RateLimits {
    scale: u32,
    buckets: Buckets,
    /// Checks since the in-memory buckets were last tidied.
    checks: std::sync::atomic::AtomicU32,
}

enum Buckets {
    Off,
    Local(Vec<(Limit, DefaultKeyedRateLimiter<IpAddr>)>),
    Shared(crate::storage::SharedStore),
}

impl std::fmt::Debug for RateLimits {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match self.buckets {
            Buckets::Off => "off",
            Buckets::Local(_) => "local",
            Buckets::Shared(_) => "shared",
        };
        f.debug_struct("RateLimits").field("buckets", &kind).field("scale", &self.scale).finish()
    }
}

impl RateLimits {
    /// Buckets in this server's memory.
    pub fn new(scale: u32) -> Self {
        if scale == 0 {
            return Self { scale, buckets: Buckets::Off, checks: Default::default() };
        }
        let buckets = Limit::ALL
            .iter()
            .map(|&limit| {
                let (burst, per_hour) = limit.allowance();
                (limit, RateLimiter::keyed(quota(burst * scale, per_hour * scale)))
            })
            .collect();
        Self { scale, buckets: Buckets::Local(buckets), checks: Default::default() }
    }

    /// Buckets in the database every server shares.
    pub fn shared(scale: u32, store: crate::storage::SharedStore) -> Self {
        Self { scale, buckets: if scale == 0 { Buckets::Off } else { Buckets::Shared(store) }, checks: Default::default() }
    }

    /// Takes one from the address's bucket, or says how many seconds until one is free.
    pub async fn check(&self, limit: Limit, addr: IpAddr) -> Result<(), AppError> {
        match &self.buckets {
            Buckets::Off => Ok(()),
            Buckets::Local(buckets) => {
                // Buckets full again are forgotten now and then, so memory follows current traffic.
                if self.checks.fetch_add(1, std::sync::atomic::Ordering::Relaxed) % 4096 == 4095 {
                    for (_, bucket) in buckets {
                        bucket.retain_recent();
                        bucket.shrink_to_fit();
                    }
                }
                let Some((_, bucket)) = buckets.iter().find(|(l, _)| *l == limit) else { return Ok(()) };
                bucket.check_key(&addr).map_err(|not_until| {
                    let wait = not_until.wait_time_from(governor::clock::Clock::now(&DefaultClock::default()));
                    AppError::wait(wait.as_secs() + 1)
                })
            }
            Buckets::Shared(store) => {
                let (burst, per_hour) = limit.allowance();
                // At least a millisecond apart: a bucket of zero width would refuse everyone.
                let interval_ms = (3_600_000 / i64::from((per_hour * self.scale).max(1))).max(1);
                let capacity_ms = interval_ms * i64::from((burst * self.scale).max(1));
                let now_ms = chrono::Utc::now().timestamp_millis();
                match store.take_from_bucket(&format!("{limit:?}:{addr}"), now_ms, interval_ms, capacity_ms).await? {
                    None => Ok(()),
                    Some(wait_ms) => Err(AppError::wait((wait_ms as u64).div_ceil(1000))),
                }
            }
        }
    }
}

fn quota(burst: u32, per_hour: u32) -> Quota {
    let per_hour = NonZeroU32::new(per_hour.max(1)).expect("at least one");
    let burst = NonZeroU32::new(burst.max(1)).expect("at least one");
    Quota::per_hour(per_hour).allow_burst(burst)
}

/// The address a request came from: the peer, or, when the peer is one of the deployment's own
/// load balancers (`trusted_proxies`), the last address it appended to `X-Forwarded-For`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientAddr(pub IpAddr);

/// The load balancers whose `X-Forwarded-For` is believed (put there as configuration).
#[derive(Clone, Debug, Default)]
pub struct TrustedProxies(pub Vec<IpAddr>);

impl ClientAddr {
    pub fn from_parts(parts: &Parts) -> Self {
        let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
        // Router tests have no connection: they all come from one unspecified address.
        let peer = peer.unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
        let trusted = parts.extensions.get::<TrustedProxies>().map(|t| t.0.as_slice()).unwrap_or(&[]);
        if !trusted.contains(&peer) {
            return ClientAddr(peer);
        }
        let forwarded = parts.headers.get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok());
        let hops: Vec<IpAddr> = forwarded.flat_map(|v| v.split(',')).filter_map(|h| h.trim().parse().ok()).collect();
        let client = hops.into_iter().rev().find(|ip| !trusted.contains(ip));
        ClientAddr(client.unwrap_or(peer))
    }
}

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientAddr::from_parts(parts))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::Request;

    #[tokio::test]
    async fn a_burst_then_a_wait_per_address() {
        let limits = RateLimits::new(1);
        let (a, b): (IpAddr, IpAddr) = ("10.0.0.1".parse().unwrap(), "10.0.0.2".parse().unwrap());
        for _ in 0..20 {
            limits.check(Limit::Register, a).await.unwrap();
        }
        match limits.check(Limit::Register, a).await {
            Err(AppError::TooMany { retry_after, .. }) => assert!((1..=31).contains(&retry_after), "{retry_after}"),
            _ => panic!("the 21st registration from one address waits"),
        }
        limits.check(Limit::Register, b).await.expect("another address has its own bucket");
        limits.check(Limit::SignIn, a).await.expect("another kind of limit has its own bucket");
        let off = RateLimits::new(0);
        for _ in 0..100 {
            off.check(Limit::Register, a).await.unwrap();
        }
    }

    #[test]
    fn forwarded_for_is_believed_only_from_a_trusted_proxy() {
        let parts = |peer: &str, xff: &str, trusted: &[&str]| {
            let mut req = Request::builder().header("x-forwarded-for", xff).body(()).unwrap();
            req.extensions_mut().insert(ConnectInfo(SocketAddr::new(peer.parse().unwrap(), 5000)));
            req.extensions_mut().insert(TrustedProxies(trusted.iter().map(|t| t.parse().unwrap()).collect()));
            ClientAddr::from_parts(&req.into_parts().0).0.to_string()
        };
        assert_eq!(parts("10.0.0.9", "1.2.3.4", &[]), "10.0.0.9", "an untrusted peer's header is ignored");
        assert_eq!(parts("10.0.0.9", "6.6.6.6, 1.2.3.4", &["10.0.0.9"]), "1.2.3.4", "the hop the proxy added");
        assert_eq!(parts("10.0.0.9", "1.2.3.4, 10.0.0.8", &["10.0.0.9", "10.0.0.8"]), "1.2.3.4");
        assert_eq!(parts("10.0.0.9", "junk", &["10.0.0.9"]), "10.0.0.9");
    }
}
