//! Receivers on loopback for webhook tests: each records what it was sent and answers as its
//! script says (a status after a delay, per request number).

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;

/// One request as the receiver got it.
#[derive(Debug, Clone)]
pub struct Got {
    pub id: String,
    pub timestamp: String,
    pub signature: String,
    pub body: String,
}

impl Got {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_default()
    }
}

type Script = Arc<dyn Fn(usize) -> (u16, Duration) + Send + Sync>;

#[derive(Clone)]
pub struct Receiver {
    pub addr: SocketAddr,
    got: Arc<Mutex<Vec<Got>>>,
    /// Requests being answered now, by webhook id: a second one at once is a double delivery.
    in_flight: Arc<Mutex<Vec<String>>>,
    overlaps: Arc<Mutex<u32>>,
}

impl Receiver {
    /// Answers every request with 200 at once.
    pub async fn ok() -> Self {
        Self::scripted(|_| (200, Duration::ZERO)).await
    }

    /// Answers request `n` (from 0) as `script(n)` says.
    pub async fn scripted(
        script: impl Fn(usize) -> (u16, Duration) + Send + Sync + 'static,
    ) -> Self {
        let script: Script = Arc::new(script);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .unwrap_or_else(|e| panic!("bind: {e}"));
        let addr = listener
            .local_addr()
            .unwrap_or_else(|e| panic!("addr: {e}"));
        let receiver = Self {
            addr,
            got: Arc::default(),
            in_flight: Arc::default(),
            overlaps: Arc::default(),
        };
        let r = receiver.clone();
        let app = Router::new().route(
            "/hooks",
            post(move |headers: HeaderMap, body: Bytes| {
                let r = r.clone();
                let script = Arc::clone(&script);
                async move {
                    let header = |name: &str| {
                        headers
                            .get(name)
                            .and_then(|v| v.to_str().ok())
                            .unwrap_or_default()
                            .to_owned()
                    };
                    let got = Got {
                        id: header("webhook-id"),
                        timestamp: header("webhook-timestamp"),
                        signature: header("webhook-signature"),
                        body: String::from_utf8_lossy(&body).into_owned(),
                    };
                    let n = {
                        let mut all = r.got.lock().unwrap_or_else(PoisonError::into_inner);
                        all.push(got.clone());
                        all.len() - 1
                    };
                    {
                        let mut flying = r.in_flight.lock().unwrap_or_else(PoisonError::into_inner);
                        if flying.contains(&got.id) {
                            *r.overlaps.lock().unwrap_or_else(PoisonError::into_inner) += 1;
                        }
                        flying.push(got.id.clone());
                    }
                    let (status, delay) = script(n);
                    tokio::time::sleep(delay).await;
                    {
                        let mut flying = r.in_flight.lock().unwrap_or_else(PoisonError::into_inner);
                        if let Some(i) = flying.iter().position(|x| *x == got.id) {
                            flying.remove(i);
                        }
                    }
                    (
                        StatusCode::from_u16(status).unwrap_or(StatusCode::OK),
                        format!("answer {n}"),
                    )
                }
            }),
        );
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        receiver
    }

    pub fn url(&self) -> String {
        format!("http://{}/hooks", self.addr)
    }

    pub fn got(&self) -> Vec<Got> {
        self.got
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// How many times a delivery arrived while the same event was still being answered.
    pub fn overlaps(&self) -> u32 {
        *self.overlaps.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Waits until at least `n` requests came, at most `timeout`; returns them.
    pub async fn wait_for(&self, n: usize, timeout: Duration) -> Vec<Got> {
        let end = Instant::now() + timeout;
        loop {
            let got = self.got();
            if got.len() >= n || Instant::now() > end {
                return got;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }
}
