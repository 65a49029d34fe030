//! Connections and credentials under abuse: half-sent and idle connections are closed, one
//! client cannot take every socket, slow bodies time out, failed authentication is counted,
//! oversized tokens are refused, and WebSocket operations meet the same rules as HTTP.

#![expect(
    clippy::unwrap_used,
    reason = "the raw-socket helpers below are part of the tests: a failure fails the test"
)]

use std::net::SocketAddr;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

use crate::helpers::{error_code, spawn_with};

/// Reads until the peer closes or `within` passes; `true` when the peer closed.
async fn closed_within(stream: &mut TcpStream, within: Duration) -> bool {
    let mut buf = [0u8; 1024];
    let deadline = tokio::time::Instant::now() + within;
    loop {
        match tokio::time::timeout_at(deadline, stream.read(&mut buf)).await {
            Ok(Ok(0) | Err(_)) => return true,
            Ok(Ok(_)) => continue,
            Err(_) => return false,
        }
    }
}

/// A connection from another loopback address, as a different client would make.
async fn connect_from(local: [u8; 4], server: SocketAddr) -> TcpStream {
    let socket = TcpSocket::new_v4().unwrap();
    socket.bind(SocketAddr::from((local, 0))).unwrap();
    socket.connect(server).await.unwrap()
}

