//! The organised side of the 社区的力量 campaign: the campaign calendar (phases and targets),
//! enlistment forms (参战书) of associations and enterprises, market fairs (市集), community
//! events with tasting (社区活动) and their closing reports (结案报告), county visits
//! (县域考察选品), employment of poor-household workers (就业扶贫), and progress reports
//! (进度报告).
//!
//! Services take the calling [`kernel::Actor`] and scope every read and write to it: the
//! platform sees everything, an association its own rows and (read-only) its member
//! enterprises', an enterprise its own. Rows of another tenant are `NotFound`, never
//! `Forbidden`. Dates are days of the campaign's calendar (Asia/Shanghai); "today" comes from
//! the injected [`kernel::Clock`].

pub mod access;
pub mod calendar;
pub mod employment;
pub mod enlistment;
pub mod entity;
pub mod error_code;
pub mod event;
pub mod fair;
mod fields;
pub mod loaders;
pub mod report;
pub mod versioned;
pub mod visit;

pub use calendar::COMMUNITY_POWER_CAMPAIGN_ID;
pub use error_code::CampaignErrorCode;
