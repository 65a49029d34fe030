//! Configuration, read once from the environment in `main`. Every variable is documented here
//! and in the README; a bad value fails start-up with the variable's name.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, bail};
use secrecy::SecretString;

use crate::document::DocumentLimits;

mod secrets;

pub use secrets::{MIN_SECRET_LEN, TokenLifetimes, check_strength, secret_bytes};
use secrets::{check_distinct, dev_secret};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Development,
    Production,
}

#[derive(Debug, Clone)]
pub struct Config {
    /// `YIJIN_ENV`: `development` (default) or `production`.
    pub mode: Mode,
    /// `YIJIN_ADDR`: where `serve` listens. Default `127.0.0.1:8080`.
    pub addr: SocketAddr,
    /// `DATABASE_URL`: `sqlite://…` or `postgres://…`. Default `sqlite://<data dir>/yijin.db`.
    pub database_url: String,
    /// `YIJIN_DB_MAX_CONNECTIONS`: pool size. Default 10.
    pub db_max_connections: u32,
    /// `YIJIN_DATA_DIR`: local state (SQLite file, dev JWT secret). Default `./data`.
    pub data_dir: PathBuf,
    /// `YIJIN_MIGRATE_ON_START`: apply migrations when `serve` starts. Default true.
    pub migrate_on_start: bool,
    pub jwt: JwtConfig,
    pub limits: Limits,
    pub transport: Transport,
    /// `YIJIN_INTROSPECTION`: allow schema introspection and field suggestions. Default true
    /// in development, false in production.
    pub introspection: bool,
    /// `YIJIN_HOUSEHOLD_TOKEN_TTL_SECS`: lifetime of tokens issued to residents. Default 3600.
    pub household_token_ttl: Duration,
    /// `YIJIN_PSEUDONYM_KEY`: the key of the keyed hash that turns a registered poor household's
    /// identifier into a pseudonymous reference. It must never change once references exist
    /// (the same household would count twice). Generated once under the data directory in
    /// development; production refuses to start without one of 32+ bytes.
    pub pseudonym_key: SecretString,
    /// Not from the environment: the system clock, which tests replace with a shifted one.
    pub clock: kernel::Clock,
    /// `YIJIN_LOADER_DELAY_MS`: how long a DataLoader gathers keys before it runs one batch.
    /// Default 1 ms. Keys that arrive later go into a further batch, so a slow (debug) build
    /// may split a batch in two; tests that count statements raise it to make batching
    /// independent of build speed.
    pub loader_delay: Duration,
    pub ledger: LedgerConfig,
    pub webhooks: WebhookConfig,
    pub orders: OrdersConfig,
    /// `YIJIN_CERTIFICATION_EXPIRY_SCAN_SECS`: how often the scan that sends
    /// `certification.expiring` (30 days before a certification's valid-to) runs; it runs once
    /// at start too, and sends each notice once whatever the interval. Default 86400 (daily).
    pub certification_expiry_scan: Duration,
    pub shelves: ShelvesConfig,
}

/// The catalogue's in-memory shelves (see `crate::shelves`).
#[derive(Debug, Clone)]
pub struct ShelvesConfig {
    /// `YIJIN_SHELF_CHECK_MS`: how long the catalogue's version, once read, is trusted while
    /// this process commits nothing: the longest another instance's write takes to show here.
    /// Default 250; 0 reads it on every catalogue request.
    pub check_every: Duration,
    /// `YIJIN_SHELF_CAPACITY`: listings held in memory at most, over all shelves; the shelves
    /// used longest ago are dropped first. Default 200000 (about 200 MB at most); 0 disables
    /// the shelves (every page is read from the database).
    pub capacity: usize,
}

impl Default for ShelvesConfig {
    fn default() -> Self {
        Self {
            check_every: Duration::from_millis(250),
            capacity: 200_000,
        }
    }
}

/// Orders (see the `orders` crate).
#[derive(Debug, Clone)]
pub struct OrdersConfig {
    /// `YIJIN_ORDER_PAYMENT_MINUTES`: how long a placed order waits for its payment before it
    /// expires and its stock is released. Default 30.
    pub payment_window: chrono::TimeDelta,
    /// `YIJIN_ORDER_SWEEP_SECS`: how often the background task expires unpaid orders past their
    /// time (requests that touch such an order expire it at once anyway). Default 30.
    pub sweep_interval: Duration,
}

impl Default for OrdersConfig {
    fn default() -> Self {
        Self {
            payment_window: orders::place::DEFAULT_PAYMENT_WINDOW,
            sweep_interval: Duration::from_secs(30),
        }
    }
}

