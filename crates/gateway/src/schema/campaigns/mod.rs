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
