//! Two tenants with one object of every kind each, built through the API, and a token for every
//! role: what the authorisation tests probe. Side A is "own" for every scoped caller; side B is
//! another tenant's.

use chrono::{Datelike, TimeDelta};
use kernel::{Clock, OrgKind, OrgRef, Role};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::{Tenant, TestApp, spawn_with, tenant, uuid_of};
use crate::products::{PINGWU, active_product, certify, supplier, supplier_token, uscc};

pub fn gid(kind: &str, id: Uuid) -> String {
    format!("gid://yijin/{kind}/{id}")
}

/// Which side of the world an object is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    A,
    B,
}

/// One tenant's objects, as global ids.
pub struct Objects {
    pub t: Tenant,
    /// A resident in no team: the HOUSEHOLD token's own household on side A.
    pub household: String,
    pub team: String,
    pub credential: String,
    pub enlistment: String,
    /// The association's own fair.
    pub fair: String,
    /// The enterprise's community event (applied for, not decided).
    pub event: String,
    /// The enterprise's county visit.
    pub visit: String,
    pub employment: String,
    pub report: String,
    pub supplier: Uuid,
    pub supplier_n: u32,
    /// Drafts: the first for reads, then one per caller that applies for certification.
    pub drafts: Vec<String>,
    pub active: String,
    pub certification: String,
    pub zone: String,
    pub hosted: String,
    pub listing: String,
    /// The hosted store's listing of the same product.
    pub hosted_listing: String,
    /// An unpaid pickup order of `household` in the zone, placed by the APP.
    pub order: String,
    /// A paid pickup order of `household` in the zone.
    pub paid: String,
    /// A sale the enterprise reported from its own mall, awaiting review.
    pub reported_row: String,
    /// The enterprise's webhook endpoint.
    pub webhook_endpoint: String,
    /// The association's and the supplier's own webhook endpoints.
    pub association_endpoint: String,
    pub supplier_endpoint: String,
    /// The enterprise's own occasion (its project's 业主节).
    pub occasion: String,
    /// An open group buy in the project's zone, and its one item.
    pub group_buy: String,
    pub group_buy_item: String,
    /// A partner company the enterprise registered, and a purchase order it requested.
    pub partner: String,
    pub purchase_order: String,
}

impl Objects {
    pub fn association(&self) -> String {
        gid("Association", self.t.association)
    }
    pub fn enterprise(&self) -> String {
        gid("Enterprise", self.t.enterprise)
    }
    pub fn project(&self) -> String {
        gid("Project", self.t.project)
    }
    pub fn supplier_gid(&self) -> String {
        gid("Supplier", self.supplier)
    }
}

pub struct World {
    pub app: TestApp,
    pub campaign: String,
    /// The platform's own webhook endpoint (of no organisation).
    pub platform_endpoint: String,
    pub a: Objects,
    pub b: Objects,
}

/// Every kind of caller the table has a column for (a reporter twice: unscoped and scoped).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caller {
    Platform,
    Operator,
    Association,
    EnterpriseAdmin,
    EnterpriseApp,
    Household,
    Supplier,
    Reporter,
    ScopedReporter,
}

impl Caller {
    pub const ALL: [Caller; 9] = [
        Caller::Platform,
        Caller::Operator,
        Caller::Association,
        Caller::EnterpriseAdmin,
        Caller::EnterpriseApp,
        Caller::Household,
        Caller::Supplier,
        Caller::Reporter,
        Caller::ScopedReporter,
    ];

    pub fn role(self) -> Role {
        match self {
            Caller::Platform => Role::PlatformAdmin,
            Caller::Operator => Role::Operator,
            Caller::Association => Role::AssociationAdmin,
            Caller::EnterpriseAdmin => Role::EnterpriseAdmin,
            Caller::EnterpriseApp => Role::EnterpriseApp,
            Caller::Household => Role::Household,
            Caller::Supplier => Role::Supplier,
            Caller::Reporter | Caller::ScopedReporter => Role::Reporter,
        }
    }
}

