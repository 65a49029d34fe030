//! The campaign's value scalars: `Fen` (money), `Grams` (weight) and `Date` (a calendar day on
//! the campaign's Asia/Shanghai calendar). Money and weight travel as integers so that sums add
//! up exactly; objects that carry them also offer `yuan` / `jin` decimal strings.

use async_graphql::{InputValueError, InputValueResult, Scalar, ScalarType, Value};
use chrono::NaiveDate;

/// 分: an amount of money in fen (1 yuan = 100 fen), an integer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fen(pub i64);

#[Scalar(name = "Fen")]
impl ScalarType for Fen {
    fn parse(value: Value) -> InputValueResult<Self> {
        match &value {
            Value::Number(n) => n
                .as_i64()
                .map(Fen)
                .ok_or_else(|| InputValueError::custom("Fen is a whole number of fen")),
            _ => Err(InputValueError::expected_type(value)),
        }
    }

    fn to_value(&self) -> Value {
        Value::Number(self.0.into())
    }
}

impl From<kernel::Fen> for Fen {
    fn from(fen: kernel::Fen) -> Self {
        Fen(fen.0)
    }
}

impl From<Fen> for kernel::Fen {
    fn from(fen: Fen) -> Self {
        kernel::Fen(fen.0)
    }
}

/// 克: a weight in grams (1 jin = 500 g), an integer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Grams(pub i64);

#[Scalar(name = "Grams")]
impl ScalarType for Grams {
    fn parse(value: Value) -> InputValueResult<Self> {
        match &value {
            Value::Number(n) => n
                .as_i64()
                .map(Grams)
                .ok_or_else(|| InputValueError::custom("Grams is a whole number of grams")),
            _ => Err(InputValueError::expected_type(value)),
        }
    }

    fn to_value(&self) -> Value {
        Value::Number(self.0.into())
    }
}

impl From<kernel::Grams> for Grams {
    fn from(grams: kernel::Grams) -> Self {
        Grams(grams.0)
    }
}

impl From<Grams> for kernel::Grams {
    fn from(grams: Grams) -> Self {
        kernel::Grams(grams.0)
    }
}

/// 日期: a calendar day, `YYYY-MM-DD`, on the campaign's calendar (Asia/Shanghai).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Date(pub NaiveDate);

#[Scalar(name = "Date")]
impl ScalarType for Date {
    fn parse(value: Value) -> InputValueResult<Self> {
        match &value {
            Value::String(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .map(Date)
                .map_err(|_| InputValueError::custom("a Date is YYYY-MM-DD, e.g. \"2020-06-30\"")),
            _ => Err(InputValueError::expected_type(value)),
        }
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.format("%Y-%m-%d").to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_only_in_iso_form() {
        let ok = Date::parse(Value::String("2020-06-30".into())).ok();
        assert_eq!(ok.map(|d| d.0), NaiveDate::from_ymd_opt(2020, 6, 30));
        for bad in ["2020-6-30x", "30/06/2020", "2020-02-30"] {
            assert!(Date::parse(Value::String(bad.into())).is_err(), "{bad}");
        }
    }

    #[test]
    fn money_and_weight_are_whole_numbers() {
        assert!(Fen::parse(Value::from(1990)).is_ok());
        assert!(Fen::parse(Value::from(19.9)).is_err());
        assert!(Grams::parse(Value::String("500".into())).is_err());
    }
}

/// Weight and money as every object that carries a sum shows them: grams and jin, fen and
/// yuan. An object flattens it into its own fields (`#[graphql(flatten)]`), so the four fields
/// are written once; the type itself does not appear in the schema.
pub struct Measures {
    pub grams: kernel::Grams,
    pub fen: kernel::Fen,
}

impl Measures {
    /// The measures of a row's weight and money columns.
    pub fn new(grams: kernel::Grams, fen: kernel::Fen) -> Self {
        Self { grams, fen }
    }
}

#[async_graphql::Object]
impl Measures {
    /// 重量（克）
    async fn grams(&self) -> Grams {
        self.grams.into()
    }
    /// 重量（斤）: as an exact decimal string, e.g. "1.5".
    async fn jin(&self) -> String {
        self.grams.jin()
    }
    /// 金额（分）
    async fn fen(&self) -> Fen {
        self.fen.into()
    }
    /// 金额（元）: as an exact decimal string, e.g. "29.90".
    async fn yuan(&self) -> String {
        self.fen.yuan()
    }
}

/// An order's sums over its lines, as an order and a purchase order both show them:
/// `totalFen`, `totalYuan`, `totalGrams` and `jin` (the names the orders API began with, so
/// not [`Measures`]' own). Flattened like [`Measures`]; the type itself does not appear in the
/// schema.
pub struct Totals(pub Measures);

#[async_graphql::Object]
impl Totals {
    /// 订单金额（分）: the sum of its lines' amounts, at the prices fixed when it was placed.
    async fn total_fen(&self) -> Fen {
        self.0.fen.into()
    }
    /// 订单金额（元）: as an exact decimal string, e.g. "29.90".
    async fn total_yuan(&self) -> String {
        self.0.fen.yuan()
    }
    /// 重量（克）: the sum of its lines' weights.
    async fn total_grams(&self) -> Grams {
        self.0.grams.into()
    }
    /// 重量（斤）: as an exact decimal string, e.g. "2".
    async fn jin(&self) -> String {
        self.0.grams.jin()
    }
}

/// A line's quantity, unit price and amount, as an order line and a purchase order line both
/// show them. Flattened like [`Measures`]; the type itself does not appear in the schema.
pub struct LineAmount {
    quantity: i64,
    unit_price: kernel::Fen,
    amount: kernel::Fen,
}

impl LineAmount {
    /// The amount columns of a line.
    pub fn new(quantity: i64, unit_price: kernel::Fen, amount: kernel::Fen) -> Self {
        Self {
            quantity,
            unit_price,
            amount,
        }
    }
}

#[async_graphql::Object]
impl LineAmount {
    /// 数量
    async fn quantity(&self) -> i64 {
        self.quantity
    }
    /// 单价（分）: the price of one unit, fixed when the order was placed (on a purchase order,
    /// the agreed price).
    async fn unit_price_fen(&self) -> Fen {
        self.unit_price.into()
    }
    /// 金额（分）: quantity × unit price.
    async fn amount_fen(&self) -> Fen {
        self.amount.into()
    }
}
