//! Authorisation: the role × object table walked against the running server, every id of every
//! mutation input checked against the caller's scope, and the roles that used to reach too far.

mod by_id;
mod ids;
mod matrix;
mod roles;
mod world;
