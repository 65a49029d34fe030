//! The order relations' DataLoaders: a page of orders loads its lines in one statement and its
//! events in another, each scoped to the caller like the order itself (a supplier gets only its
//! own lines).

use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::dataloader::Loader;
use orders::entity::{event, line};
use uuid::Uuid;

use crate::schema::loaders::{LoadError, Loaders, children};

children!(
    /// The lines of an order the caller may see.
    scoped OrderLinesKey, line::Model, orders::query::lines_of, order_id
);
children!(
    /// The events of an order the caller may see.
    scoped OrderEventsKey, event::Model, orders::query::events_of, order_id
);
