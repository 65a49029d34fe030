//! A page of purchase orders loads its lines in one statement, scoped to the caller like the
//! order (a supplier gets only its own lines).

use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::dataloader::Loader;
use procurement::purchase::entity::line;
use uuid::Uuid;

use crate::schema::loaders::{LoadError, Loaders, children};

children!(
    /// The lines of a purchase order the caller may see.
    scoped PurchaseLinesKey,
    line::Model,
    procurement::purchase::query::lines_of,
    purchase_order_id
);
