//! 扶贫产品: what suppliers sell. Weight is required — the campaign counts jin — as the net
//! weight of one unit or, for goods sold by the piece, an agreed jin equivalent in grams.

use kernel::error::{Problems, optional_multiline_text, optional_text, required_text};
use kernel::lookup;
use kernel::page::{self, PageSpec};
use kernel::{Actor, Clock, DomainError, DomainResult, Fen, Grams, Message, Page, Problem};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    Select, Set,
};
use uuid::Uuid;

use crate::ProductErrorCode as Code;
use crate::access::{visible_products, writable_supplier};
pub use crate::custom::{CountyVisits, Link, NoCountyVisits, custom_label};
use crate::entity::product::{self, Category, Column, Entity, Model, ProductStatus};
use participants::access::{Object, Owner, readable, writes};

pub const MAX_IMAGES: usize = 10;
/// 50 kg: heavier units are typing errors (grams entered as milligrams, say).
pub const MAX_UNIT_GRAMS: i64 = 50_000;
/// 100,000 yuan per unit.
pub const MAX_PRICE_FEN: i64 = 10_000_000;

#[derive(Debug, Clone)]
pub struct ProductInput {
    pub supplier_id: Option<Uuid>,
    pub name: String,
    pub category: Category,
    pub description: Option<String>,
    pub images: Vec<String>,
    pub spec: Option<String>,
    pub unit: String,
    pub net_weight_grams: Grams,
    pub weight_is_equivalent: bool,
    pub price_fen: Fen,
    /// Defaults to the supplier's county.
    pub origin_county_code: Option<String>,
    /// 定制企业: the enterprise a custom product (xx物业优选) is for; only one the caller may
    /// see can be named.
    pub custom_for_enterprise_id: Link,
    /// 来源考察: the county visit the product came from; only one the caller may see.
    pub county_visit_id: Link,
}

fn out_of_range(field: &str, zh: String, en: String) -> Problem {
    Problem::new(
        &[field],
        kernel::error::codes::OUT_OF_RANGE,
        Message::new(zh, en),
    )
}

struct Checked {
    custom_for: Option<Uuid>,
    county_visit: Option<Uuid>,
    name: String,
    description: Option<String>,
    images: String,
    spec: Option<String>,
    unit: String,
    origin: String,
}

/// Checks a product's fields against the product as it is now (`None` for a new one).
async fn check(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    visits: &impl CountyVisits,
    supplier_county: &str,
    current: Option<&Model>,
    input: &ProductInput,
) -> DomainResult<Checked> {
    let mut problems = Problems::new();
    let name = problems.take(required_text(&["name"], &input.name, 200));
    let description = problems.take(optional_multiline_text(
        &["description"],
        input.description.as_deref(),
        5000,
    ));
    let spec = problems.take(optional_text(&["spec"], input.spec.as_deref(), 100));
    let unit = problems.take(required_text(&["unit"], &input.unit, 16));
    if input.images.len() > MAX_IMAGES {
        problems.push(Problem::new(
            &["images"],
            Code::TooMany.as_str(),
            Message::new(
                format!("最多 {MAX_IMAGES} 张图片"),
                format!("at most {MAX_IMAGES} images"),
            ),
        ));
    }
    for (i, url) in input.images.iter().enumerate() {
        let url = url.trim();
        let ok = (url.starts_with("https://") || url.starts_with("http://"))
            && url.len() <= 1000
            && !url.contains(char::is_whitespace);
        if !ok {
            let index = i.to_string();
            problems.push(Problem::new(
                &["images", &index],
                kernel::error::codes::INVALID,
                Message::new("图片须为 http(s) 链接", "an image must be an http(s) URL"),
            ));
        }
    }
    if !(1..=MAX_UNIT_GRAMS).contains(&input.net_weight_grams.0) {
        problems.push(out_of_range(
            "netWeight",
            format!("每单位重量应在 1 到 {MAX_UNIT_GRAMS} 克之间"),
            format!("unit weight must be 1 to {MAX_UNIT_GRAMS} grams"),
        ));
    }
    if !(1..=MAX_PRICE_FEN).contains(&input.price_fen.0) {
        problems.push(out_of_range(
            "price",
            "价格应大于 0 且不超过 10 万元".into(),
            "price must be above 0 and at most 100,000 yuan".into(),
        ));
    }
    let origin = match input.origin_county_code.as_deref().map(str::trim) {
        None | Some("") => Some(supplier_county.to_owned()),
        Some(code) => match crate::county::county_region(conn, "originCountyCode", code).await {
            Ok(r) => Some(r.code),
            Err(DomainError::Invalid(list)) => {
                list.into_iter().for_each(|p| problems.push(p));
                None
            }
            Err(e) => return Err(e),
        },
    };
    let (custom_for, county_visit) =
        crate::custom::references(conn, actor, visits, current, input, &mut problems).await?;
    problems.finish()?;
    let images: Vec<&str> = input.images.iter().map(|s| s.trim()).collect();
    Ok(Checked {
        custom_for,
        county_visit,
        name: name.unwrap_or_default(),
        description: description.flatten(),
        images: serde_json::to_string(&images).unwrap_or_else(|_| "[]".into()),
        spec: spec.flatten(),
        unit: unit.unwrap_or_default(),
        origin: origin.unwrap_or_default(),
    })
}