fn id_of(body: &Value, mutation: &str, field: &str) -> String {
    body["data"][mutation][field]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{mutation} did not create a {field}: {body}"))
        .to_owned()
}

pub fn month_start(months_back: u32) -> String {
    let today = chrono::Utc::now().date_naive();
    let first = today.with_day(1).unwrap_or(today);
    first
        .checked_sub_months(chrono::Months::new(months_back))
        .unwrap_or(first)
        .to_string()
}

pub fn day(offset: i64) -> String {
    (chrono::Utc::now() + TimeDelta::hours(8) + TimeDelta::days(offset))
        .date_naive()
        .to_string()
}

impl World {
    pub async fn build() -> World {
        // Hundreds of requests with one token: the rate limit is off. The clock moves for the
        // certification's notice period.
        let app = spawn_with(|c| {
            c.clock = Clock::shifted();
            c.limits.rate_limit_per_minute = 0;
            // The clock moves days while the world is built; its orders must not expire.
            c.orders.payment_window = TimeDelta::days(3650);
        })
        .await;
        let body = app.gql(&app.platform(), "mutation($i: CreateCampaignInput!) { createCampaign(input: $i) { campaign { id } userErrors { field code } } }", json!({ "i": { "name": "授权测试战役", "startsOn": day(-1000), "endsOn": day(400), "phases": [], "targets": [] } })).await;
        let campaign = id_of(&body, "createCampaign", "campaign");
        let platform_endpoint = app
            .gql(&app.platform(), CREATE_ENDPOINT, endpoint_input())
            .await;
        let platform_endpoint = id_of(
            &platform_endpoint,
            "createWebhookEndpoint",
            "webhookEndpoint",
        );
        let mut a = objects(&app, &campaign, "合肥", "340100", 1).await;
        let mut b = objects(&app, &campaign, "深圳", "440300", 2).await;
        // Orders last: the certifications above move the clock.
        for o in [&mut a, &mut b] {
            place_orders(&app, o).await;
            bulk(&app, o).await;
        }
        World {
            app,
            campaign,
            platform_endpoint,
            a,
            b,
        }
    }

    /// The webhook endpoint a caller would own on a side: its organisation's (the platform's
    /// own on side A, another's on side B); for callers that keep none, the enterprise's.
    pub fn endpoint(&self, caller: Caller, side: Side) -> String {
        let o = self.side(side);
        match (caller, side) {
            (Caller::Platform, Side::A) => self.platform_endpoint.clone(),
            (Caller::Association, _) => o.association_endpoint.clone(),
            (Caller::Supplier, _) => o.supplier_endpoint.clone(),
            _ => o.webhook_endpoint.clone(),
        }
    }

    pub fn side(&self, side: Side) -> &Objects {
        match side {
            Side::A => &self.a,
            Side::B => &self.b,
        }
    }

    /// The caller's token; every scoped caller belongs to side A.
    pub fn token(&self, caller: Caller) -> String {
        let app = &self.app;
        let a = &self.a;
        let org = |kind, id| Some(OrgRef { kind, id });
        match caller {
            Caller::Platform => app.platform(),
            Caller::Operator => app.token(Role::Operator, None, None),
            Caller::Association => app.association_admin(a.t.association),
            Caller::EnterpriseAdmin => app.enterprise_admin(a.t.enterprise),
            Caller::EnterpriseApp => app.enterprise_app(a.t.enterprise),
            Caller::Household => app.token(
                Role::Household,
                org(OrgKind::Enterprise, a.t.enterprise),
                Some(uuid_of(&json!(a.household))),
            ),
            Caller::Supplier => supplier_token(app, a.supplier),
            Caller::Reporter => app.token(Role::Reporter, None, None),
            Caller::ScopedReporter => app.token(
                Role::Reporter,
                org(OrgKind::Association, a.t.association),
                None,
            ),
        }
    }
}

const CREATE_ENDPOINT: &str = "mutation($i: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $i) { webhookEndpoint { id } userErrors { field code } } }";

fn endpoint_input() -> Value {
    json!({ "i": { "url": "http://127.0.0.1:9/hooks", "eventTypes": ["ENLISTMENT_CONFIRMED"] } })
}