/// Webhook delivery (see the `webhooks` crate and `crate::webhooks`).
#[derive(Clone)]
pub struct WebhookConfig {
    /// `YIJIN_WEBHOOK_KEY`: the passphrase (32+ bytes) that seals endpoints' signing secrets at
    /// rest. Changing it makes stored secrets unusable (rotate every endpoint's secret after).
    /// Generated once under the data directory in development; production refuses to start
    /// without one, and it must differ from the JWT and pseudonym keys.
    pub key: SecretString,
    /// `YIJIN_WEBHOOK_WORKER`: run the delivery worker in this instance. Default true. Any
    /// number of instances may run one: attempts are claimed under a lease.
    pub worker: bool,
    /// `YIJIN_WEBHOOK_TIMEOUT_MS`: how long a receiver has to answer. Default 10000.
    pub timeout: Duration,
    /// `YIJIN_WEBHOOK_RETRY_DELAYS_MS`: comma-separated delays before each retry. Default 5 s,
    /// 30 s, 2 min, 10 min, 30 min, 1 h, 2 h, 4 h, 8 h, 12 h (about 27.7 hours in all), each
    /// with ±10 % jitter; after the last the attempt is given up and the endpoint disabled.
    pub schedule: webhooks::Schedule,
    /// `YIJIN_WEBHOOK_BATCH`: attempts one worker claims (and sends concurrently) at a time.
    /// Default 64.
    pub batch: u64,
    /// `YIJIN_WEBHOOK_POLL_MS`: how often an idle worker looks for work. Default 250.
    pub poll_interval: Duration,
}

impl std::fmt::Debug for WebhookConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebhookConfig")
            .field("worker", &self.worker)
            .field("timeout", &self.timeout)
            .field("schedule", &self.schedule)
            .field("batch", &self.batch)
            .field("poll_interval", &self.poll_interval)
            .finish_non_exhaustive()
    }
}

impl WebhookConfig {
    /// Defaults around a given key (tests and tools).
    pub fn with_key(key: SecretString) -> Self {
        Self {
            key,
            worker: true,
            timeout: Duration::from_secs(10),
            schedule: webhooks::Schedule::default(),
            batch: 64,
            poll_interval: Duration::from_millis(250),
        }
    }

    /// How long a claim lasts: the batch is sent concurrently, so one timeout plus room to
    /// record the answers. A worker that dies leaves its claims to others after this.
    pub fn lease(&self) -> Duration {
        self.timeout * 2 + Duration::from_secs(5)
    }

    /// The key that seals and opens endpoint secrets.
    pub fn sealing_key(&self) -> webhooks::SecretKey {
        webhooks::SecretKey::from_passphrase(
            secrecy::ExposeSecret::expose_secret(&self.key).as_bytes(),
        )
    }
}

fn retry_delays(name: &str) -> anyhow::Result<webhooks::Schedule> {
    match var(name) {
        None => Ok(webhooks::Schedule::default()),
        Some(list) => {
            let delays = list
                .split(',')
                .map(|d| {
                    d.trim()
                        .parse::<u64>()
                        .map(Duration::from_millis)
                        .map_err(|e| anyhow::anyhow!("{name}: {d:?} is not a number of ms: {e}"))
                })
                .collect::<anyhow::Result<Vec<_>>>()?;
            if delays.is_empty() {
                bail!("{name} names no delay");
            }
            Ok(webhooks::Schedule { delays })
        }
    }
}

/// The ledger's sealer (see `ledger::sealer`).
#[derive(Debug, Clone)]
pub struct LedgerConfig {
    /// `YIJIN_LEDGER_SEALER`: run the sealer in this instance. Default true. On PostgreSQL every
    /// instance may run one: one seals, the others stand by.
    pub sealer: bool,
    /// `YIJIN_LEDGER_BATCH`: entries sealed per transaction. Default 500.
    pub batch_size: u64,
    /// `YIJIN_LEDGER_POLL_MS`: how often the sealer looks at its queue without being woken.
    /// Default 500.
    pub poll_interval: Duration,
}

impl Default for LedgerConfig {
    fn default() -> Self {
        Self {
            sealer: true,
            batch_size: 500,
            poll_interval: Duration::from_millis(500),
        }
    }
}

