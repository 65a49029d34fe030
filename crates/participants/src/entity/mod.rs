//! Table models. These are storage, not API: the gateway builds its GraphQL types from them.

pub mod api_credential;
pub mod association;
pub mod enterprise;
pub mod household;
pub mod project;
pub mod team;
pub mod team_membership;
