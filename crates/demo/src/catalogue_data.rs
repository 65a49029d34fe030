//! The demo catalogue's data: real poverty counties (national key counties of 2019), fictional
//! suppliers in them, and products whose certifications end in every state.

use products::entity::product::Category;
use products::entity::store::StoreKind;
use products::entity::supplier::SupplierKind;

/// (code, contiguous poor area, year it exited poverty): national key counties of 2019.
pub(super) const COUNTIES: [(&str, &str, i32); 6] = [
    ("510727", "秦巴山区", 2019),
    ("340828", "大别山区", 2018),
    ("522732", "滇黔桂石漠化区", 2020),
    ("433130", "武陵山区", 2020),
    ("360735", "罗霄山区", 2019),
    ("411523", "大别山区", 2017),
];

/// (name, kind, county, linked poor households)
pub(super) const SUPPLIERS: [(&str, SupplierKind, &str, i32); 12] = [
    (
        "平武县高山茶叶专业合作社",
        SupplierKind::Cooperative,
        "510727",
        126,
    ),
    (
        "平武县绿源农产品有限公司",
        SupplierKind::Enterprise,
        "510727",
        310,
    ),
    (
        "岳西县翠兰茶业有限公司",
        SupplierKind::Enterprise,
        "340828",
        208,
    ),
    (
        "岳西县石关村股份经济合作社",
        SupplierKind::VillageCollective,
        "340828",
        64,
    ),
    (
        "三都水族自治县九阡米酒厂",
        SupplierKind::Enterprise,
        "522732",
        85,
    ),
    (
        "三都县都江镇丰收家庭农场",
        SupplierKind::FamilyFarm,
        "522732",
        12,
    ),
    (
        "龙山县百合产业专业合作社",
        SupplierKind::Cooperative,
        "433130",
        420,
    ),
    (
        "龙山县里耶腊味食品有限公司",
        SupplierKind::Enterprise,
        "433130",
        150,
    ),
    (
        "石城县白莲专业合作社",
        SupplierKind::Cooperative,
        "360735",
        233,
    ),
    ("石城县琴江家庭农场", SupplierKind::FamilyFarm, "360735", 9),
    (
        "新县山茶油有限公司",
        SupplierKind::Enterprise,
        "411523",
        275,
    ),
    (
        "新县八里畈村集体经济合作社",
        SupplierKind::VillageCollective,
        "411523",
        58,
    ),
];

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Cert {
    /// No application: the product stays a draft.
    None,
    Submitted,
    Rejected,
    Publicizing,
    Listed,
    Suspended,
    Revoked,
    Expired,
}

pub(super) struct DemoProduct {
    pub(super) supplier: usize,
    pub(super) name: &'static str,
    pub(super) category: Category,
    pub(super) unit: &'static str,
    pub(super) spec: &'static str,
    pub(super) grams: i64,
    pub(super) price_fen: i64,
    pub(super) cert: Cert,
}

macro_rules! p {
    ($s:expr, $name:expr, $cat:ident, $unit:expr, $spec:expr, $g:expr, $fen:expr, $cert:ident) => {
        DemoProduct {
            supplier: $s,
            name: $name,
            category: Category::$cat,
            unit: $unit,
            spec: $spec,
            grams: $g,
            price_fen: $fen,
            cert: Cert::$cert,
        }
    };
}

