//! Per-credential rate limiting: a token bucket per caller, refilled continuously. In memory:
//! each server instance limits on its own, which bounds a credential at N × the limit behind a
//! load balancer of N instances (documented in the README).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Buckets idle this long are dropped when the map is pruned.
const IDLE: Duration = Duration::from_secs(600);
const PRUNE_AT: usize = 10_000;

pub struct RateLimiter {
    per_second: f64,
    burst: f64,
    buckets: Mutex<HashMap<String, Bucket>>,
}

struct Bucket {
    tokens: f64,
    at: Instant,
}

impl RateLimiter {
    /// `per_minute` requests a minute with bursts of a tenth of that (at least 10); 0 turns
    /// limiting off.
    pub fn per_minute(per_minute: u32) -> Self {
        Self {
            per_second: f64::from(per_minute) / 60.0,
            burst: (f64::from(per_minute) / 10.0).max(10.0),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Whether requests are limited at all (a key costs a string to build).
    pub fn is_on(&self) -> bool {
        self.per_second > 0.0
    }

    /// Takes one token for `key`; `Err(wait)` says how long until one is available.
    pub fn check(&self, key: &str) -> Result<(), Duration> {
        if self.per_second <= 0.0 {
            return Ok(());
        }
        let now = Instant::now();
        let mut buckets = self
            .buckets
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if buckets.len() >= PRUNE_AT {
            buckets.retain(|_, b| now.duration_since(b.at) < IDLE);
        }
        let bucket = buckets.entry(key.to_owned()).or_insert(Bucket {
            tokens: self.burst,
            at: now,
        });
        let refill = now.duration_since(bucket.at).as_secs_f64() * self.per_second;
        bucket.tokens = (bucket.tokens + refill).min(self.burst);
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64(
                (1.0 - bucket.tokens) / self.per_second,
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_is_allowed_then_limited_per_key() {
        let limiter = RateLimiter::per_minute(60);
        for _ in 0..10 {
            assert!(limiter.check("a").is_ok());
        }
        let wait = limiter.check("a").unwrap_err();
        assert!(wait <= Duration::from_secs(1));
        assert!(
            limiter.check("b").is_ok(),
            "another credential has its own bucket"
        );
    }

    #[test]
    fn zero_turns_limiting_off() {
        let limiter = RateLimiter::per_minute(0);
        for _ in 0..1000 {
            assert!(limiter.check("a").is_ok());
        }
    }
}
