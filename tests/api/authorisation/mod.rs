//! Authorisation: the role × object table walked against the running server, every id of every
//! mutation input checked against the caller's scope, and the roles that used to reach too far.

mod ids;
mod matrix;
mod roles;
mod world;
