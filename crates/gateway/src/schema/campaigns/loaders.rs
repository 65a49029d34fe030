//! The campaigns relations' DataLoaders: one statement per relation and batch.

use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::dataloader::Loader;
use campaigns::entity::{
    campaign, campaign_phase, campaign_target, closing_report, county_visit_selection,
    enlistment_event,
};
use campaigns::loaders as by;
use uuid::Uuid;

use crate::schema::loaders::{LoadError, Loaders, key};

key!(CampaignKey, campaign::Model, by::campaigns);
key!(PhasesKey, Vec<campaign_phase::Model>, by::phases);
key!(TargetsKey, Vec<campaign_target::Model>, by::targets);
key!(
    EnlistmentHistoryKey,
    Vec<enlistment_event::Model>,
    by::enlistment_history
);
key!(ClosingReportKey, closing_report::Model, by::closing_reports);
key!(
    SelectionsKey,
    Vec<county_visit_selection::Model>,
    by::visit_selections
);