/// One tenant with one object of every kind, and a supplier of its own.
async fn objects(app: &TestApp, campaign: &str, name: &str, city: &str, n: u32) -> Objects {
    let t = tenant(app, name, city).await;
    let project = gid("Project", t.project);
    let enterprise = gid("Enterprise", t.enterprise);
    let admin = app.enterprise_admin(t.enterprise);
    let apptoken = app.enterprise_app(t.enterprise);
    let association = app.association_admin(t.association);
    let household = |display: &str| json!({ "i": { "projectId": project, "externalUserId": format!("{name}-{display}"), "displayName": display, "phone": "13800138000" } });
    let create_household = "mutation($i: CreateHouseholdInput!) { createHousehold(input: $i) { household { id } userErrors { field code } } }";
    let free = app
        .gql(&apptoken, create_household, household("王芳"))
        .await;
    let captain = app
        .gql(&apptoken, create_household, household("李强"))
        .await;
    let captain = id_of(&captain, "createHousehold", "household");
    let team = app.gql(&apptoken, "mutation($i: CreateTeamInput!) { createTeam(input: $i) { team { id } userErrors { field code } } }", json!({ "i": { "projectId": project, "name": "先锋队", "captainId": captain } })).await;
    let credential = app.gql(&admin, "mutation($i: CreateApiCredentialInput!) { createApiCredential(input: $i) { apiCredential { id } userErrors { field code } } }", json!({ "i": { "name": "APP" } })).await;
    let enlistment = app.gql(&admin, "mutation($i: SaveEnterpriseEnlistmentInput!) { saveEnterpriseEnlistment(input: $i) { enlistment { id } userErrors { field code } } }", json!({ "i": { "campaignId": campaign, "form": {} } })).await;
    let fair = app.gql(&association, "mutation($i: CreateMarketFairInput!) { createMarketFair(input: $i) { marketFair { id } userErrors { field code } } }", json!({ "i": { "campaignId": campaign, "name": format!("{name}市集"), "address": "广场", "startsOn": day(1) } })).await;
    let event = app.gql(&admin, "mutation($i: ApplyForCommunityEventInput!) { applyForCommunityEvent(input: $i) { communityEvent { id } userErrors { field code } } }", json!({ "i": { "campaignId": campaign, "title": "品鉴会", "address": "会所", "startsOn": day(40), "tastingProducts": ["茶"], "expectedAttendance": 50 } })).await;
    let visit = app.gql(&admin, "mutation($i: CreateCountyVisitInput!) { createCountyVisit(input: $i) { countyVisit { id } userErrors { field code } } }", json!({ "i": { "campaignId": campaign, "countyCode": PINGWU, "startsOn": day(-1), "participantCount": 5, "ownerRepresentativeCount": 2, "selectedProducts": [{ "name": "高山绿茶" }] } })).await;
    let job = app.gql(&admin, "mutation($i: RecordEmploymentInput!) { recordEmployment(input: $i) { employment { id } userErrors { field code } } }", json!({ "i": { "campaignId": campaign, "countyCode": PINGWU, "role": "保洁员", "startsOn": day(-1), "personRef": format!("E{n}-0001") } })).await;
    let report = app.gql(&association, "mutation($i: FileProgressReportInput!) { fileProgressReport(input: $i) { progressReport { id } userErrors { field code } } }", json!({ "i": { "campaignId": campaign, "kind": "MONTHLY", "periodStart": month_start(0), "highlights": "启动" } })).await;
    let s = supplier(app, n).await;
    app.gql(&admin, "mutation($i: PairCountyInput!) { pairCounty(input: $i) { countyPairing { id } userErrors { field code } } }", json!({ "i": { "organisationId": enterprise, "regionCode": PINGWU, "kind": "DESIGNATED" } })).await;
    let active = active_product(app, s, &format!("{name}高山绿茶"), 8800).await;
    let certification = certify(app, s, &active).await;
    let mut drafts = Vec::new();
    for k in 0..3 {
        let body = app.gql(&supplier_token(app, s), "mutation($i: CreateProductInput!) { createProduct(input: $i) { product { id } userErrors { field code } } }", json!({ "i": { "name": format!("{name}草稿{k}"), "category": "TEA_AND_DRINKS", "unit": "罐", "netWeight": 250, "price": 100 } })).await;
        drafts.push(id_of(&body, "createProduct", "product"));
    }
    let store = "mutation($i: CreateStoreInput!) { createStore(input: $i) { store { id } userErrors { field code } } }";
    let zone = app
        .gql(
            &admin,
            store,
            json!({ "i": { "kind": "ZONE", "name": "专区", "projectIds": [project] } }),
        )
        .await;
    let zone = id_of(&zone, "createStore", "store");
    let hosted = app.gql(&app.token(Role::Operator, None, None), store, json!({ "i": { "enterpriseId": enterprise, "kind": "HOSTED", "name": "专馆", "projectIds": [project] } })).await;
    let listing = app.gql(&admin, "mutation($i: PutListingInput!) { putListing(input: $i) { listing { id } userErrors { field code } } }", json!({ "i": { "storeId": zone, "productId": active } })).await;
    let hosted = id_of(&hosted, "createStore", "store");
    let hosted_listing = app.gql(&app.token(Role::Operator, None, None), "mutation($i: PutListingInput!) { putListing(input: $i) { listing { id } userErrors { field code } } }", json!({ "i": { "storeId": hosted, "productId": active } })).await;
    let reported = app.gql(&admin, "mutation($i: ReportSalesInput!) { reportSales(input: $i) { rows { row { id } userErrors { field code } } userErrors { field code } } }", json!({ "i": { "rows": [{ "externalOrderId": format!("{name}-1"), "soldOn": day(0), "projectId": project, "productId": active, "quantity": 1, "grams": 500, "fen": 3000 }] } })).await;
    let reported_row = reported["data"]["reportSales"]["rows"][0]["row"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("a reported row: {reported}"))
        .to_owned();
    let webhook = app.gql(&admin, CREATE_ENDPOINT, endpoint_input()).await;
    let association_endpoint = app
        .gql(&association, CREATE_ENDPOINT, endpoint_input())
        .await;
    let supplier_endpoint = app
        .gql(&supplier_token(app, s), CREATE_ENDPOINT, endpoint_input())
        .await;
    Objects {
        association_endpoint: id_of(
            &association_endpoint,
            "createWebhookEndpoint",
            "webhookEndpoint",
        ),
        supplier_endpoint: id_of(
            &supplier_endpoint,
            "createWebhookEndpoint",
            "webhookEndpoint",
        ),
        webhook_endpoint: id_of(&webhook, "createWebhookEndpoint", "webhookEndpoint"),
        household: id_of(&free, "createHousehold", "household"),
        team: id_of(&team, "createTeam", "team"),
        credential: id_of(&credential, "createApiCredential", "apiCredential"),
        enlistment: id_of(&enlistment, "saveEnterpriseEnlistment", "enlistment"),
        fair: id_of(&fair, "createMarketFair", "marketFair"),
        event: id_of(&event, "applyForCommunityEvent", "communityEvent"),
        visit: id_of(&visit, "createCountyVisit", "countyVisit"),
        employment: id_of(&job, "recordEmployment", "employment"),
        report: id_of(&report, "fileProgressReport", "progressReport"),
        supplier: s,
        supplier_n: n,
        drafts,
        active,
        certification,
        zone,
        hosted,
        listing: id_of(&listing, "putListing", "listing"),
        hosted_listing: id_of(&hosted_listing, "putListing", "listing"),
        order: String::new(),
        paid: String::new(),
        occasion: String::new(),
        group_buy: String::new(),
        group_buy_item: String::new(),
        partner: String::new(),
        purchase_order: String::new(),
        reported_row,
        t,
    }
}