#[derive(Clone)]
pub struct JwtConfig {
    /// `YIJIN_JWT_SECRET`: the HS256 signing key. In development, generated once under the data
    /// directory when unset; production refuses to start without one of 32+ bytes.
    pub secret: SecretString,
    /// `YIJIN_JWT_KID`: the key id put in tokens this server signs. Default `k1`.
    pub kid: String,
    /// `YIJIN_JWT_PREVIOUS_KEYS`: `kid:secret,kid:secret` keys still accepted while tokens
    /// signed with them live out (key rotation).
    pub previous: Vec<(String, SecretString)>,
    /// `YIJIN_JWT_ISSUER`: required `iss`. Default `yijin`.
    pub issuer: String,
    /// `YIJIN_JWT_AUDIENCE`: required `aud`. Default `yijin-api`.
    pub audience: String,
    /// `YIJIN_MAX_TOKEN_TTL_SECS_<ROLE>`: the longest a token of each role may live; longer
    /// tokens are refused whatever their `exp` says.
    pub lifetimes: TokenLifetimes,
}

impl std::fmt::Debug for JwtConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JwtConfig")
            .field("kid", &self.kid)
            .field(
                "previous_kids",
                &self.previous.iter().map(|(k, _)| k).collect::<Vec<_>>(),
            )
            .field("issuer", &self.issuer)
            .field("audience", &self.audience)
            .finish_non_exhaustive()
    }
}

/// Request limits, all on by default.
#[derive(Debug, Clone)]
pub struct Limits {
    /// `YIJIN_MAX_BODY_BYTES`: request body size, enforced before parsing. Default 1 MiB.
    pub max_body_bytes: usize,
    /// `YIJIN_REQUEST_TIMEOUT_MS`: per-request time, from the first byte of the body to the
    /// response (reading the body, checking, validating and executing). Default 15000.
    pub request_timeout: Duration,
    /// `YIJIN_MAX_BATCH`: operations per HTTP request (batched JSON array). Default 5.
    pub max_batch: usize,
    /// `YIJIN_RATE_LIMIT_PER_MINUTE`: requests per credential (or client address when
    /// anonymous or when authentication fails) per minute, with bursts up to a tenth of it.
    /// Default 1200; 0 turns it off.
    pub rate_limit_per_minute: u32,
    /// Documents of authenticated callers: `YIJIN_MAX_QUERY_BYTES` (65536), `YIJIN_MAX_TOKENS`
    /// (12000), `YIJIN_MAX_DEPTH` (12), `YIJIN_MAX_FIELDS` (4000, fields once fragments are
    /// inlined), `YIJIN_MAX_ALIASES` (30), `YIJIN_MAX_ROOT_FIELDS` (20),
    /// `YIJIN_MAX_COMPLEXITY` (10000), `YIJIN_MAX_DIRECTIVES` (10).
    pub document: DocumentLimits,
    /// Documents of callers without a token: the same variables with `YIJIN_ANONYMOUS_`
    /// instead of `YIJIN_` (defaults 8192, 2000, 12, 400, 10, 10, 1000, 4).
    pub anonymous_document: DocumentLimits,
    /// `YIJIN_MAX_BEARER_BYTES`: the longest `Authorization` header value read. Default 4096.
    pub max_bearer_bytes: usize,
    /// `YIJIN_MAX_EXECUTING`: GraphQL requests over HTTP executing at once; the rest wait for
    /// a place under their own deadline ([`crate::admission`]). Default 32.
    pub max_executing: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_body_bytes: 1024 * 1024,
            request_timeout: Duration::from_millis(15_000),
            max_batch: 5,
            rate_limit_per_minute: 1200,
            document: DocumentLimits::authenticated(),
            anonymous_document: DocumentLimits::anonymous(),
            max_bearer_bytes: 4096,
            max_executing: 32,
        }
    }
}

/// How connections are held: timeouts and caps that keep one client from exhausting the
/// server's sockets.
#[derive(Debug, Clone)]
pub struct Transport {
    /// `YIJIN_HEADER_READ_TIMEOUT_MS`: time for a client to send a request's headers, and how
    /// long an idle keep-alive connection is kept. Default 10000.
    pub header_read_timeout: Duration,
    /// `YIJIN_BODY_READ_TIMEOUT_MS`: time to receive a request body. Default 10000.
    pub body_read_timeout: Duration,
    /// `YIJIN_MAX_CONNECTIONS`: open connections in all. Default 10000 (keep it under the
    /// process's file-descriptor limit).
    pub max_connections: usize,
    /// `YIJIN_MAX_CONNECTIONS_PER_IP`: open connections from one client address. Default 512;
    /// raise it behind a load balancer that connects from few addresses.
    pub max_connections_per_ip: usize,
    /// `YIJIN_MAX_HEADER_BYTES`: request line and headers together. Default 16384.
    pub max_header_bytes: usize,
    /// `YIJIN_WS_IDLE_TIMEOUT_MS`: a WebSocket on which the client sends nothing (no
    /// operation, no ping) for this long is closed. Default 300000.
    pub ws_idle_timeout: Duration,
    /// `YIJIN_SHUTDOWN_GRACE_MS`: after SIGTERM, how long requests in flight may finish before
    /// the server exits anyway. Default 10000.
    pub shutdown_grace: Duration,
}

