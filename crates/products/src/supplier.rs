//! 市场主体: suppliers — enterprises, cooperatives, family farms, village collectives — with
//! their origin county, how they benefit registered poor households, and pseudonymous
//! references to those households.

use kernel::error::{Problems, optional_text, required_text};
use kernel::lookup;
use kernel::page::{self, PageSpec};
use kernel::{Actor, Clock, DomainError, DomainResult, Message, Page, Phone, Problem, Role};
use participants::access::require_role;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait,
    PaginatorTrait, QueryFilter, Set,
};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::ProductErrorCode as Code;
use crate::access::writable_supplier;
use crate::entity::supplier::{self, Column, Entity, Model, SupplierKind};
use crate::entity::supplier_beneficiary;
use crate::uscc::Uscc;
use participants::access::{Object, Owner, readable};

/// 利益联结机制: how a supplier's business benefits poor households.
pub const BENEFIT_MECHANISMS: [&str; 3] = ["WAGE", "ASSET", "OPERATING_INCOME"];

#[derive(Debug, Clone)]
pub struct SupplierInput {
    pub name: String,
    pub kind: SupplierKind,
    pub uscc: String,
    pub county_code: String,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub benefit_mechanisms: Vec<String>,
    pub linked_poor_households: i32,
}

struct Checked {
    name: String,
    uscc: String,
    county_code: String,
    contact_name: Option<String>,
    contact_phone: Option<String>,
    benefit_mechanisms: String,
}

async fn check(conn: &impl ConnectionTrait, input: &SupplierInput) -> DomainResult<Checked> {
    let mut problems = Problems::new();
    let name = problems.take(required_text(&["name"], &input.name, 200));
    let uscc = problems.take(Uscc::parse(&["uscc"], &input.uscc));
    let contact_name = problems.take(optional_text(
        &["contactName"],
        input.contact_name.as_deref(),
        64,
    ));
    let contact_phone = match input.contact_phone.as_deref().map(str::trim) {
        None | Some("") => Some(None),
        Some(p) => problems
            .take(Phone::parse(&["contactPhone"], p))
            .map(|p| Some(p.as_str().to_owned())),
    };
    let mut mechanisms: Vec<&str> = Vec::new();
    for m in &input.benefit_mechanisms {
        match BENEFIT_MECHANISMS
            .iter()
            .find(|b| b.eq_ignore_ascii_case(m.trim()))
        {
            Some(b) if !mechanisms.contains(b) => mechanisms.push(b),
            Some(_) => {}
            None => problems.push(Problem::new(
                &["benefitMechanisms"],
                kernel::error::codes::INVALID,
                Message::new(
                    "利益联结机制应为 WAGE/ASSET/OPERATING_INCOME",
                    "benefit mechanisms are WAGE, ASSET, OPERATING_INCOME",
                ),
            )),
        }
    }
    if !(0..=1_000_000).contains(&input.linked_poor_households) {
        problems.push(Problem::new(
            &["linkedPoorHouseholds"],
            kernel::error::codes::OUT_OF_RANGE,
            Message::new(
                "带动贫困户数应在 0 到 1000000 之间",
                "linked poor households must be between 0 and 1,000,000",
            ),
        ));
    }
    let county = match crate::county::county_region(conn, "countyCode", &input.county_code).await {
        Ok(r) => Some(r.code),
        Err(DomainError::Invalid(list)) => {
            list.into_iter().for_each(|p| problems.push(p));
            None
        }
        Err(e) => return Err(e),
    };
    problems.finish()?;
    Ok(Checked {
        name: name.unwrap_or_default(),
        uscc: uscc.map(|u| u.as_str().to_owned()).unwrap_or_default(),
        county_code: county.unwrap_or_default(),
        contact_name: contact_name.flatten(),
        contact_phone: contact_phone.flatten(),
        benefit_mechanisms: mechanisms.join(","),
    })
}