/// A new product, as a DRAFT with no stock.
pub async fn create(
    conn: &DatabaseTransaction,
    actor: &Actor,
    clock: &Clock,
    visits: &impl CountyVisits,
    input: ProductInput,
) -> DomainResult<Model> {
    let supplier_id = writable_supplier(actor, Object::Product, input.supplier_id)?;
    let supplier = crate::supplier::get(conn, actor, supplier_id).await?;
    let c = check(conn, actor, visits, &supplier.county_code, None, &input).await?;
    let now = clock.now();
    Ok(product::ActiveModel {
        id: Set(kernel::new_id()),
        supplier_id: Set(supplier_id),
        name: Set(c.name),
        category: Set(input.category),
        description: Set(c.description),
        images: Set(c.images),
        spec: Set(c.spec),
        unit: Set(c.unit),
        net_weight_grams: Set(input.net_weight_grams),
        weight_is_equivalent: Set(input.weight_is_equivalent),
        price_fen: Set(input.price_fen),
        on_hand: Set(0),
        reserved: Set(0),
        origin_county_code: Set(c.origin),
        status: Set(ProductStatus::Draft),
        custom_for_enterprise_id: Set(c.custom_for),
        county_visit_id: Set(c.county_visit),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(conn)
    .await?)
}

/// A product the actor may change as `object` (the product itself, or its certification): a
/// role that may not is `Forbidden` whatever the id; a product it may not see is `NotFound`,
/// like one that does not exist.
pub async fn writable(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    id: Uuid,
    object: Object,
) -> DomainResult<Model> {
    if !writes(actor.role, object) {
        return Err(DomainError::Forbidden);
    }
    Entity::find_by_id(id)
        .filter(readable(
            actor,
            Object::Product,
            &Owner::new().supplier(Column::SupplierId),
        ))
        .one(conn)
        .await?
        .ok_or(DomainError::NotFound)
}

/// Replaces a product's description (not its stock or status).
pub async fn update(
    conn: &DatabaseTransaction,
    actor: &Actor,
    clock: &Clock,
    visits: &impl CountyVisits,
    id: Uuid,
    input: ProductInput,
) -> DomainResult<Model> {
    let current = writable(conn, actor, id, Object::Product).await?;
    let supplier = crate::supplier::get(conn, actor, current.supplier_id).await?;
    let c = check(
        conn,
        actor,
        visits,
        &supplier.county_code,
        Some(&current),
        &input,
    )
    .await?;
    let mut model: product::ActiveModel = current.into();
    model.name = Set(c.name);
    model.category = Set(input.category);
    model.description = Set(c.description);
    model.images = Set(c.images);
    model.spec = Set(c.spec);
    model.unit = Set(c.unit);
    model.net_weight_grams = Set(input.net_weight_grams);
    model.weight_is_equivalent = Set(input.weight_is_equivalent);
    model.price_fen = Set(input.price_fen);
    model.origin_county_code = Set(c.origin);
    model.custom_for_enterprise_id = Set(c.custom_for);
    model.county_visit_id = Set(c.county_visit);
    model.updated_at = Set(clock.now());
    Ok(model.update(conn).await?)
}

/// Puts a product on sale (ACTIVE) or takes it off (INACTIVE, or back to DRAFT).
pub async fn set_status(
    conn: &DatabaseTransaction,
    actor: &Actor,
    clock: &Clock,
    id: Uuid,
    status: ProductStatus,
) -> DomainResult<Model> {
    let current = writable(conn, actor, id, Object::Product).await?;
    let mut model: product::ActiveModel = current.into();
    model.status = Set(status);
    model.updated_at = Set(clock.now());
    Ok(model.update(conn).await?)
}

pub async fn get(conn: &impl ConnectionTrait, actor: &Actor, id: Uuid) -> DomainResult<Model> {
    lookup::one(
        conn,
        Entity::find().filter(visible_products(actor)),
        Column::Id,
        id,
    )
    .await
}

/// [`get`] of many ids at once, in one statement: those the actor may see.
pub async fn get_many(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    ids: &[Uuid],
) -> DomainResult<Vec<Model>> {
    lookup::many(
        conn,
        Entity::find().filter(visible_products(actor)),
        Column::Id,
        ids,
    )
    .await
}

#[derive(Debug, Clone, Default)]
pub struct ProductFilter {
    pub supplier_id: Option<Uuid>,
    pub status: Option<ProductStatus>,
    pub category: Option<Category>,
}

fn filtered(actor: &Actor, filter: &ProductFilter) -> Select<Entity> {
    let mut query = Entity::find().filter(visible_products(actor));
    if let Some(s) = filter.supplier_id {
        query = query.filter(Column::SupplierId.eq(s));
    }
    if let Some(s) = filter.status {
        query = query.filter(Column::Status.eq(s));
    }
    if let Some(c) = filter.category {
        query = query.filter(Column::Category.eq(c));
    }
    query
}

pub async fn list(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    filter: &ProductFilter,
    spec: PageSpec,
) -> DomainResult<Page<Model>> {
    page::paginate(conn, filtered(actor, filter), Column::Id, spec, |m| m.id).await
}

pub async fn count(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    filter: &ProductFilter,
) -> DomainResult<u64> {
    page::count(conn, filtered(actor, filter)).await
}

/// The image URLs of a product.
pub fn images(model: &Model) -> Vec<String> {
    serde_json::from_str(&model.images).unwrap_or_default()
}

/// Yuan per jin at `price` for a unit of `grams`, rounded half up to the fen, as a decimal
/// string (`"19.90"`); the comparison residents make between products of different sizes.
pub fn price_per_jin(price: Fen, grams: Grams) -> Option<String> {
    if grams.0 <= 0 {
        return None;
    }
    let numerator = i128::from(price.0) * 500;
    let grams = i128::from(grams.0);
    let fen = (numerator * 2 + grams) / (grams * 2);
    i64::try_from(fen).ok().map(|f| Fen(f).yuan())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn price_per_jin_rounds_to_the_fen() {
        let per_jin = |fen, grams| price_per_jin(Fen(fen), Grams(grams));
        assert_eq!(per_jin(1990, 500).as_deref(), Some("19.90"));
        assert_eq!(per_jin(3990, 2500).as_deref(), Some("7.98"));
        assert_eq!(per_jin(1000, 300).as_deref(), Some("16.67"));
        assert_eq!(per_jin(1000, 0), None);
    }
}
