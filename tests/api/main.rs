//! Black-box tests of the yijin server over real HTTP.

mod authorisation;
mod campaigns;
mod catalogue;
mod contention;
mod documents;
mod groupbuys;
mod helpers;
mod http;
mod hygiene;
mod kpi;
mod ledger;
mod listings;
mod orders;
mod participants;
mod products;
mod purchases;
mod queries;
mod shelves;
mod tenancy;
mod transport;
mod webhooks;
