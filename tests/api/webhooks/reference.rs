//! Verification with the Standard Webhooks reference library (its Python package), run from
//! the test. Without the package the check is skipped with a notice, unless
//! `YIJIN_REQUIRE_STANDARDWEBHOOKS=1` (CI) makes its absence a failure.

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::json;

use super::receiver::Got;

const SCRIPT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/api/webhooks/verify.py");

/// Verifies each delivery with its secret.
pub fn verify(deliveries: &[(String, &Got)]) {
    let input = json!(deliveries
        .iter()
        .map(|(secret, g)| json!({ "secret": secret, "id": g.id, "timestamp": g.timestamp, "signature": g.signature, "body": g.body }))
        .collect::<Vec<_>>());
    let required = std::env::var("YIJIN_REQUIRE_STANDARDWEBHOOKS").is_ok_and(|v| v == "1");
    let child = Command::new("python3")
        .arg(SCRIPT)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let Ok(mut child) = child else {
        assert!(
            !required,
            "python3 is needed to verify with the reference library"
        );
        eprintln!("NOTICE: python3 not found; Standard Webhooks reference verification skipped");
        return;
    };
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(input.to_string().as_bytes()).unwrap();
    }
    let out = child.wait_with_output().unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    match out.status.code() {
        Some(0) => assert!(
            said.contains(&format!("verified {}", deliveries.len())),
            "{said}"
        ),
        Some(3) => {
            assert!(
                !required,
                "the standardwebhooks Python package is not installed"
            );
            eprintln!(
                "NOTICE: Python package standardwebhooks not installed \
                 (python3 -m pip install standardwebhooks); reference verification skipped"
            );
        }
        _ => panic!(
            "the reference library refused a delivery: {said} {}",
            String::from_utf8_lossy(&out.stderr)
        ),
    }
}
