//! Fingerprints the migrations' source, so that test databases are copied from a template
//! migrated with exactly this history (`testkit::db`), and a migration being written is never
//! served from a stale template.

use std::hash::Hasher;

fn main() {
    println!("cargo:rerun-if-changed=src");
    let mut files: Vec<_> = std::fs::read_dir("src")
        .map(|dir| {
            dir.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "rs"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    // FNV-1a: stable across Rust versions, unlike the standard library's hasher.
    let mut hash = Fnv(0xcbf2_9ce4_8422_2325);
    for file in files {
        hash.write(file.to_string_lossy().as_bytes());
        hash.write(&std::fs::read(&file).unwrap_or_default());
    }
    println!(
        "cargo:rustc-env=MIGRATIONS_FINGERPRINT={:016x}",
        hash.finish()
    );
}

struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}
