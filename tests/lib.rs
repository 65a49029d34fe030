//! Black-box tests live in `api/`: they start the real server on a free port against a fresh
//! database and speak HTTP to it.
