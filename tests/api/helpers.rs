#![expect(
    clippy::expect_used,
    reason = "a test helper that cannot set up must fail the test loudly"
)]

//! `spawn_app()`: the real server on port 0 against a fresh database (see
//! `testkit::db`: an SQLite file of its own, or a PostgreSQL database created for the
//! test when `TEST_DATABASE_URL` is set, dropped afterwards).

use std::net::SocketAddr;
use std::time::Duration;

use gateway::app::Running;
use gateway::config::Config;
use kernel::{Actor, Clock, OrgKind, OrgRef, Role};
use serde_json::{Value, json};
use testkit::db::TestDatabase;
use uuid::Uuid;

pub struct TestApp {
    pub addr: SocketAddr,
    pub running: Running,
    pub client: reqwest::Client,
    /// Dropped after the server task is aborted (field order), which removes the database.
    _database: TestDatabase,
}

pub async fn spawn_app() -> TestApp {
    spawn_with(|_| {}).await
}

/// A test app whose clock the test can move (`app.running.state.clock.advance(…)`): notice
/// periods end, certifications lapse, deadlines pass on a live server.
pub async fn spawn_shifted() -> TestApp {
    spawn_with(|c| c.clock = Clock::shifted()).await
}

/// A shifted-clock app whose DataLoaders gather keys for 25 ms: tests that count SQL
/// statements use it, so that a batch is never split because a debug build resolved a page
/// slower than the production default of 1 ms.
pub async fn spawn_counting() -> TestApp {
    spawn_with(|c| {
        c.clock = Clock::shifted();
        c.loader_delay = Duration::from_millis(25);
    })
    .await
}

pub async fn spawn_with(adjust: impl FnOnce(&mut Config)) -> TestApp {
    let database = testkit::db::fresh().await.expect("a fresh test database");
    let mut config = Config::for_tests(
        database.url.clone(),
        "a-test-secret-that-is-long-enough-0123456789",
    );
    adjust(&mut config);
    let running = gateway::app::start(config).await.expect("server starts");
    TestApp {
        addr: running.addr,
        running,
        client: reqwest::Client::builder()
            .timeout(Duration::from_secs(60))
            .build()
            .expect("client"),
        _database: database,
    }
}

pub struct SecondInstance(pub Running);

impl std::ops::Deref for SecondInstance {
    type Target = Running;
    fn deref(&self) -> &Running {
        &self.0
    }
}

impl Drop for SecondInstance {
    fn drop(&mut self) {
        self.0.task.abort();
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.running.task.abort();
    }
}

impl TestApp {
    /// The database this app runs on.
    pub fn database_url(&self) -> String {
        self._database.url.clone()
    }

    /// Another server on this app's database, as a second instance behind a load balancer
    /// would be (its own shelves, its own caches); stopped when the returned value is dropped.
    pub async fn second_instance(&self) -> SecondInstance {
        let mut config = Config::for_tests(
            self._database.url.clone(),
            "a-test-secret-that-is-long-enough-0123456789",
        );
        // The same clock (a shifted one moves both): two instances on one calendar.
        config.clock = self.running.state.clock.clone();
        SecondInstance(
            gateway::app::start(config)
                .await
                .expect("second server starts"),
        )
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub fn token(&self, role: Role, org: Option<OrgRef>, household: Option<Uuid>) -> String {
        let actor = Actor::new(format!("test-{}", role.as_str()), role, org, household)
            .expect("valid actor");
        self.running
            .state
            .keys
            .mint(&actor, Duration::from_secs(600), &Clock::System)
            .expect("mint")
    }

    pub fn platform(&self) -> String {
        self.token(Role::PlatformAdmin, None, None)
    }

    pub fn enterprise_admin(&self, enterprise: Uuid) -> String {
        self.token(
            Role::EnterpriseAdmin,
            Some(OrgRef {
                kind: OrgKind::Enterprise,
                id: enterprise,
            }),
            None,
        )
    }

    pub fn enterprise_app(&self, enterprise: Uuid) -> String {
        self.token(
            Role::EnterpriseApp,
            Some(OrgRef {
                kind: OrgKind::Enterprise,
                id: enterprise,
            }),
            None,
        )
    }

    pub fn association_admin(&self, association: Uuid) -> String {
        self.token(
            Role::AssociationAdmin,
            Some(OrgRef {
                kind: OrgKind::Association,
                id: association,
            }),
            None,
        )
    }

    /// POSTs a GraphQL request and returns the HTTP response.
    pub async fn post(
        &self,
        token: Option<&str>,
        query: &str,
        variables: Value,
    ) -> reqwest::Response {
        let mut request = self
            .client
            .post(self.url("/graphql"))
            .json(&json!({ "query": query, "variables": variables }));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send().await.expect("request sent")
    }

    /// POSTs a GraphQL request and returns its JSON body.
    pub async fn gql(&self, token: &str, query: &str, variables: Value) -> Value {
        self.post(Some(token), query, variables)
            .await
            .json()
            .await
            .expect("json body")
    }
}

/// The `extensions.code` of the first error.
pub fn error_code(body: &Value) -> Option<&str> {
    body["errors"][0]["extensions"]["code"].as_str()
}

/// A by-id field (or `node`) that names an object which does not exist or which the caller may
/// not see: the field is null and the response has no error, so it tells neither apart.
#[track_caller]
pub fn assert_hidden(body: &Value, field: &str) {
    assert!(body.get("errors").is_none(), "{field}: {body}");
    assert!(
        body["data"].get(field).is_some_and(Value::is_null),
        "{field} is not null: {body}"
    );
}

pub fn uuid_of(gid: &Value) -> Uuid {
    let s = gid.as_str().expect("a global id");
    Uuid::parse_str(s.rsplit('/').next().expect("gid")).expect("uuid in gid")
}

/// An association, an enterprise under it, and one project, created through the API.
pub struct Tenant {
    pub association: Uuid,
    pub enterprise: Uuid,
    pub project: Uuid,
}

pub async fn tenant(app: &TestApp, name: &str, city: &str) -> Tenant {
    let admin = app.platform();
    let body = app
        .gql(&admin, "mutation($i: CreateAssociationInput!) { createAssociation(input: $i) { association { id } userErrors { code } } }", json!({ "i": { "name": format!("{name}协会"), "regionCode": city } }))
        .await;
    let association = uuid_of(&body["data"]["createAssociation"]["association"]["id"]);
    let body = app
        .gql(&admin, "mutation($i: CreateEnterpriseInput!) { createEnterprise(input: $i) { enterprise { id } userErrors { code } } }", json!({ "i": { "name": format!("{name}物业"), "associationId": format!("gid://yijin/Association/{association}"), "allianceRegion": "EAST_CHINA", "leadPhone": "13800138001" } }))
        .await;
    let enterprise = uuid_of(&body["data"]["createEnterprise"]["enterprise"]["id"]);
    let body = app
        .gql(&app.enterprise_admin(enterprise), "mutation($i: CreateProjectInput!) { createProject(input: $i) { project { id } userErrors { field code } } }", json!({ "i": { "project": { "cityCode": city, "name": format!("{name}花园"), "propertyType": "RESIDENTIAL", "householdCount": 800, "contactName": "物业客服", "contactPhone": "13900139000" } } }))
        .await;
    let project = uuid_of(&body["data"]["createProject"]["project"]["id"]);
    Tenant {
        association,
        enterprise,
        project,
    }
}
