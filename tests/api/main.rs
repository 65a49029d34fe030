//! Black-box tests of the yijin server over real HTTP.

mod campaigns;
mod helpers;
mod http;
mod participants;
mod queries;
mod tenancy;
