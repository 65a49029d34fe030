//! When to try again: exponential backoff with jitter over more than 24 hours, and which
//! answers are worth retrying at all.

use std::time::Duration;

use rand::Rng;

/// Delays before each retry (the first try goes at once). The default sums to about 27.7
/// hours, so that a receiver down for a day still gets every event, and stays above 24 hours
/// with the largest jitter taken off.
pub const DEFAULT_DELAYS_SECS: [u64; 10] =
    [5, 30, 120, 600, 1_800, 3_600, 7_200, 14_400, 28_800, 43_200];

/// Each delay is stretched or shrunk by up to this share at random, so that endpoints that
/// failed together do not all retry in the same second.
pub const JITTER: f64 = 0.1;

/// The retry delays in force.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    pub delays: Vec<Duration>,
}

impl Default for Schedule {
    fn default() -> Self {
        Self {
            delays: DEFAULT_DELAYS_SECS
                .iter()
                .map(|s| Duration::from_secs(*s))
                .collect(),
        }
    }
}

impl Schedule {
    /// The delay after `tries` failed tries, or `None` when the attempt is to be given up.
    pub fn after(&self, tries: u32) -> Option<Duration> {
        let base = self
            .delays
            .get(usize::try_from(tries).ok()?.checked_sub(1)?)?;
        let factor = rand::rng().random_range((1.0 - JITTER)..=(1.0 + JITTER));
        Some(base.mul_f64(factor))
    }

    /// How long the whole schedule lasts without jitter.
    pub fn span(&self) -> Duration {
        self.delays.iter().sum()
    }
}

/// What an answer means for the attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// 2xx.
    Delivered,
    /// Worth another try: no answer, a timeout, 408, 429, 5xx, or a redirect (not followed).
    Retry,
    /// A 4xx retrying cannot fix.
    GiveUp,
    /// 410 Gone: the receiver asks not to be called again; the endpoint is disabled.
    Gone,
}

/// The verdict on an HTTP status, or on no answer at all (`None`).
pub fn judge(status: Option<u16>) -> Verdict {
    match status {
        Some(200..=299) => Verdict::Delivered,
        Some(410) => Verdict::Gone,
        Some(408 | 429) => Verdict::Retry,
        Some(400..=499) => Verdict::GiveUp,
        _ => Verdict::Retry,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_schedule_lasts_over_a_day_even_with_jitter() {
        let s = Schedule::default();
        assert!(s.span().mul_f64(1.0 - JITTER) > Duration::from_secs(24 * 3600));
        assert_eq!(s.after(0), None);
        let first = s.after(1).unwrap();
        assert!(first >= Duration::from_millis(4_500) && first <= Duration::from_millis(5_500));
        assert!(s.after(10).is_some());
        assert_eq!(s.after(11), None, "given up after the last delay");
        let mut last = Duration::ZERO;
        for d in &s.delays {
            assert!(*d > last, "grows");
            last = *d;
        }
    }

    #[test]
    fn only_timeouts_throttling_and_server_errors_are_retried() {
        assert_eq!(judge(Some(204)), Verdict::Delivered);
        assert_eq!(judge(None), Verdict::Retry);
        assert_eq!(judge(Some(500)), Verdict::Retry);
        assert_eq!(judge(Some(503)), Verdict::Retry);
        assert_eq!(judge(Some(408)), Verdict::Retry);
        assert_eq!(judge(Some(429)), Verdict::Retry);
        assert_eq!(judge(Some(301)), Verdict::Retry);
        assert_eq!(judge(Some(400)), Verdict::GiveUp);
        assert_eq!(judge(Some(401)), Verdict::GiveUp);
        assert_eq!(judge(Some(404)), Verdict::GiveUp);
        assert_eq!(judge(Some(410)), Verdict::Gone);
    }
}
