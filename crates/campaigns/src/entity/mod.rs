//! Table models. These are storage, not API: the gateway builds its GraphQL types from them.

pub mod campaign;
pub mod campaign_phase;
pub mod campaign_target;
pub mod closing_report;
pub mod community_event;
pub mod county_visit;
pub mod county_visit_selection;
pub mod employment;
pub mod enlistment;
pub mod enlistment_event;
pub mod market_fair;
pub mod progress_report;