async fn raw_get(stream: &mut TcpStream, path: &str) -> String {
    stream
        .write_all(
            format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").as_bytes(),
        )
        .await
        .unwrap();
    let mut out = String::new();
    let _ = tokio::time::timeout(Duration::from_secs(10), stream.read_to_string(&mut out)).await;
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn half_sent_and_idle_connections_are_closed() {
    let app = spawn_with(|c| c.transport.header_read_timeout = Duration::from_millis(300)).await;
    let mut idle = TcpStream::connect(app.addr).await.unwrap();
    let mut half = TcpStream::connect(app.addr).await.unwrap();
    half.write_all(b"POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Ty")
        .await
        .unwrap();
    assert!(
        closed_within(&mut idle, Duration::from_secs(5)).await,
        "an idle connection"
    );
    assert!(
        closed_within(&mut half, Duration::from_secs(5)).await,
        "half-sent headers"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_client_cannot_take_every_connection() {
    let app = spawn_with(|c| c.transport.max_connections_per_ip = 20).await;
    let mut held = Vec::new();
    for _ in 0..60 {
        held.push(connect_from([127, 0, 0, 1], app.addr).await);
    }
    // The 21st and later connections of that client are closed at once...
    let mut refused = held.pop().unwrap();
    assert!(closed_within(&mut refused, Duration::from_secs(5)).await);
    // ...while another client is still served.
    let mut other = connect_from([127, 0, 0, 2], app.addr).await;
    let answer = raw_get(&mut other, "/healthz").await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_that_does_not_arrive_times_out() {
    let app = spawn_with(|c| c.transport.body_read_timeout = Duration::from_millis(300)).await;
    let mut stream = TcpStream::connect(app.addr).await.unwrap();
    stream
        .write_all(b"POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"query\":")
        .await
        .unwrap();
    let mut out = vec![0u8; 4096];
    let n = tokio::time::timeout(Duration::from_secs(10), stream.read(&mut out))
        .await
        .unwrap()
        .unwrap();
    let answer = String::from_utf8_lossy(&out[..n]);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("REQUEST_TIMEOUT"), "{answer}");
}

#[tokio::test]
async fn failed_authentication_is_rate_limited_and_long_tokens_refused() {
    let app = spawn_with(|c| c.limits.rate_limit_per_minute = 60).await;
    let mut statuses = Vec::new();
    for i in 0..15 {
        let response = app
            .post(
                Some(&format!("not-a-token-{i}")),
                "{ viewer { role } }",
                json!({}),
            )
            .await;
        statuses.push(response.status().as_u16());
    }
    assert_eq!(statuses[0], 401);
    assert!(statuses.contains(&429), "guesses are counted: {statuses:?}");

    let fresh = spawn_with(|_| {}).await;
    let long = "a".repeat(8 * 1024);
    let response = fresh
        .post(Some(&long), "{ viewer { role } }", json!({}))
        .await;
    assert_eq!(response.status(), 401);
    let body: Value = response.json().await.unwrap();
    assert_eq!(error_code(&body), Some("UNAUTHENTICATED"));
    let huge = "a".repeat(200 * 1024);
    let response = fresh
        .post(Some(&huge), "{ viewer { role } }", json!({}))
        .await;
    assert!(response.status().is_client_error(), "{}", response.status());
}

type Socket = tokio_tungstenite::WebSocketStream<TcpStream>;

async fn websocket(addr: SocketAddr, init: Value) -> Socket {
    let mut request = format!("ws://{addr}/graphql/ws")
        .into_client_request()
        .unwrap();
    request.headers_mut().insert(
        "sec-websocket-protocol",
        "graphql-transport-ws".parse().unwrap(),
    );
    let stream = TcpStream::connect(addr).await.unwrap();
    let (mut socket, _) = tokio_tungstenite::client_async(request, stream)
        .await
        .unwrap();
    socket
        .send(Message::text(
            json!({"type": "connection_init", "payload": init}).to_string(),
        ))
        .await
        .unwrap();
    socket
}

/// The next JSON message, or `None` when the server closed the socket.
async fn next_json(socket: &mut Socket) -> Option<Value> {
    loop {
        let message = tokio::time::timeout(Duration::from_secs(10), socket.next())
            .await
            .ok()??
            .ok()?;
        match message {
            Message::Text(text) => return serde_json::from_str(&text).ok(),
            Message::Close(_) => return None,
            _ => continue,
        }
    }
}

/// Sends one operation and returns the server's first answer to it.
async fn operate(socket: &mut Socket, id: &str, query: &str) -> Value {
    socket
        .send(Message::text(
            json!({"id": id, "type": "subscribe", "payload": {"query": query}}).to_string(),
        ))
        .await
        .unwrap();
    loop {
        let message = next_json(socket).await.unwrap();
        if message["id"] == id {
            return message;
        }
    }
}

fn first_code(message: &Value) -> Option<&str> {
    let errors = if message["type"] == "error" {
        &message["payload"]
    } else {
        &message["payload"]["errors"]
    };
    errors[0]["extensions"]["code"].as_str()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn websocket_operations_meet_the_same_rules_as_http() {
    let app = spawn_with(|c| c.limits.rate_limit_per_minute = 120).await;
    let mut socket = websocket(app.addr, json!({})).await;
    assert_eq!(
        next_json(&mut socket).await.unwrap()["type"],
        "connection_ack"
    );
    let fine = operate(&mut socket, "1", "{ region(code: \"340100\") { name } }").await;
    assert_eq!(
        fine["payload"]["data"]["region"]["name"], "合肥市",
        "{fine}"
    );
    let mut hostile = String::from("{ ...F0 }");
    for i in 0..40 {
        hostile.push_str(&format!(
            " fragment F{i} on Query {{ ...F{} ...F{} }}",
            i + 1,
            i + 1
        ));
    }
    hostile.push_str(" fragment F40 on Query { regions { code } }");
    let refused = operate(&mut socket, "2", &hostile).await;
    assert_eq!(first_code(&refused), Some("TOO_MANY_FIELDS"), "{refused}");
    let mut limited = None;
    for i in 0..40 {
        let answer = operate(&mut socket, &format!("r{i}"), "{ __typename }").await;
        if first_code(&answer) == Some("RATE_LIMITED") {
            limited = Some(answer);
            break;
        }
    }
    assert!(limited.is_some(), "every operation counts against the rate");

    // (The anonymous socket above used up this address's rate: a new server for the next.)
    let app = spawn_with(|_| {}).await;
    let mut forged = websocket(
        app.addr,
        json!({"Authorization": "Bearer forged.token.here"}),
    )
    .await;
    let answer = next_json(&mut forged).await;
    assert!(
        answer.is_none()
            || answer
                .as_ref()
                .is_some_and(|a| a["type"] != "connection_ack"),
        "a forged token is not acknowledged: {answer:?}"
    );
}

/// Past `YIJIN_MAX_EXECUTING`, requests wait for a place instead of all building their answers
/// at once; none is refused. Each request here holds its place for at least the DataLoader's
/// gathering delay (its projects' enterprises are read through the loader).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_past_the_execution_limit_wait_for_a_place_and_all_succeed() {
    let app = spawn_with(|c| {
        c.limits.max_executing = 2;
        c.loader_delay = Duration::from_millis(200);
    })
    .await;
    crate::helpers::tenant(&app, "合肥", "340100").await;
    let token = app.platform();
    let query = "{ projects(first: 5) { nodes { name enterprise { name } } } }";
    let bodies =
        futures_util::future::join_all((0..12).map(|_| app.gql(&token, query, json!({})))).await;
    for body in &bodies {
        assert_eq!(
            body["data"]["projects"]["nodes"][0]["enterprise"]["name"], "合肥物业",
            "{body}"
        );
    }
    let stats = app.running.state.admission.stats();
    assert_eq!(stats.limit, 2);
    assert!(stats.peak <= 2, "at most two executed at once: {stats:?}");
    assert!(
        stats.waits > 0,
        "twelve requests at once found the places taken: {stats:?}"
    );
    assert_eq!(stats.in_execution, 0, "every place was given back");
}
