//! Black-box tests of the yijin server over real HTTP.

mod campaigns;
mod catalogue;
mod contention;
mod documents;
mod helpers;
mod http;
mod participants;
mod products;
mod queries;
mod tenancy;
mod transport;
