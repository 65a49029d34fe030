//! Weight in grams. The campaign counts jin (斤, 1 jin = 500 g); grams are stored so that sums are
//! exact and jin is derived.

use std::iter::Sum;
use std::ops::{Add, AddAssign, Neg, Sub};

use sea_orm::DeriveValueType;

/// A weight in grams. May be negative (refunds).
///
/// A sea-orm value type (a `BIGINT` column), like [`crate::Fen`], so that weight and money
/// cannot be swapped silently.
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
pub struct Grams(pub i64);

pub const GRAMS_PER_JIN: i64 = 500;

impl Add for Grams {
    type Output = Grams;

    fn add(self, other: Grams) -> Grams {
        Grams(self.0 + other.0)
    }
}

impl AddAssign for Grams {
    fn add_assign(&mut self, other: Grams) {
        self.0 += other.0;
    }
}

impl Sub for Grams {
    type Output = Grams;

    fn sub(self, other: Grams) -> Grams {
        Grams(self.0 - other.0)
    }
}

impl Neg for Grams {
    type Output = Grams;

    fn neg(self) -> Grams {
        Grams(-self.0)
    }
}

impl Sum for Grams {
    fn sum<I: Iterator<Item = Grams>>(iter: I) -> Grams {
        iter.fold(Grams::ZERO, Add::add)
    }
}

impl Grams {
    pub const ZERO: Grams = Grams(0);

    /// The sum, or `None` if it would overflow.
    pub fn checked_add(self, other: Grams) -> Option<Grams> {
        self.0.checked_add(other.0).map(Grams)
    }

    /// The weight in jin as an exact decimal string with no trailing zeros, e.g. `5`, `1.5`,
    /// `0.002`. One gram is 0.002 jin, so three decimals are always exact.
    pub fn jin(self) -> String {
        let milli_jin = i128::from(self.0) * 2; // grams * 1000 / 500
        let sign = if milli_jin < 0 { "-" } else { "" };
        let abs = milli_jin.unsigned_abs();
        let (whole, frac) = (abs / 1000, abs % 1000);
        if frac == 0 {
            return format!("{sign}{whole}");
        }
        let frac = format!("{frac:03}");
        format!("{sign}{whole}.{}", frac.trim_end_matches('0'))
    }
}

#[cfg(test)]
mod tests {
    use super::Grams;

    #[test]
    fn jin_is_exact() {
        assert_eq!(Grams(0).jin(), "0");
        assert_eq!(Grams(500).jin(), "1");
        assert_eq!(Grams(750).jin(), "1.5");
        assert_eq!(Grams(1).jin(), "0.002");
        assert_eq!(Grams(-250).jin(), "-0.5");
        assert_eq!(Grams(230_000_000).jin(), "460000");
    }
}
