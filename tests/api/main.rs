//! Black-box tests of the yijin server over real HTTP.

mod campaigns;
mod catalogue;
mod helpers;
mod http;
mod ledger;
mod participants;
mod products;
mod queries;
mod tenancy;
