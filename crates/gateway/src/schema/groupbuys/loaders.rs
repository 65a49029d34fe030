//! The group-buy relations' DataLoaders: a page of group buys loads its items in one statement
//! and the caller's visible joins in another; a page of joins loads their lines in one.

use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::dataloader::Loader;
use procurement::groupbuy::entity::{item, join, join_line};
use uuid::Uuid;

use crate::schema::loaders::{LoadError, Loaders, children};

children!(
    /// The items a group buy offers.
    GroupBuyItemsKey,
    item::Model,
    procurement::groupbuy::query::items_of,
    group_buy_id
);
children!(
    /// The joins of a group buy the caller may see (a resident only its own).
    scoped GroupBuyJoinsKey,
    join::Model,
    procurement::groupbuy::query::joins_of,
    group_buy_id
);
children!(
    /// The lines of a join (read through a join the caller sees).
    JoinLinesKey,
    join_line::Model,
    procurement::groupbuy::query::join_lines_of,
    join_id
);
