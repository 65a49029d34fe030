//! Black-box tests of the yijin server over real HTTP.

mod authorisation;
mod campaigns;
mod catalogue;
mod helpers;
mod http;
mod hygiene;
mod listings;
mod participants;
mod products;
mod queries;
mod tenancy;
