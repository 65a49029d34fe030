//! Live rankings over a real WebSocket (graphql-transport-ws): 200 subscriptions to one
//! ranking see it change after a sale is sealed, and the server computed it once per change.

use std::collections::HashMap;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

use super::*;
use crate::helpers::spawn_with;

type Socket = tokio_tungstenite::WebSocketStream<TcpStream>;

async fn connect(app: &TestApp, token: &str) -> Socket {
    let mut request = format!("ws://{}/graphql/ws", app.addr)
        .into_client_request()
        .unwrap();
    request.headers_mut().insert(
        "sec-websocket-protocol",
        "graphql-transport-ws".parse().unwrap(),
    );
    let stream = TcpStream::connect(app.addr).await.unwrap();
    let (mut socket, _) = tokio_tungstenite::client_async(request, stream)
        .await
        .unwrap();
    let init =
        json!({"type": "connection_init", "payload": {"Authorization": format!("Bearer {token}")}});
    socket.send(Message::text(init.to_string())).await.unwrap();
    let ack = next(&mut socket).await;
    assert_eq!(ack["type"], "connection_ack", "{ack}");
    socket
}

async fn next(socket: &mut Socket) -> Value {
    loop {
        let message = tokio::time::timeout(Duration::from_secs(20), socket.next())
            .await
            .unwrap()
            .unwrap()
            .unwrap();
        if let Message::Text(text) = message {
            return serde_json::from_str(&text).unwrap();
        }
    }
}

/// The next ranking each subscription receives: id → first row's name.
async fn one_each(socket: &mut Socket, n: usize) -> HashMap<String, String> {
    let mut got = HashMap::new();
    while got.len() < n {
        let m = next(socket).await;
        assert_eq!(m["type"], "next", "{m}");
        let name = m["payload"]["data"]["rankingChanged"]["rows"][0]["name"]
            .as_str()
            .unwrap_or_else(|| panic!("{m}"))
            .to_owned();
        got.insert(m["id"].as_str().unwrap().to_owned(), name);
    }
    got
}

#[tokio::test]
async fn two_hundred_screens_see_a_sealed_sale_for_one_computation() {
    // 200 operations at once are more than one credential's burst: the limiter is off here.
    let app = spawn_with(|c| {
        c.clock = kernel::Clock::shifted();
        c.limits.rate_limit_per_minute = 0;
    })
    .await;
    let (_, shenzhen, _) = three_cities(&app).await;
    let reporter = app.token(kernel::Role::Reporter, None, None);
    let mut socket = connect(&app, &reporter).await;
    let query = format!(
        "subscription {{ rankingChanged(campaignId: \"{CAMPAIGN}\", dimension: CITY, top: 3) {{ total rows {{ rank name jin }} }} }}"
    );
    const SCREENS: usize = 200;
    for id in 0..SCREENS {
        let subscribe =
            json!({"id": id.to_string(), "type": "subscribe", "payload": {"query": query}});
        socket
            .send(Message::text(subscribe.to_string()))
            .await
            .unwrap();
    }
    let first = one_each(&mut socket, SCREENS).await;
    assert!(first.values().all(|n| n == "合肥市"), "{first:?}");
    let hub = &app.running.state.rankings;
    assert_eq!(hub.computations(), 1, "one feed for all 200 screens");

    // 深圳 sells 10 cans: it leads once the sale is sealed.
    campaign_sale(&app, &shenzhen, 10, "2019-06-20T10:00:00+08:00").await;
    wait_until_sealed(&app).await;
    let changed = one_each(&mut socket, SCREENS).await;
    assert!(changed.values().all(|n| n == "深圳市"), "{changed:?}");
    assert_eq!(
        hub.computations(),
        2,
        "one computation for the change, not 200"
    );
}
