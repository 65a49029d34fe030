//! The campaigns part of the schema: the campaign calendar, enlistment forms (参战书), market
//! fairs (市集), community events (社区活动) and their closing reports (结案报告), county visits
//! (县域考察选品), employment (就业扶贫) and progress reports (进度报告).

pub mod activities;
mod activity_inputs;
mod activity_mutations;
mod activity_queries;
pub mod enlistment;
mod inputs;
mod loaders;
mod mutations;
mod queries;
pub mod reports;
pub mod types;

use crate::schema::payload::user_error;
use async_graphql::MergedObject;

pub use activity_inputs::*;
pub use inputs::*;

/// The campaigns root queries, merged into the schema's `Query`.
#[derive(MergedObject, Default)]
pub struct CampaignsQuery(queries::CalendarQuery, activity_queries::ActivityQuery);

/// The campaigns mutations, merged into the schema's `Mutation`.
#[derive(MergedObject, Default)]
pub struct CampaignsMutation(
    mutations::CampaignMutation,
    activity_mutations::ActivityMutation,
);

user_error!(
    CampaignUserError,
    campaigns::CampaignErrorCode,
    "战役用户错误: a problem with the input the caller can fix."
);

/// 元: fen as a decimal string of yuan, e.g. 12500 → "125.00".
pub fn yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let abs = fen.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

/// 斤: grams as a decimal string of jin (500 g), e.g. 1250 → "2.50".
pub fn jin(grams: i64) -> String {
    let sign = if grams < 0 { "-" } else { "" };
    let hundredths = (u128::from(grams.unsigned_abs()) * 100 + 250) / 500;
    format!("{sign}{}.{:02}", hundredths / 100, hundredths % 100)
}

#[cfg(test)]
mod tests {
    use super::{jin, yuan};

    #[test]
    fn yuan_and_jin_strings_are_exact() {
        assert_eq!(yuan(1_250_000), "12500.00");
        assert_eq!(yuan(5), "0.05");
        assert_eq!(yuan(-199), "-1.99");
        assert_eq!(jin(1_250), "2.50");
        assert_eq!(jin(500), "1.00");
        assert_eq!(jin(1), "0.00");
    }
}
