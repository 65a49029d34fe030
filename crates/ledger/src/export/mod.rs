//! 导出: files for reporting tools — ledger entries (our columns, or the national fourth-party
//! platform's), rankings and scorecards — as CSV, written page by page so that a file of any
//! length needs the memory of one page. The gateway streams the pages over HTTP; this module
//! knows nothing of HTTP.
//!
//! Every text cell that came from a person (names, references) goes through [`cell::safe`]:
//! a spreadsheet would run `=HYPERLINK(…)` in a product name as a formula.

pub mod cell;
pub mod entries;
pub mod tables;
pub mod xlsx;

/// 表头语言: Chinese headers by default, English on request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

/// A column: its Chinese and English header.
pub type Column = (&'static str, &'static str);

/// The header row in the language asked for.
pub fn header(columns: &[Column], lang: Lang) -> Vec<String> {
    columns
        .iter()
        .map(|(zh, en)| lang.pick(zh, en).to_owned())
        .collect()
}

/// Rows as CSV bytes (RFC 4180 quoting; the caller has made text cells safe).
pub fn csv_rows(rows: &[Vec<String>]) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::with_capacity(rows.len() * 128));
    for row in rows {
        // Writing into a Vec cannot fail.
        let _ = w.write_record(row);
    }
    w.into_inner().unwrap_or_default()
}

/// The UTF-8 byte order mark: without it, Excel opens a CSV of Chinese text as mojibake.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";
