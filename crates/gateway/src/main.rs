//! `yijin`: serve the API, migrate, seed a demo, export the schema, mint development tokens.

use std::time::Duration;

use anyhow::{Context, bail};
use clap::{Parser, Subcommand};
use gateway::config::{Config, Mode};
use kernel::{Actor, Clock, GlobalId, OrgKind, OrgRef, Role};

#[derive(Parser)]
#[command(
    name = "yijin",
    version,
    about = "一斤 (yijin): the GraphQL API of the 社区的力量 campaign"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the API (the default). Applies migrations first unless YIJIN_MIGRATE_ON_START=false.
    Serve,
    /// Apply pending migrations and exit.
    Migrate,
    /// Load demo data.
    Seed {
        /// The 社区的力量 demo: associations, enterprises, projects, households, teams.
        #[arg(long)]
        demo: bool,
    },
    /// Write the GraphQL schema (SDL).
    ExportSchema {
        /// Where to write it.
        #[arg(long, default_value = "schema.graphql")]
        path: String,
        /// Do not write; fail if the file differs from the schema.
        #[arg(long)]
        check: bool,
    },
    /// Build a realistic campaign into a fresh database (organisations, households, products,
    /// sealed ledger entries and their rollups), for benchmarks and demos.
    Generate {
        /// `general` (three phases, a Zipf over the cities) or `hefei` (the 2019-09 report:
        /// 合肥 first of 57 cities with 45 enterprises and about 46万斤, phase 1).
        #[arg(long, default_value = "general")]
        scenario: String,
        /// Ledger entries (sales lines).
        #[arg(long, default_value_t = 1_000_000)]
        entries: u64,
        #[arg(long, default_value_t = 1_000)]
        enterprises: usize,
        /// Projects (communities).
        #[arg(long, default_value_t = 10_000)]
        communities: usize,
        #[arg(long, default_value_t = 1_000_000)]
        households: usize,
        #[arg(long, default_value_t = 300)]
        suppliers: usize,
        #[arg(long, default_value_t = 57)]
        cities: usize,
        /// The random generator's seed: the same seed builds the same campaign.
        #[arg(long, default_value_t = 2019)]
        seed: u64,
        /// Also fill the rollups' seen-set, so live sales sealed later count each household
        /// once (about one row per rollup row and household: large).
        #[arg(long)]
        seen: bool,
    },
    /// Exit 0 if the server answers 200 at the URL (the container's HEALTHCHECK).
    Healthcheck {
        #[arg(long, default_value = "http://127.0.0.1:8080/healthz")]
        url: String,
    },
    /// The ledger (消费扶贫台账): verify it, seal what is queued, import reported sales.
    Ledger {
        #[command(subcommand)]
        command: LedgerCommand,
    },
    /// Print a signed token, for development and operators.
    MintToken {
        /// PLATFORM_ADMIN, OPERATOR, ASSOCIATION_ADMIN, ENTERPRISE_ADMIN, ENTERPRISE_APP,
        /// HOUSEHOLD, SUPPLIER or REPORTER.
        #[arg(long)]
        role: String,
        /// The organisation's global id, e.g. gid://yijin/Enterprise/<uuid>.
        #[arg(long)]
        org: Option<String>,
        /// For HOUSEHOLD: the household's global id.
        #[arg(long)]
        household: Option<String>,
        /// Lifetime: 30s, 15m, 1h, 7d.
        #[arg(long, default_value = "1h")]
        ttl: String,
        /// The subject (`sub`).
        #[arg(long, default_value = "cli")]
        subject: String,
    },
}

#[derive(Subcommand)]
enum LedgerCommand {
    /// Walk the seal chain and recompute every rollup from the raw entries; exit 1 if anything
    /// is broken or differs.
    Verify,
    /// Seal every queued entry now (the server's sealer does this on its own).
    Seal,
    /// Recompute every rollup (and the seen-set) from the sealed entries, in one transaction:
    /// once after an upgrade adds a rollup dimension. Stop the servers' sealers first.
    RebuildRollups {
        /// Leave the seen-set empty, as `generate` does without `--seen`: for a database that
        /// is only read (a benchmark's), where sales sealed later may count a household twice.
        /// On PostgreSQL the rollup tables are then loaded without their indexes, rebuilt after.
        #[arg(long)]
        no_seen: bool,
    },
    /// Import reported sales from CSV for an enterprise (streamed, 1,000 rows per
    /// transaction). Failed rows are listed on stderr with their line; re-running the fixed file
    /// adds only what was missing.
    Import {
        /// The CSV file: 外部订单号/externalOrderId, 行号/externalLine, 销售日期/soldOn,
        /// 项目/projectId, 产品/productId or 认定证书编号/certificateNo, 数量/quantity,
        /// 重量克/grams, 金额分/fen, 渠道/channel.
        file: std::path::PathBuf,
        /// The enterprise the sales are for: gid://yijin/Enterprise/<uuid>.
        #[arg(long)]
        enterprise: String,
    },
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match cli.command.unwrap_or(Command::Serve) {
        Command::ExportSchema { path, check } => export_schema(&path, check),
        Command::Healthcheck { url } => healthcheck(&url).await,
        command => {
            let config = Config::from_env()?;
            init_tracing(config.mode);
            run(command, config).await
        }
    }
}

