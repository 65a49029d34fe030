//! Configuration, read once from the environment in `main`. Every variable is documented here
//! and in the README; a bad value fails start-up with the variable's name.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, bail};
use secrecy::{ExposeSecret, SecretString};

/// The shortest JWT secret production accepts (HS256 wants at least 256 bits of key).
pub const MIN_SECRET_LEN: usize = 32;

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
    /// `YIJIN_REQUEST_TIMEOUT_MS`: per-request execution time. Default 15000.
    pub request_timeout: Duration,
    /// `YIJIN_MAX_DEPTH`: query depth. Default 12.
    pub max_depth: usize,
    /// `YIJIN_MAX_COMPLEXITY`: query cost (connections cost `first` × their selection).
    /// Default 10000.
    pub max_complexity: usize,
    /// `YIJIN_MAX_ALIASES`: aliased fields per document. Default 30.
    pub max_aliases: usize,
    /// `YIJIN_MAX_ROOT_FIELDS`: fields at the root of an operation. Default 20.
    pub max_root_fields: usize,
    /// `YIJIN_MAX_BATCH`: operations per HTTP request (batched JSON array). Default 5.
    pub max_batch: usize,
    /// `YIJIN_RATE_LIMIT_PER_MINUTE`: requests per credential (or client address when
    /// anonymous) per minute, with bursts up to a tenth of it. Default 1200; 0 turns it off.
    pub rate_limit_per_minute: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_body_bytes: 1024 * 1024,
            request_timeout: Duration::from_millis(15_000),
            max_depth: 12,
            max_complexity: 10_000,
            max_aliases: 30,
            max_root_fields: 20,
            max_batch: 5,
            rate_limit_per_minute: 1200,
        }
    }
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
        let secret = match (var("YIJIN_JWT_SECRET"), mode) {
            (Some(s), Mode::Production) if s.len() < MIN_SECRET_LEN => {
                bail!("YIJIN_JWT_SECRET must be at least {MIN_SECRET_LEN} bytes in production")
            }
            (Some(s), _) => SecretString::from(s),
            (None, Mode::Production) => bail!("YIJIN_JWT_SECRET is required in production"),
            (None, Mode::Development) => dev_secret(&data_dir, "dev-jwt-secret")?,
        };
        let pseudonym_key = match (var("YIJIN_PSEUDONYM_KEY"), mode) {
            (Some(s), Mode::Production) if s.len() < MIN_SECRET_LEN => {
                bail!("YIJIN_PSEUDONYM_KEY must be at least {MIN_SECRET_LEN} bytes in production")
            }
            (Some(s), _) => SecretString::from(s),
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
                    if mode == Mode::Production && secret.len() < MIN_SECRET_LEN {
                        bail!("YIJIN_JWT_PREVIOUS_KEYS: key {kid} is shorter than {MIN_SECRET_LEN} bytes");
                    }
                    Ok((kid.trim().to_owned(), SecretString::from(secret.trim().to_owned())))
                })
                .collect::<anyhow::Result<_>>()?,
        };
        let defaults = Limits::default();
        let limits = Limits {
            max_body_bytes: parsed("YIJIN_MAX_BODY_BYTES", defaults.max_body_bytes)?,
            request_timeout: Duration::from_millis(parsed("YIJIN_REQUEST_TIMEOUT_MS", 15_000u64)?),
            max_depth: parsed("YIJIN_MAX_DEPTH", defaults.max_depth)?,
            max_complexity: parsed("YIJIN_MAX_COMPLEXITY", defaults.max_complexity)?,
            max_aliases: parsed("YIJIN_MAX_ALIASES", defaults.max_aliases)?,
            max_root_fields: parsed("YIJIN_MAX_ROOT_FIELDS", defaults.max_root_fields)?,
            max_batch: parsed("YIJIN_MAX_BATCH", defaults.max_batch)?,
            rate_limit_per_minute: parsed(
                "YIJIN_RATE_LIMIT_PER_MINUTE",
                defaults.rate_limit_per_minute,
            )?,
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
            },
            limits,
            introspection: flag("YIJIN_INTROSPECTION", mode == Mode::Development)?,
            household_token_ttl: Duration::from_secs(parsed(
                "YIJIN_HOUSEHOLD_TOKEN_TTL_SECS",
                3600u64,
            )?),
            pseudonym_key,
            clock: kernel::Clock::System,
            loader_delay: Duration::from_millis(parsed("YIJIN_LOADER_DELAY_MS", 1u64)?),
            ledger: LedgerConfig {
                sealer: flag("YIJIN_LEDGER_SEALER", true)?,
                batch_size: parsed("YIJIN_LEDGER_BATCH", 500u64)?.max(1),
                poll_interval: Duration::from_millis(parsed("YIJIN_LEDGER_POLL_MS", 500u64)?),
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
            },
            limits: Limits::default(),
            introspection: true,
            household_token_ttl: Duration::from_secs(3600),
            pseudonym_key: SecretString::from(format!("pseudonyms-of-{secret}")),
            clock: kernel::Clock::System,
            loader_delay: Duration::from_millis(1),
            ledger: LedgerConfig::default(),
        }
    }
}

/// Development without a configured secret: one, generated once and kept under the data
/// directory, so that `serve` and `mint-token` agree across restarts (and pseudonyms stay
/// stable).
fn dev_secret(data_dir: &std::path::Path, file: &str) -> anyhow::Result<SecretString> {
    let path = data_dir.join(file);
    if let Ok(existing) = std::fs::read_to_string(&path) {
        let existing = existing.trim().to_owned();
        if existing.len() >= MIN_SECRET_LEN {
            return Ok(SecretString::from(existing));
        }
    }
    std::fs::create_dir_all(data_dir)
        .with_context(|| format!("cannot create data directory {}", data_dir.display()))?;
    let mut bytes = [0u8; 32];
    rand::RngCore::fill_bytes(&mut rand::rng(), &mut bytes);
    let secret = hex::encode(bytes);
    std::fs::write(&path, &secret).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(SecretString::from(secret))
}

/// Exposes a secret's bytes for the JWT library only.
pub fn secret_bytes(secret: &SecretString) -> &[u8] {
    secret.expose_secret().as_bytes()
}