/// Two pickup orders of the side's `household` in its zone, placed by the APP; the second paid.
async fn place_orders(app: &TestApp, o: &mut Objects) {
    let company = app.enterprise_app(o.t.enterprise);
    let place = "mutation($i: PlaceOrderInput!) { placeOrder(input: $i) { order { id totalFen } userErrors { field code } } }";
    let mut ids = Vec::new();
    for key in ["world-1", "world-2"] {
        let body = app.gql(&company, place, json!({ "i": { "storeId": o.zone, "householdId": o.household, "lines": [{ "listingId": o.listing, "quantity": 1 }], "idempotencyKey": key } })).await;
        ids.push((
            id_of(&body, "placeOrder", "order"),
            body["data"]["placeOrder"]["order"]["totalFen"].clone(),
        ));
    }
    let (paid, total) = &ids[1];
    let body = app.gql(&company, "mutation($i: ConfirmPaymentInput!) { confirmPayment(input: $i) { order { paymentStatus } userErrors { field code } } }", json!({ "i": { "orderId": paid, "reference": "wx-world", "amount": total, "paidAt": chrono::Utc::now().to_rfc3339(), "idempotencyKey": "world-pay" } })).await;
    assert_eq!(
        body["data"]["confirmPayment"]["order"]["paymentStatus"], "PAID",
        "{body}"
    );
    o.order = ids[0].0.clone();
    o.paid = paid.clone();
}

