use kernel::{Fen, Grams};
use sea_orm::entity::prelude::*;

/// 商品类目
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(32))")]
pub enum Category {
    /// 粮油
    #[sea_orm(string_value = "GRAIN_AND_OIL")]
    GrainAndOil,
    /// 果蔬
    #[sea_orm(string_value = "FRUIT_AND_VEGETABLES")]
    FruitAndVegetables,
    /// 肉禽蛋
    #[sea_orm(string_value = "MEAT_POULTRY_EGGS")]
    MeatPoultryEggs,
    /// 水产
    #[sea_orm(string_value = "AQUATIC")]
    Aquatic,
    /// 茶叶饮品
    #[sea_orm(string_value = "TEA_AND_DRINKS")]
    TeaAndDrinks,
    /// 土特产干货
    #[sea_orm(string_value = "DRIED_SPECIALTIES")]
    DriedSpecialties,
    /// 休闲食品
    #[sea_orm(string_value = "SNACKS")]
    Snacks,
    /// 手工艺品
    #[sea_orm(string_value = "HANDICRAFTS")]
    Handicrafts,
    /// 其他
    #[sea_orm(string_value = "OTHER")]
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum ProductStatus {
    #[sea_orm(string_value = "DRAFT")]
    Draft,
    #[sea_orm(string_value = "ACTIVE")]
    Active,
    #[sea_orm(string_value = "INACTIVE")]
    Inactive,
}

/// 扶贫产品
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "product")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub supplier_id: Uuid,
    pub name: String,
    pub category: Category,
    pub description: Option<String>,
    /// JSON array of image URLs.
    pub images: String,
    /// 规格, e.g. "5kg/袋"
    pub spec: Option<String>,
    /// 销售单位, e.g. 袋, 箱, 件
    pub unit: String,
    /// Net weight of one unit in grams — or, for per-piece goods, its agreed jin equivalent.
    pub net_weight_grams: Grams,
    pub weight_is_equivalent: bool,
    pub price_fen: Fen,
    pub on_hand: i64,
    pub reserved: i64,
    pub origin_county_code: String,
    pub status: ProductStatus,
    /// 定制研发: the enterprise the product was developed for ("xx物业优选").
    pub custom_for_enterprise_id: Option<Uuid>,
    /// The county visit (县域考察选品) the product came from.
    pub county_visit_id: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::listing::Entity")]
    Listing,
    #[sea_orm(
        belongs_to = "super::supplier::Entity",
        from = "Column::SupplierId",
        to = "super::supplier::Column::Id"
    )]
    Supplier,
    #[sea_orm(has_many = "super::certification::Entity")]
    Certification,
}

impl Related<super::supplier::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Supplier.def()
    }
}

impl Related<super::certification::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Certification.def()
    }
}

impl Related<super::listing::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Listing.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