impl Default for Transport {
    fn default() -> Self {
        Self {
            header_read_timeout: Duration::from_secs(10),
            body_read_timeout: Duration::from_secs(10),
            max_connections: 10_000,
            max_connections_per_ip: 512,
            max_header_bytes: 16 * 1024,
            ws_idle_timeout: Duration::from_secs(300),
            shutdown_grace: Duration::from_secs(10),
        }
    }
}

fn document_limits(prefix: &str, defaults: DocumentLimits) -> anyhow::Result<DocumentLimits> {
    let name = |n: &str| format!("{prefix}{n}");
    Ok(DocumentLimits {
        max_query_bytes: parsed(&name("MAX_QUERY_BYTES"), defaults.max_query_bytes)?,
        max_tokens: parsed(&name("MAX_TOKENS"), defaults.max_tokens)?,
        max_depth: parsed(&name("MAX_DEPTH"), defaults.max_depth)?,
        max_fields: parsed(&name("MAX_FIELDS"), defaults.max_fields)?,
        max_aliases: parsed(&name("MAX_ALIASES"), defaults.max_aliases)?,
        max_root_fields: parsed(&name("MAX_ROOT_FIELDS"), defaults.max_root_fields)?,
        max_complexity: parsed(&name("MAX_COMPLEXITY"), defaults.max_complexity)?,
        max_directives: parsed(&name("MAX_DIRECTIVES"), defaults.max_directives)?,
    })
}

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

fn parsed<T: std::str::FromStr>(name: &str, default: T) -> anyhow::Result<T>
where
    T::Err: std::fmt::Display,
{
    match var(name) {
        None => Ok(default),
        Some(v) => v
            .trim()
            .parse()
            .map_err(|e| anyhow::anyhow!("{name}={v:?} is not valid: {e}")),
    }
}

fn millis(name: &str, default: Duration) -> anyhow::Result<Duration> {
    let default = u64::try_from(default.as_millis()).unwrap_or(u64::MAX);
    Ok(Duration::from_millis(parsed(name, default)?))
}

fn flag(name: &str, default: bool) -> anyhow::Result<bool> {
    match var(name).as_deref().map(str::to_ascii_lowercase).as_deref() {
        None => Ok(default),
        Some("1" | "true" | "yes" | "on") => Ok(true),
        Some("0" | "false" | "no" | "off") => Ok(false),
        Some(other) => bail!("{name}={other:?} is not a boolean (true/false)"),
    }
}

