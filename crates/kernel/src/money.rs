//! Money in fen (分), the smallest unit of the renminbi. Integer arithmetic only: the ledger must
//! add up to the fen.

use std::fmt;

/// An amount of money in fen (1 yuan = 100 fen). May be negative (refunds).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Fen(pub i64);

impl Fen {
    /// The amount in yuan as an exact decimal string, e.g. `12.30`, `-0.05`.
    pub fn yuan(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        format!("{sign}{}.{:02}", abs / 100, abs % 100)
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