fn uscc_taken(err: DomainError) -> DomainError {
    match err {
        DomainError::Conflict => DomainError::invalid(
            &["uscc"],
            kernel::error::codes::TAKEN,
            Message::new(
                "该统一社会信用代码已登记",
                "a supplier with this credit code exists",
            ),
        ),
        other => other,
    }
}

/// Registers a supplier (the platform).
pub async fn create(
    conn: &DatabaseTransaction,
    actor: &Actor,
    clock: &Clock,
    input: SupplierInput,
) -> DomainResult<Model> {
    require_role(actor, &[Role::PlatformAdmin])?;
    let c = check(conn, &input).await?;
    let now = clock.now();
    supplier::ActiveModel {
        id: Set(kernel::new_id()),
        name: Set(c.name),
        kind: Set(input.kind),
        uscc: Set(c.uscc),
        county_code: Set(c.county_code),
        contact_name: Set(c.contact_name),
        contact_phone: Set(c.contact_phone),
        benefit_mechanisms: Set(c.benefit_mechanisms),
        linked_poor_households: Set(input.linked_poor_households),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(conn)
    .await
    .map_err(|e| uscc_taken(e.into()))
}

/// Replaces a supplier's profile (the platform, or the supplier itself).
pub async fn update(
    conn: &DatabaseTransaction,
    actor: &Actor,
    clock: &Clock,
    id: Uuid,
    input: SupplierInput,
) -> DomainResult<Model> {
    let id = writable_supplier(actor, Object::Supplier, Some(id))?;
    let current = get(conn, actor, id).await?;
    let c = check(conn, &input).await?;
    let mut model: supplier::ActiveModel = current.into();
    model.name = Set(c.name);
    model.kind = Set(input.kind);
    model.uscc = Set(c.uscc);
    model.county_code = Set(c.county_code);
    model.contact_name = Set(c.contact_name);
    model.contact_phone = Set(c.contact_phone);
    model.benefit_mechanisms = Set(c.benefit_mechanisms);
    model.linked_poor_households = Set(input.linked_poor_households);
    model.updated_at = Set(clock.now());
    model.update(conn).await.map_err(|e| uscc_taken(e.into()))
}

/// Suppliers the actor may read (`Object::Supplier`): every authenticated caller, since a
/// supplier is on every product's label. Contacts are masked for most (see [`contact`]).
fn scoped(actor: &Actor) -> sea_orm::Select<Entity> {
    Entity::find().filter(readable(
        actor,
        Object::Supplier,
        &Owner::new().supplier(Column::Id),
    ))
}

/// A supplier's public profile.
pub async fn get(conn: &impl ConnectionTrait, actor: &Actor, id: Uuid) -> DomainResult<Model> {
    lookup::one(conn, scoped(actor), Column::Id, id).await
}

/// [`get`] of many ids at once, in one statement: those the actor may see.
pub async fn get_many(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    ids: &[Uuid],
) -> DomainResult<Vec<Model>> {
    lookup::many(conn, scoped(actor), Column::Id, ids).await
}

/// How much of a supplier's contact a caller sees: in full for the supplier itself, the
/// platform and operators (who see its private side), masked for everyone else.
pub fn contact(actor: &Actor, supplier_id: Uuid) -> participants::privacy::Disclosure {
    if crate::access::sees_supplier(actor, supplier_id) {
        participants::privacy::Disclosure::Full
    } else {
        participants::privacy::Disclosure::Masked
    }
}

fn in_county(actor: &Actor, county_code: Option<&str>) -> sea_orm::Select<Entity> {
    let query = scoped(actor);
    match county_code {
        Some(code) => query.filter(Column::CountyCode.eq(code)),
        None => query,
    }
}

pub async fn list(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    county_code: Option<&str>,
    spec: PageSpec,
) -> DomainResult<Page<Model>> {
    page::paginate(conn, in_county(actor, county_code), Column::Id, spec, |m| {
        m.id
    })
    .await
}

pub async fn count(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    county_code: Option<&str>,
) -> DomainResult<u64> {
    page::count(conn, in_county(actor, county_code)).await
}

/// A keyed hash of a household identifier: the same household always gets the same reference,
/// which cannot be turned back into the identifier without the key (HMAC-SHA256).
#[derive(Clone)]
pub struct Pseudonymizer {
    key: Vec<u8>,
}

impl Pseudonymizer {
    pub fn new(key: &[u8]) -> Self {
        Self { key: key.to_vec() }
    }

    pub fn reference(&self, identifier: &str) -> String {
        const BLOCK: usize = 64;
        let mut key = if self.key.len() > BLOCK {
            Sha256::digest(&self.key).to_vec()
        } else {
            self.key.clone()
        };
        key.resize(BLOCK, 0);
        let pad = |byte: u8| key.iter().map(|k| k ^ byte).collect::<Vec<u8>>();
        let inner = Sha256::new()
            .chain_update(pad(0x36))
            .chain_update(identifier.trim().as_bytes())
            .finalize();
        hex::encode(
            Sha256::new()
                .chain_update(pad(0x5c))
                .chain_update(inner)
                .finalize(),
        )
    }
}

/// Records the households a supplier sources from, by pseudonymous reference only; the
/// identifiers themselves are never stored. Returns how many references the supplier has now.
pub async fn add_beneficiaries(
    conn: &DatabaseTransaction,
    actor: &Actor,
    clock: &Clock,
    pseudonymizer: &Pseudonymizer,
    supplier_id: Uuid,
    identifiers: &[String],
) -> DomainResult<u64> {
    let supplier_id = writable_supplier(actor, Object::Supplier, Some(supplier_id))?;
    get(conn, actor, supplier_id).await?;
    if identifiers.len() > 1000 {
        return Err(DomainError::invalid(
            &["identifiers"],
            Code::TooMany.as_str(),
            Message::new("一次最多 1000 个", "at most 1000 per call"),
        ));
    }
    for identifier in identifiers.iter().filter(|i| !i.trim().is_empty()) {
        // A household already recorded (by an earlier or a concurrent call) is the outcome we
        // want: the insert does nothing rather than fail, which would end the caller's
        // transaction on PostgreSQL.
        supplier_beneficiary::Entity::insert(supplier_beneficiary::ActiveModel {
            id: Set(kernel::new_id()),
            supplier_id: Set(supplier_id),
            household_ref: Set(pseudonymizer.reference(identifier)),
            created_at: Set(clock.now()),
        })
        .on_conflict_do_nothing_on([
            supplier_beneficiary::Column::SupplierId,
            supplier_beneficiary::Column::HouseholdRef,
        ])
        .exec_without_returning(conn)
        .await?;
    }
    beneficiary_count(conn, supplier_id).await
}

pub async fn beneficiary_count(
    conn: &impl ConnectionTrait,
    supplier_id: Uuid,
) -> DomainResult<u64> {
    Ok(supplier_beneficiary::Entity::find()
        .filter(supplier_beneficiary::Column::SupplierId.eq(supplier_id))
        .count(conn)
        .await?)
}

#[cfg(test)]
mod tests {
    use super::Pseudonymizer;

    #[test]
    fn references_are_stable_keyed_and_do_not_contain_the_identifier() {
        let a = Pseudonymizer::new(b"key-one");
        let b = Pseudonymizer::new(b"key-two");
        let id = "510727198001011234";
        assert_eq!(a.reference(id), a.reference(id));
        assert_ne!(a.reference(id), b.reference(id));
        assert_eq!(a.reference(id).len(), 64);
        assert!(!a.reference(id).contains("1980"));
    }

    #[test]
    fn hmac_matches_the_rfc_4231_test_vector() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
        let p = Pseudonymizer::new(b"Jefe");
        assert_eq!(
            p.reference("what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }
}
