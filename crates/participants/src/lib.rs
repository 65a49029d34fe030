//! Participants of the 社区的力量 campaign: associations (协会), property-service enterprises
//! (物业服务企业), their projects/communities (参战项目), resident households (业主), teams (战队),
//! and the API credentials with which a company's APP backend calls yijin.
//!
//! Every service takes the calling [`kernel::Actor`] and scopes what it reads and writes to the
//! actor's role and organisation: rows of another tenant are `NotFound`, never `Forbidden`.

pub mod access;
pub mod association;
pub mod credential;
pub mod enterprise;
pub mod entity;
pub mod error_code;
mod fields;
pub mod household;
pub mod loaders;
pub mod privacy;
pub mod project;
pub mod project_import;
pub mod team;

pub use error_code::ParticipantErrorCode;
