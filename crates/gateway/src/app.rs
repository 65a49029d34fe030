//! Starting the server: connect, migrate, build the schema, bind, serve until shutdown.

use std::net::SocketAddr;

use anyhow::Context;
use migrations::{Migrator, MigratorTrait};
use sea_orm::DatabaseConnection;
use tokio::net::TcpListener;

use crate::config::Config;
use crate::state::AppState;

pub async fn connect(config: &Config) -> anyhow::Result<DatabaseConnection> {
    kernel::db::connect(&config.database_url, config.db_max_connections)
        .await
        .with_context(|| {
            format!(
                "cannot open the database at {}",
                redact(&config.database_url)
            )
        })
}

pub async fn migrate(db: &DatabaseConnection) -> anyhow::Result<()> {
    Migrator::up(db, None).await.context("migrations failed")
}

/// A running server: its address, the task serving it, and the ledger's sealer (stopped when
/// this is dropped, or cleanly with [`Running::stop_sealer`]).
pub struct Running {
    pub addr: SocketAddr,
    pub state: AppState,
    pub task: tokio::task::JoinHandle<std::io::Result<()>>,
    pub sealer: Option<ledger::SealerHandle>,
    pub webhook_worker: Option<crate::webhooks::WorkerHandle>,
    /// The order expiry sweep (`orders::expiry`), aborted when this is dropped.
    pub order_expiry: OrderExpiry,
    /// The group-buy closing sweep (`procurement::groupbuy::close`), aborted when dropped.
    pub group_buy_closing: OrderExpiry,
    /// The scan that sends `certification.expiring` (`products::expiring`), aborted when this
    /// is dropped.
    pub certification_expiry: OrderExpiry,
}

/// A periodic background task (the order expiry sweep, the group-buy closing sweep, the
/// certification expiry scan); it stops with the server.
pub struct OrderExpiry(tokio::task::JoinHandle<()>);

impl Drop for OrderExpiry {
    fn drop(&mut self) {
        self.0.abort();
    }
}

impl Running {
    /// Stops the sealer after the batch in hand, releasing its lock.
    pub async fn stop_sealer(&mut self) {
        if let Some(sealer) = self.sealer.take() {
            sealer.stop().await;
        }
    }

    /// Stops the webhook worker after the batch in hand.
    pub async fn stop_webhook_worker(&mut self) {
        if let Some(worker) = self.webhook_worker.take() {
            worker.stop().await;
        }
    }
}

/// Connects, migrates (unless turned off), binds `config.addr` and serves in the background.
pub async fn start(config: Config) -> anyhow::Result<Running> {
    let db = connect(&config).await?;
    if config.migrate_on_start {
        migrate(&db).await?;
    }
    let listener = TcpListener::bind(config.addr)
        .await
        .with_context(|| format!("cannot listen on {} (YIJIN_ADDR)", config.addr))?;
    let addr = listener.local_addr()?;
    let schemas = crate::schema::build(&config.limits, config.introspection);
    let transport = config.transport.clone();
    // A handle taken before the state installs its statement counter: the sealer's own
    // statements are background work, not the requests' that `/metrics` counts.
    let sealer_db = db.clone();
    let webhook_db = db.clone();
    let certification_db = db.clone();
    let state = AppState::new(db, config);
    state
        .regions()
        .await
        .context("read the administrative divisions")?;
    let sealer = state.config.ledger.sealer.then(|| {
        ledger::sealer::spawn(
            sealer_db,
            state.ledger_signal.clone(),
            ledger::SealerConfig {
                batch_size: state.config.ledger.batch_size,
                poll_interval: state.config.ledger.poll_interval,
                ..ledger::SealerConfig::new(state.config.database_url.clone())
            },
        )
    });
    let webhook_worker = if state.config.webhooks.worker {
        let worker = crate::webhooks::worker::Worker::new(
            webhook_db,
            state.config.webhooks.clone(),
            state.clock.clone(),
            state.config.webhook_policy(),
        )?;
        Some(crate::webhooks::spawn(worker))
    } else {
        None
    };
    let order_expiry = OrderExpiry(orders::expiry::spawn(
        state.db.clone(),
        state.clock.clone(),
        state.config.orders.sweep_interval,
    ));
    // The same interval as the expiry: both are time acting on orders, and requests that touch
    // a due group buy close it at once anyway.
    let group_buy_closing = OrderExpiry(procurement::groupbuy::close::spawn(
        state.db.clone(),
        state.clock.clone(),
        procurement::groupbuy::close::PAYMENT_WINDOW,
        state.config.orders.sweep_interval,
    ));
    let certification_expiry = OrderExpiry(products::expiring::spawn(
        certification_db,
        state.clock.clone(),
        state.config.certification_expiry_scan,
    ));
    let app = crate::http::router(state.clone(), schemas);
    let task = tokio::spawn(crate::serve::serve(
        listener,
        app,
        transport,
        shutdown_signal(),
    ));
    Ok(Running {
        addr,
        state,
        task,
        sealer,
        webhook_worker,
        order_expiry,
        group_buy_closing,
        certification_expiry,
    })
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}

/// A database URL without its password, for messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let creds = &url[scheme + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn passwords_are_redacted() {
        assert_eq!(
            redact("postgres://u:secret@h:5432/db"),
            "postgres://u:***@h:5432/db"
        );
        assert_eq!(
            redact("sqlite://./data/yijin.db"),
            "sqlite://./data/yijin.db"
        );
    }
}