impl Config {
    pub fn from_env() -> anyhow::Result<Self> {
        let mode = match var("YIJIN_ENV").as_deref() {
            None | Some("development" | "dev") => Mode::Development,
            Some("production" | "prod") => Mode::Production,
            Some(other) => bail!("YIJIN_ENV={other:?}: use development or production"),
        };
        let data_dir = PathBuf::from(var("YIJIN_DATA_DIR").unwrap_or_else(|| "./data".into()));
        let database_url = var("DATABASE_URL")
            .unwrap_or_else(|| format!("sqlite://{}", data_dir.join("yijin.db").display()));
        // A configured secret must be strong in every mode: a weak development secret is a
        // platform-admin token for anyone who guesses it on a reachable machine.
        let secret = match (var("YIJIN_JWT_SECRET"), mode) {
            (Some(s), _) => {
                check_strength("YIJIN_JWT_SECRET", &s)?;
                SecretString::from(s)
            }
            (None, Mode::Production) => bail!("YIJIN_JWT_SECRET is required in production"),
            (None, Mode::Development) => dev_secret(&data_dir, "dev-jwt-secret")?,
        };
        let pseudonym_key = match (var("YIJIN_PSEUDONYM_KEY"), mode) {
            (Some(s), _) => {
                check_strength("YIJIN_PSEUDONYM_KEY", &s)?;
                SecretString::from(s)
            }
            (None, Mode::Production) => bail!("YIJIN_PSEUDONYM_KEY is required in production"),
            (None, Mode::Development) => dev_secret(&data_dir, "dev-pseudonym-key")?,
        };
        let previous = match var("YIJIN_JWT_PREVIOUS_KEYS") {
            None => Vec::new(),
            Some(list) => list
                .split(',')
                .map(|pair| {
                    let (kid, secret) = pair
                        .split_once(':')
                        .context("YIJIN_JWT_PREVIOUS_KEYS entries are kid:secret")?;
                    check_strength(
                        &format!("YIJIN_JWT_PREVIOUS_KEYS key {}", kid.trim()),
                        secret.trim(),
                    )?;
                    Ok((
                        kid.trim().to_owned(),
                        SecretString::from(secret.trim().to_owned()),
                    ))
                })
                .collect::<anyhow::Result<_>>()?,
        };
        let signing: Vec<&SecretString> = std::iter::once(&secret)
            .chain(previous.iter().map(|(_, s)| s))
            .collect();
        check_distinct(&pseudonym_key, &signing)?;
        let webhook_key = match (var("YIJIN_WEBHOOK_KEY"), mode) {
            (Some(s), _) => {
                check_strength("YIJIN_WEBHOOK_KEY", &s)?;
                SecretString::from(s)
            }
            (None, Mode::Production) => bail!("YIJIN_WEBHOOK_KEY is required in production"),
            (None, Mode::Development) => dev_secret(&data_dir, "dev-webhook-key")?,
        };
        {
            let mut others = signing.clone();
            others.push(&pseudonym_key);
            if others.iter().any(|k| {
                secrecy::ExposeSecret::expose_secret(*k)
                    == secrecy::ExposeSecret::expose_secret(&webhook_key)
            }) {
                bail!("YIJIN_WEBHOOK_KEY must differ from the JWT and pseudonym keys");
            }
        }
        let lifetimes = TokenLifetimes::from_env()?;
        let household_token_ttl =
            Duration::from_secs(parsed("YIJIN_HOUSEHOLD_TOKEN_TTL_SECS", 3600u64)?);
        if household_token_ttl > lifetimes.max_for(kernel::Role::Household) {
            bail!(
                "YIJIN_HOUSEHOLD_TOKEN_TTL_SECS is longer than YIJIN_MAX_TOKEN_TTL_SECS_HOUSEHOLD ({} s)",
                lifetimes.max_for(kernel::Role::Household).as_secs()
            );
        }
        let defaults = Limits::default();
        let limits = Limits {
            max_body_bytes: parsed("YIJIN_MAX_BODY_BYTES", defaults.max_body_bytes)?,
            request_timeout: millis("YIJIN_REQUEST_TIMEOUT_MS", defaults.request_timeout)?,
            max_batch: parsed("YIJIN_MAX_BATCH", defaults.max_batch)?,
            rate_limit_per_minute: parsed(
                "YIJIN_RATE_LIMIT_PER_MINUTE",
                defaults.rate_limit_per_minute,
            )?,
            document: document_limits("YIJIN_", defaults.document)?,
            anonymous_document: document_limits("YIJIN_ANONYMOUS_", defaults.anonymous_document)?,
            max_bearer_bytes: parsed("YIJIN_MAX_BEARER_BYTES", defaults.max_bearer_bytes)?,
            max_executing: parsed("YIJIN_MAX_EXECUTING", defaults.max_executing)?.max(1),
        };
        let transport_defaults = Transport::default();
        let transport = Transport {
            header_read_timeout: millis(
                "YIJIN_HEADER_READ_TIMEOUT_MS",
                transport_defaults.header_read_timeout,
            )?,
            body_read_timeout: millis(
                "YIJIN_BODY_READ_TIMEOUT_MS",
                transport_defaults.body_read_timeout,
            )?,
            max_connections: parsed("YIJIN_MAX_CONNECTIONS", transport_defaults.max_connections)?,
            max_connections_per_ip: parsed(
                "YIJIN_MAX_CONNECTIONS_PER_IP",
                transport_defaults.max_connections_per_ip,
            )?,
            max_header_bytes: parsed(
                "YIJIN_MAX_HEADER_BYTES",
                transport_defaults.max_header_bytes,
            )?,
            ws_idle_timeout: millis(
                "YIJIN_WS_IDLE_TIMEOUT_MS",
                transport_defaults.ws_idle_timeout,
            )?,
            shutdown_grace: millis("YIJIN_SHUTDOWN_GRACE_MS", transport_defaults.shutdown_grace)?,
        };
        Ok(Self {
            mode,
            addr: parsed("YIJIN_ADDR", SocketAddr::from(([127, 0, 0, 1], 8080)))?,
            database_url,
            db_max_connections: parsed("YIJIN_DB_MAX_CONNECTIONS", 10)?,
            data_dir,
            migrate_on_start: flag("YIJIN_MIGRATE_ON_START", true)?,
            jwt: JwtConfig {
                secret,
                kid: var("YIJIN_JWT_KID").unwrap_or_else(|| "k1".into()),
                previous,
                issuer: var("YIJIN_JWT_ISSUER").unwrap_or_else(|| "yijin".into()),
                audience: var("YIJIN_JWT_AUDIENCE").unwrap_or_else(|| "yijin-api".into()),
                lifetimes,
            },
            limits,
            transport,
            introspection: flag("YIJIN_INTROSPECTION", mode == Mode::Development)?,
            household_token_ttl,
            pseudonym_key,
            clock: kernel::Clock::System,
            loader_delay: Duration::from_millis(parsed("YIJIN_LOADER_DELAY_MS", 1u64)?),
            ledger: LedgerConfig {
                sealer: flag("YIJIN_LEDGER_SEALER", true)?,
                batch_size: parsed("YIJIN_LEDGER_BATCH", 500u64)?.max(1),
                poll_interval: Duration::from_millis(parsed("YIJIN_LEDGER_POLL_MS", 500u64)?),
            },
            webhooks: WebhookConfig {
                key: webhook_key,
                worker: flag("YIJIN_WEBHOOK_WORKER", true)?,
                timeout: Duration::from_millis(parsed("YIJIN_WEBHOOK_TIMEOUT_MS", 10_000u64)?),
                schedule: retry_delays("YIJIN_WEBHOOK_RETRY_DELAYS_MS")?,
                batch: parsed("YIJIN_WEBHOOK_BATCH", 64u64)?.max(1),
                poll_interval: Duration::from_millis(parsed("YIJIN_WEBHOOK_POLL_MS", 250u64)?),
            },
            orders: OrdersConfig {
                payment_window: chrono::TimeDelta::minutes(
                    parsed("YIJIN_ORDER_PAYMENT_MINUTES", 30i64)?.clamp(1, 7 * 24 * 60),
                ),
                sweep_interval: Duration::from_secs(
                    parsed("YIJIN_ORDER_SWEEP_SECS", 30u64)?.max(1),
                ),
            },
            certification_expiry_scan: Duration::from_secs(
                parsed("YIJIN_CERTIFICATION_EXPIRY_SCAN_SECS", 86_400u64)?.max(1),
            ),
            shelves: ShelvesConfig {
                check_every: Duration::from_millis(parsed("YIJIN_SHELF_CHECK_MS", 250u64)?),
                capacity: parsed("YIJIN_SHELF_CAPACITY", 200_000usize)?,
            },
        })
    }

