//! How much of an order's personal data (recipient, phone, address) and of its pickup code a
//! caller sees. The household, the store's side and the shipping supplier see the delivery
//! details in full, everyone else who may see the order masked; the pickup code is a secret of
//! the household (and the APP that shows it to the resident).

use kernel::{Actor, Role};
use participants::privacy::Disclosure;

use crate::access::{buys, runs_store};
use crate::entity::order;

/// How much of the delivery details the actor sees.
pub fn delivery(actor: &Actor, order: &order::Model) -> Disclosure {
    let household = actor.role == Role::Household && actor.household == Some(order.household_id);
    // A supplier that sees the order at all ships part of it.
    if household || runs_store(actor, order) || actor.role == Role::Supplier {
        Disclosure::Full
    } else {
        Disclosure::Masked
    }
}

/// An address masked to its first six characters (the district, usually).
pub fn mask_address(address: &str) -> String {
    let head: String = address.chars().take(6).collect();
    format!("{head}****")
}

/// The address as the actor may see it.
pub fn address(disclosure: Disclosure, address: Option<&str>) -> Option<String> {
    let address = address?;
    match disclosure {
        Disclosure::Full => Some(address.to_owned()),
        Disclosure::Masked => Some(mask_address(address)),
        Disclosure::Hidden => None,
    }
}

/// Whether the actor sees the order's pickup code.
pub fn sees_pickup_code(actor: &Actor, order: &order::Model) -> bool {
    actor.is_platform() || buys(actor, order)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_keep_only_their_start() {
        assert_eq!(
            mask_address("合肥市蜀山区长江西路100号3栋"),
            "合肥市蜀山区****"
        );
        assert_eq!(mask_address("短"), "短****");
    }
}