async fn run(command: Command, config: Config) -> anyhow::Result<()> {
    match command {
        Command::Serve => serve(config).await,
        Command::Migrate => {
            let db = gateway::app::connect(&config).await?;
            gateway::app::migrate(&db).await?;
            println!(
                "migrations applied to {}",
                gateway::app::redact(&config.database_url)
            );
            Ok(())
        }
        Command::Seed { demo } => {
            if !demo {
                bail!("say what to seed: yijin seed --demo");
            }
            let db = gateway::app::connect(&config).await?;
            gateway::app::migrate(&db).await?;
            let seeded = demo::demo(&db).await?;
            if seeded.already {
                println!("the demo's organisations are already loaded");
            }
            if seeded.catalogue {
                println!(
                    "loaded the demo catalogue: poverty counties, suppliers, products, stores"
                );
            }
            for (name, id) in seeded.enterprise_ids {
                println!("{name}\t{}", GlobalId::new("Enterprise", id));
            }
            Ok(())
        }
        Command::Ledger { command } => ledger(command, &config).await,
        Command::Generate {
            scenario,
            entries,
            enterprises,
            communities,
            households,
            suppliers,
            cities,
            seed,
            seen,
        } => {
            let scenario = match scenario.as_str() {
                "general" => gateway::generate::Scenario::General,
                "hefei" => gateway::generate::Scenario::Hefei,
                other => bail!("unknown --scenario {other}: general or hefei"),
            };
            let options = gateway::generate::Options {
                scenario,
                cities,
                enterprises,
                communities,
                households,
                suppliers,
                entries,
                seed,
                seen,
            };
            let db = gateway::app::connect(&config).await?;
            gateway::app::migrate(&db).await?;
            let started = std::time::Instant::now();
            let done =
                gateway::generate::generate(&db, &options, |stage: &str, done: u64, total: u64| {
                    eprint!(
                        "\r\x1b[K{stage}: {done}/{total} ({:.0} s)",
                        started.elapsed().as_secs_f64()
                    );
                })
                .await?;
            eprintln!();
            println!(
                "{} cities, {} enterprises, {} communities, {} households, {} products; \
                 {} sealed entries, {} rollup rows; 合肥 {:.0} jin; {:.1} s",
                done.cities,
                done.enterprises,
                done.communities,
                done.households,
                done.products,
                done.entries,
                done.rollup_rows,
                done.hefei_grams as f64 / 500.0,
                done.seconds
            );
            Ok(())
        }
        Command::MintToken {
            role,
            org,
            household,
            ttl,
            subject,
        } => {
            let role: Role = role
                .parse()
                .map_err(|_| anyhow::anyhow!("unknown role {role}"))?;
            let org = org
                .map(|gid| {
                    let g = GlobalId::parse_any(&gid, &OrgKind::TYPE_NAMES).context(
                        "--org must be gid://yijin/Enterprise|Association|Supplier/<uuid>",
                    )?;
                    let kind = OrgKind::from_type_name(g.type_name)
                        .context("unknown organisation type")?;
                    anyhow::Ok(OrgRef { kind, id: g.id })
                })
                .transpose()?;
            let household = household
                .map(|gid| {
                    GlobalId::parse_as(&gid, "Household")
                        .context("--household must be gid://yijin/Household/<uuid>")
                })
                .transpose()?;
            let actor =
                Actor::new(subject, role, org, household).map_err(|e| anyhow::anyhow!("{e}"))?;
            let keys = gateway::auth::JwtKeys::new(&config.jwt);
            let token = keys
                .mint(&actor, parse_ttl(&ttl)?, &Clock::System)
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!("{token}");
            Ok(())
        }
        Command::ExportSchema { .. } | Command::Healthcheck { .. } => unreachable_command(),
    }
}