    /// A configuration for tests and tools: development mode, the given database and secret.
    pub fn for_tests(database_url: String, secret: &str) -> Self {
        Self {
            mode: Mode::Development,
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            database_url,
            db_max_connections: 5,
            data_dir: std::env::temp_dir(),
            migrate_on_start: true,
            jwt: JwtConfig {
                secret: SecretString::from(secret.to_owned()),
                kid: "k1".into(),
                previous: Vec::new(),
                issuer: "yijin".into(),
                audience: "yijin-api".into(),
                lifetimes: TokenLifetimes::default(),
            },
            limits: Limits::default(),
            transport: Transport::default(),
            introspection: true,
            household_token_ttl: Duration::from_secs(3600),
            pseudonym_key: SecretString::from(format!("pseudonyms-of-{secret}")),
            clock: kernel::Clock::System,
            loader_delay: Duration::from_millis(1),
            ledger: LedgerConfig::default(),
            webhooks: WebhookConfig::with_key(SecretString::from(format!(
                "webhook-secrets-of-{secret}"
            ))),
            orders: OrdersConfig::default(),
            certification_expiry_scan: Duration::from_secs(86_400),
            shelves: ShelvesConfig::default(),
        }
    }

    /// Which endpoint URLs are allowed: production's rules outside development.
    pub fn webhook_policy(&self) -> webhooks::address::Policy {
        match self.mode {
            Mode::Production => webhooks::address::Policy::Production,
            Mode::Development => webhooks::address::Policy::Development,
        }
    }
}
