//! Shared value types and plumbing for yijin.
//!
//! Everything here is plain Rust with no GraphQL or HTTP: the domain crates build on these types
//! and the gateway maps them to the wire. [`db`] also holds the write-transaction convention
//! every domain follows (the caller owns the transaction; writers take `&DatabaseTransaction`),
//! and [`idempotency`] and [`outbox`] the plumbing that writes inside it.

pub mod actor;
pub mod clock;
pub mod db;
pub mod error;
pub mod error_code;
pub mod event_type;
pub mod id;
pub mod idempotency;
pub mod lookup;
pub mod money;
pub mod outbox;
pub mod page;
pub mod phone;
pub mod region;
pub mod text;
pub mod weight;

pub use actor::{Actor, OrgKind, OrgRef, Role};
pub use clock::Clock;
pub use error::{DomainError, DomainResult, Message, Problem};
pub use event_type::EventType;
pub use id::{GlobalId, new_id};
pub use money::Fen;
pub use page::{Cursor, Page, PageRequest};
pub use phone::Phone;
pub use region::{RegionCode, RegionLevel};
pub use weight::Grams;
