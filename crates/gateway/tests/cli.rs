//! The `yijin` binary as an operator runs it.

use std::process::Command;

fn yijin() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_yijin"));
    cmd.env_remove("YIJIN_JWT_SECRET")
        .env_remove("DATABASE_URL")
        .env("RUST_BACKTRACE", "0");
    cmd
}

#[test]
fn production_refuses_to_start_without_a_strong_secret() {
    let data = std::env::temp_dir().join(format!("yijin-cli-{}", std::process::id()));
    for secret in [None, Some("short")] {
        let mut cmd = yijin();
        cmd.args(["serve"])
            .env("YIJIN_ENV", "production")
            .env("YIJIN_DATA_DIR", &data)
            .env("YIJIN_ADDR", "127.0.0.1:0");
        if let Some(s) = secret {
            cmd.env("YIJIN_JWT_SECRET", s);
        }
        let out = cmd.output().unwrap();
        assert!(!out.status.success());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("YIJIN_JWT_SECRET"), "{stderr}");
    }
}

#[test]
fn mint_token_rejects_claims_that_do_not_fit_the_role() {
    let data = std::env::temp_dir().join(format!("yijin-cli-mint-{}", std::process::id()));
    let out = yijin()
        .args(["mint-token", "--role", "ENTERPRISE_ADMIN"])
        .env("YIJIN_DATA_DIR", &data)
        .output()
        .unwrap();
    assert!(!out.status.success(), "an enterprise admin needs --org");
    let out = yijin()
        .args(["mint-token", "--role", "PLATFORM_ADMIN", "--ttl", "15m"])
        .env("YIJIN_DATA_DIR", &data)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout)
            .trim()
            .split('.')
            .count(),
        3,
        "a JWT"
    );
    let _ = std::fs::remove_dir_all(data);
}

#[test]
fn committed_schema_passes_the_check() {
    let schema = concat!(env!("CARGO_MANIFEST_DIR"), "/../../schema.graphql");
    let out = yijin()
        .args(["export-schema", "--check", "--path", schema])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn weak_or_shared_secrets_are_refused_in_every_mode() {
    let data = std::env::temp_dir().join(format!("yijin-cli-weak-{}", std::process::id()));
    let strong = "9f1c2b7e4a6d8c0b3e5f7a9c1d2e4f6a8b0c";
    let cases = [
        (
            Some("development"),
            "a".repeat(64),
            None,
            "YIJIN_JWT_SECRET",
        ),
        (
            None,
            "0123401234012340123401234012340123401234".to_owned(),
            None,
            "YIJIN_JWT_SECRET",
        ),
        (
            Some("production"),
            strong.to_owned(),
            Some(strong),
            "YIJIN_PSEUDONYM_KEY",
        ),
    ];
    for (mode, secret, pseudonym, named) in cases {
        let mut cmd = yijin();
        cmd.args(["mint-token", "--role", "PLATFORM_ADMIN"])
            .env("YIJIN_DATA_DIR", &data)
            .env("YIJIN_JWT_SECRET", &secret)
            .env_remove("YIJIN_ENV")
            .env_remove("YIJIN_PSEUDONYM_KEY");
        if let Some(mode) = mode {
            cmd.env("YIJIN_ENV", mode);
        }
        if let Some(key) = pseudonym {
            cmd.env("YIJIN_PSEUDONYM_KEY", key);
        }
        let out = cmd.output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{secret} was accepted");
        assert!(stderr.contains(named), "{stderr}");
    }
    let out = yijin()
        .args(["mint-token", "--role", "PLATFORM_ADMIN", "--ttl", "30d"])
        .env("YIJIN_DATA_DIR", &data)
        .output()
        .unwrap();
    assert!(!out.status.success(), "a platform token for 30 days");
    let _ = std::fs::remove_dir_all(data);
}

/// A free loopback port (bound and released; the server binds it next).
fn free_port() -> std::io::Result<u16> {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
}

#[test]
fn sigterm_stops_the_server_even_while_clients_hold_connections() {
    use std::io::{Read, Write};
    use std::net::TcpStream;
    use std::time::{Duration, Instant};

    let data = std::env::temp_dir().join(format!("yijin-cli-term-{}", std::process::id()));
    let addr = format!("127.0.0.1:{}", free_port().unwrap());
    let mut server = yijin()
        .args(["serve"])
        .env("YIJIN_DATA_DIR", &data)
        .env("YIJIN_ADDR", &addr)
        .env("YIJIN_SHUTDOWN_GRACE_MS", "500")
        .env("YIJIN_HEADER_READ_TIMEOUT_MS", "600000")
        .env("RUST_LOG", "warn")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let healthy = loop {
        let mut answer = String::new();
        let ok = TcpStream::connect(&addr).is_ok_and(|mut s| {
            s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                .is_ok()
                && s.read_to_string(&mut answer).is_ok()
                && answer.starts_with("HTTP/1.1 200")
        });
        if ok || started.elapsed() > Duration::from_secs(60) {
            break ok;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(healthy, "the server came up");
    let _idle = TcpStream::connect(&addr).unwrap();
    let mut half = TcpStream::connect(&addr).unwrap();
    half.write_all(b"POST /graphql HTTP/1.1\r\nHost: x\r\n")
        .unwrap();
    let term = std::process::Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap();
    assert!(term.success());
    let stopping = Instant::now();
    let stopped = loop {
        if server.try_wait().unwrap().is_some() {
            break true;
        }
        if stopping.elapsed() > Duration::from_secs(30) {
            let _ = server.kill();
            break false;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let _ = std::fs::remove_dir_all(&data);
    assert!(stopped, "the server did not stop after SIGTERM");
}
