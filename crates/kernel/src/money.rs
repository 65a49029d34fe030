//! Money in fen (分), the smallest unit of the renminbi. Integer arithmetic only: the ledger must
//! add up to the fen.

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Neg, Sub};

use sea_orm::DeriveValueType;

/// An amount of money in fen (1 yuan = 100 fen). May be negative (refunds).
///
/// It is a sea-orm value type (a `BIGINT` column), so tables store it and services pass it
/// without ever handling a bare `i64` that could be mistaken for grams.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Default,
    DeriveValueType,
    serde::Serialize,
    serde::Deserialize,
)]
#[serde(transparent)]
pub struct Fen(pub i64);

impl Fen {
    pub const ZERO: Fen = Fen(0);

    /// The sum, or `None` if it would overflow (no real ledger gets there; a forged input might).
    pub fn checked_add(self, other: Fen) -> Option<Fen> {
        self.0.checked_add(other.0).map(Fen)
    }

    /// The amount in yuan as an exact decimal string, e.g. `12.30`, `-0.05`.
    pub fn yuan(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        format!("{sign}{}.{:02}", abs / 100, abs % 100)
    }
}

impl Add for Fen {
    type Output = Fen;

    fn add(self, other: Fen) -> Fen {
        Fen(self.0 + other.0)
    }
}

impl AddAssign for Fen {
    fn add_assign(&mut self, other: Fen) {
        self.0 += other.0;
    }
}

impl Sub for Fen {
    type Output = Fen;

    fn sub(self, other: Fen) -> Fen {
        Fen(self.0 - other.0)
    }
}

impl Neg for Fen {
    type Output = Fen;

    fn neg(self) -> Fen {
        Fen(-self.0)
    }
}

impl Sum for Fen {
    fn sum<I: Iterator<Item = Fen>>(iter: I) -> Fen {
        iter.fold(Fen::ZERO, Add::add)
    }
}

impl fmt::Display for Fen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.yuan())
    }
}

#[cfg(test)]
mod tests {
    use super::Fen;

    #[test]
    fn yuan_is_exact() {
        assert_eq!(Fen(0).yuan(), "0.00");
        assert_eq!(Fen(5).yuan(), "0.05");
        assert_eq!(Fen(1230).yuan(), "12.30");
        assert_eq!(Fen(-5).yuan(), "-0.05");
        assert_eq!(Fen(i64::MIN).yuan(), "-92233720368547758.08");
    }
}