/// The fields of a supplier as the fixture registered it (an update must keep its credit code).
pub fn supplier_fields(n: u32) -> Value {
    json!({ "name": format!("平武县第{n}合作社"), "kind": "COOPERATIVE", "uscc": uscc(n), "countyCode": PINGWU, "linkedPoorHouseholds": 30 })
}

/// The side's bulk buying: an occasion of its own, an open group buy of its zone's listing, a
/// partner company and a requested purchase order.
async fn bulk(app: &TestApp, o: &mut Objects) {
    let admin = app.enterprise_admin(o.t.enterprise);
    let occasion = app.gql(&admin, "mutation($i: CreateOccasionInput!) { createOccasion(input: $i) { occasion { id } userErrors { field code } } }", json!({ "i": { "kind": "OWNERS_FESTIVAL", "name": "业主节", "startsOn": day(10), "endsOn": day(11), "projectId": o.project() } })).await;
    o.occasion = id_of(&occasion, "createOccasion", "occasion");
    let group_buy = app.gql(&admin, "mutation($i: OpenGroupBuyInput!) { openGroupBuy(input: $i) { groupBuy { id items { id } } userErrors { field code } } }", json!({ "i": group_buy_input(app, &o.project(), &o.zone, &o.listing) })).await;
    o.group_buy = id_of(&group_buy, "openGroupBuy", "groupBuy");
    o.group_buy_item = group_buy["data"]["openGroupBuy"]["groupBuy"]["items"][0]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{group_buy}"))
        .to_owned();
    let partner = app.gql(&admin, "mutation($i: RegisterPartnerCompanyInput!) { registerPartnerCompany(input: $i) { partnerCompany { id } userErrors { field code } } }", json!({ "i": { "name": "合作企业", "uscc": uscc(100 + o.supplier_n), "kind": "LOGISTICS" } })).await;
    o.partner = id_of(&partner, "registerPartnerCompany", "partnerCompany");
    let order = app.gql(&admin, "mutation($i: CreatePurchaseOrderInput!) { createPurchaseOrder(input: $i) { purchaseOrder { id } userErrors { field code } } }", json!({ "i": { "purpose": "CANTEEN", "title": "食堂采购", "lines": [{ "productId": o.active, "quantity": 1, "unitPrice": 100 }], "deliveryProjectId": o.project() } })).await;
    o.purchase_order = id_of(&order, "createPurchaseOrder", "purchaseOrder");
}

/// A group buy of `listing` in `project`, closing a day after the app's (moved) clock.
pub fn group_buy_input(app: &TestApp, project: &str, store: &str, listing: &str) -> Value {
    let closes = app.running.state.clock.now() + TimeDelta::days(1);
    json!({ "projectId": project, "storeId": store, "title": "团购", "clubKind": "OWNERS", "items": [{ "listingId": listing, "groupPrice": 100 }], "minimumUnits": 1, "closesAt": closes.to_rfc3339() })
}
