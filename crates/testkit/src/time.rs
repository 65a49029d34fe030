//! Instants, days and fixed clocks. The campaign runs on Asia/Shanghai time.

use chrono::{DateTime, NaiveDate, Utc};
use kernel::Clock;

/// An RFC 3339 instant, e.g. `2019-06-10T10:00:00+08:00`.
pub fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

/// A day, `YYYY-MM-DD`.
pub fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// A clock whose "today" (Asia/Shanghai) is `s`, at 10:00 local time.
pub fn on(s: &str) -> Clock {
    Clock::Fixed(at(&format!("{s}T10:00:00+08:00")))
}