pub(super) const PRODUCTS: [DemoProduct; 36] = [
    p!(
        0,
        "平武高山绿茶",
        TeaAndDrinks,
        "罐",
        "250g/罐",
        250,
        8800,
        Listed
    ),
    p!(
        0,
        "平武红茶",
        TeaAndDrinks,
        "罐",
        "200g/罐",
        200,
        6800,
        Listed
    ),
    p!(
        0,
        "平武老鹰茶",
        TeaAndDrinks,
        "袋",
        "500g/袋",
        500,
        4500,
        Submitted
    ),
    p!(
        1,
        "平武中蜂蜂蜜",
        DriedSpecialties,
        "瓶",
        "500g/瓶",
        500,
        6800,
        Listed
    ),
    p!(
        1,
        "平武核桃",
        DriedSpecialties,
        "袋",
        "1kg/袋",
        1000,
        3990,
        Listed
    ),
    p!(
        1,
        "平武天麻",
        DriedSpecialties,
        "盒",
        "250g/盒",
        250,
        12800,
        Publicizing
    ),
    p!(
        2,
        "岳西翠兰",
        TeaAndDrinks,
        "罐",
        "250g/罐",
        250,
        12800,
        Listed
    ),
    p!(
        2,
        "徽润物业优选·岳西翠兰礼盒",
        TeaAndDrinks,
        "盒",
        "2×125g/盒",
        250,
        16800,
        Listed
    ),
    p!(
        2,
        "岳西高山茭白",
        FruitAndVegetables,
        "箱",
        "5kg/箱",
        5000,
        4990,
        Listed
    ),
    p!(
        3,
        "岳西土鸡蛋",
        MeatPoultryEggs,
        "盒",
        "30枚/盒",
        1500,
        4500,
        Listed
    ),
    p!(
        3,
        "岳西黑猪腊肉",
        MeatPoultryEggs,
        "袋",
        "1kg/袋",
        1000,
        8800,
        Suspended
    ),
    p!(
        3,
        "岳西手工挂面",
        GrainAndOil,
        "袋",
        "2kg/袋",
        2000,
        2600,
        Listed
    ),
    p!(
        4,
        "九阡米酒",
        TeaAndDrinks,
        "瓶",
        "500ml/瓶",
        500,
        3800,
        Listed
    ),
    p!(
        4,
        "三都水族马尾绣香囊",
        Handicrafts,
        "个",
        "每个折合 0.5 斤",
        250,
        6800,
        Listed
    ),
    p!(
        5,
        "三都都江糯米",
        GrainAndOil,
        "袋",
        "5kg/袋",
        5000,
        5990,
        Listed
    ),
    p!(
        5,
        "三都高山蓝莓",
        FruitAndVegetables,
        "盒",
        "125g×4盒",
        500,
        5800,
        Expired
    ),
    p!(
        6,
        "龙山百合干",
        DriedSpecialties,
        "袋",
        "500g/袋",
        500,
        5990,
        Listed
    ),
    p!(
        6,
        "龙山鲜百合",
        FruitAndVegetables,
        "箱",
        "2.5kg/箱",
        2500,
        7990,
        Listed
    ),
    p!(
        6,
        "龙山百合粉",
        DriedSpecialties,
        "罐",
        "400g/罐",
        400,
        4800,
        Rejected
    ),
    p!(
        7,
        "湘西腊肉",
        MeatPoultryEggs,
        "袋",
        "1kg/袋",
        1000,
        9800,
        Listed
    ),
    p!(
        7,
        "湘西腊香肠",
        MeatPoultryEggs,
        "袋",
        "500g/袋",
        500,
        4900,
        Listed
    ),
    p!(7, "湘西萝卜干", Snacks, "袋", "300g/袋", 300, 1800, Revoked),
    p!(
        8,
        "石城通心白莲",
        DriedSpecialties,
        "袋",
        "500g/袋",
        500,
        6900,
        Listed
    ),
    p!(
        8,
        "石城莲子芯茶",
        TeaAndDrinks,
        "罐",
        "100g/罐",
        100,
        3600,
        Listed
    ),
    p!(
        8,
        "石城白莲礼盒",
        DriedSpecialties,
        "盒",
        "1kg/盒",
        1000,
        12800,
        Submitted
    ),
    p!(
        9,
        "石城赣南脐橙",
        FruitAndVegetables,
        "箱",
        "5kg/箱",
        5000,
        5980,
        Listed
    ),
    p!(
        9,
        "石城红薯粉丝",
        GrainAndOil,
        "袋",
        "1kg/袋",
        1000,
        2500,
        Listed
    ),
    p!(
        10,
        "新县山茶油",
        GrainAndOil,
        "桶",
        "2.5L/桶",
        2300,
        25800,
        Listed
    ),
    p!(
        10,
        "新县山茶油礼盒",
        GrainAndOil,
        "盒",
        "500ml×2/盒",
        920,
        12800,
        Listed
    ),
    p!(
        10,
        "新县葛根粉",
        DriedSpecialties,
        "袋",
        "500g/袋",
        500,
        3900,
        None
    ),
    p!(
        11,
        "新县板栗",
        DriedSpecialties,
        "袋",
        "2kg/袋",
        2000,
        4800,
        Listed
    ),
    p!(
        11,
        "新县信阳毛尖",
        TeaAndDrinks,
        "罐",
        "250g/罐",
        250,
        15800,
        Listed
    ),
    p!(
        11,
        "新县手工红薯粉条",
        GrainAndOil,
        "袋",
        "1kg/袋",
        1000,
        2200,
        Listed
    ),
    p!(
        11,
        "新县土蜂蜜",
        DriedSpecialties,
        "瓶",
        "1kg/瓶",
        1000,
        9800,
        Listed
    ),
    p!(
        1,
        "平武竹编果篮",
        Handicrafts,
        "个",
        "每个折合 1 斤",
        500,
        5800,
        Listed
    ),
    p!(
        4,
        "三都水族剪纸",
        Handicrafts,
        "套",
        "每套折合 0.5 斤",
        250,
        3800,
        None
    ),
];

/// The custom product (定制研发) and the enterprise it was developed for.
pub(super) const CUSTOM: (&str, &str) = ("徽润物业优选·岳西翠兰礼盒", "徽润物业服务有限公司");

/// (enterprise, kind, store name, projects served, how many listed products)
pub(super) const STORES: [(&str, StoreKind, &str, &[&str], usize); 3] = [
    (
        "徽润物业服务有限公司",
        StoreKind::Zone,
        "徽润生活 APP·带一斤回家专区",
        &["滨湖春晓花园", "天鹅湖畔小区"],
        20,
    ),
    (
        "锦城物业服务有限公司",
        StoreKind::Hosted,
        "锦城·一斤扶贫馆（联盟托管）",
        &["锦江瑞景小区"],
        12,
    ),
    (
        "庐州家园物业管理有限公司",
        StoreKind::Counter,
        "蜀山翠苑扶贫专柜",
        &["蜀山翠苑"],
        8,
    ),
];