async fn ledger(command: LedgerCommand, config: &Config) -> anyhow::Result<()> {
    let db = gateway::app::connect(config).await?;
    gateway::app::migrate(&db).await?;
    match command {
        LedgerCommand::Verify => {
            let clean = gateway::ledger_cli::verify(&db, &mut std::io::stdout()).await?;
            if !clean {
                bail!("the ledger did not verify");
            }
            Ok(())
        }
        LedgerCommand::Seal => {
            let sealed = ledger::sealer::seal_all(&db, config.ledger.batch_size)
                .await
                .map_err(|e| anyhow::anyhow!("sealing failed: {e}"))?;
            println!("sealed {sealed} entries");
            Ok(())
        }
        LedgerCommand::RebuildRollups { no_seen } => {
            let started = std::time::Instant::now();
            let rows = gateway::generate::rollups(
                &db,
                !no_seen,
                &mut |stage: &str, done: u64, total: u64| {
                    eprint!(
                        "\r\x1b[K{stage}: {done}/{total} ({:.0} s)",
                        started.elapsed().as_secs_f64()
                    );
                },
            )
            .await
            .map_err(|e| anyhow::anyhow!("rebuilding the rollups failed: {e}"))?;
            eprintln!();
            println!(
                "{rows} rollup rows rebuilt from the sealed entries in {:.1} s",
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        LedgerCommand::Import { file, enterprise } => {
            let enterprise = GlobalId::parse_as(&enterprise, "Enterprise")
                .context("--enterprise must be gid://yijin/Enterprise/<uuid>")?;
            let input = std::fs::File::open(&file)
                .with_context(|| format!("cannot open {}", file.display()))?;
            let started = std::time::Instant::now();
            let done = gateway::ledger_cli::import(
                &db,
                &config.clock,
                "cli-import",
                enterprise,
                std::io::BufReader::new(input),
                &mut std::io::stderr(),
                |p| {
                    eprint!(
                        "\r{} rows: {} received, {} repeated, {} failed ({:.0} rows/s)",
                        p.rows,
                        p.received,
                        p.repeated,
                        p.failed,
                        p.rows as f64 / started.elapsed().as_secs_f64().max(0.001)
                    );
                },
            )
            .await?;
            eprintln!();
            println!(
                "{} rows: {} received, {} repeated, {} failed",
                done.rows, done.received, done.repeated, done.failed
            );
            Ok(())
        }
    }
}

fn unreachable_command() -> anyhow::Result<()> {
    bail!("export-schema and healthcheck run without configuration")
}

/// A plain HTTP/1.1 GET over TCP: the runtime image carries no curl.
async fn healthcheck(url: &str) -> anyhow::Result<()> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let rest = url
        .strip_prefix("http://")
        .context("--url must be http://host:port/path")?;
    let (host, path) = rest
        .split_once('/')
        .map_or((rest, "/".to_owned()), |(h, p)| (h, format!("/{p}")));
    let connect = tokio::net::TcpStream::connect(host);
    let mut stream = tokio::time::timeout(Duration::from_secs(3), connect)
        .await
        .context("timed out")??;
    stream
        .write_all(
            format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").as_bytes(),
        )
        .await?;
    let mut head = [0u8; 12];
    tokio::time::timeout(Duration::from_secs(3), stream.read_exact(&mut head))
        .await
        .context("timed out")??;
    if head.starts_with(b"HTTP/1.1 200") || head.starts_with(b"HTTP/1.0 200") {
        Ok(())
    } else {
        bail!("unhealthy: {}", String::from_utf8_lossy(&head))
    }
}

async fn serve(config: Config) -> anyhow::Result<()> {
    let mode = config.mode;
    let running = gateway::app::start(config).await?;
    let url = format!("http://{}/graphql", running.addr);
    tracing::info!(%url, "yijin is serving");
    if mode == Mode::Development {
        println!("yijin is serving GraphiQL at {url}");
        println!("get a token:  cargo run -q -- mint-token --role PLATFORM_ADMIN");
        println!("and send it as the header  Authorization: Bearer <token>");
    }
    let mut running = running;
    let served = (&mut running.task).await;
    running.stop_sealer().await;
    running.stop_webhook_worker().await;
    served.context("server task")?.context("server")?;
    Ok(())
}

fn export_schema(path: &str, check: bool) -> anyhow::Result<()> {
    let sdl = gateway::schema::sdl();
    if check {
        let current = std::fs::read_to_string(path).unwrap_or_default();
        if current != sdl {
            bail!("{path} is stale: run `cargo run -p gateway -- export-schema` and commit it");
        }
        return Ok(());
    }
    std::fs::write(path, sdl).with_context(|| format!("cannot write {path}"))?;
    println!("wrote {path}");
    Ok(())
}

fn parse_ttl(s: &str) -> anyhow::Result<Duration> {
    let s = s.trim();
    let (number, unit) = s.split_at(s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len()));
    let n: u64 = number
        .parse()
        .with_context(|| format!("bad --ttl {s}: use 30s, 15m, 1h or 7d"))?;
    let secs = match unit {
        "s" | "" => n,
        "m" => n * 60,
        "h" => n * 3600,
        "d" => n * 86_400,
        _ => bail!("bad --ttl unit in {s}: use s, m, h or d"),
    };
    Ok(Duration::from_secs(secs))
}

fn init_tracing(mode: Mode) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn,sea_orm=warn"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    if mode == Mode::Production {
        builder.json().init();
    } else {
        builder.init();
    }
}
