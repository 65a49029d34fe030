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
