//! A streaming XLSX writer: one worksheet of inline-string cells in a ZIP archive whose entries
//! are stored (not compressed). The fixed parts (content types, relationships, workbook) are
//! written whole; the worksheet's ZIP entry sets the data-descriptor flag, so its CRC-32 and
//! size follow the data and every row can go to the client as soon as it is made. Memory is
//! one page of rows plus the five central-directory records. No crate for this was available
//! offline, and the format needs nothing more than this.
//!
//! Limits: ZIP32 offsets, so a file must stay under 4 GiB (about 15 million ledger rows).

use std::fmt::Write as _;

/// CRC-32 (IEEE), as ZIP stores it.
#[derive(Debug, Clone, Copy)]
struct Crc(u32);

const fn table() -> [u32; 256] {
    let mut t = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 {
                0xEDB8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
            k += 1;
        }
        t[i] = c;
        i += 1;
    }
    t
}

const TABLE: [u32; 256] = table();

impl Crc {
    fn new() -> Self {
        Crc(0xFFFF_FFFF)
    }
    fn update(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = TABLE[((self.0 ^ u32::from(*b)) & 0xFF) as usize] ^ (self.0 >> 8);
        }
    }
    fn value(self) -> u32 {
        !self.0
    }
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut c = Crc::new();
    c.update(bytes);
    c.value()
}

/// One entry for the central directory.
struct Entry {
    name: &'static str,
    crc: u32,
    size: u32,
    offset: u32,
    descriptor: bool,
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;
const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;
const SHEET_START: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#;
const SHEET_END: &str = "</sheetData></worksheet>";
const SHEET: &str = "xl/worksheets/sheet1.xml";

fn workbook(sheet_name: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="{}" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        escape(sheet_name)
    )
}

/// XML text: the five entities escaped, and characters XML 1.0 cannot hold dropped.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(ch),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

fn u16le(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_le_bytes());
}
fn u32le(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

/// 1980-01-01 00:00 in DOS time: the files carry no meaningful timestamp.
const DOS_DATE: u16 = (1 << 5) | 1;

/// Writes one workbook, chunk by chunk: [`Xlsx::start`], [`Xlsx::rows`] any number of times,
/// [`Xlsx::finish`]. Each call returns the bytes to send next.
pub struct Xlsx {
    offset: u32,
    entries: Vec<Entry>,
    sheet_crc: Crc,
    sheet_size: u32,
}

impl Default for Xlsx {
    fn default() -> Self {
        Self::new()
    }
}

impl Xlsx {
    pub fn new() -> Self {
        Self {
            offset: 0,
            entries: Vec::new(),
            sheet_crc: Crc::new(),
            sheet_size: 0,
        }
    }

    fn local_header(&mut self, out: &mut Vec<u8>, name: &'static str, data: Option<&[u8]>) {
        let start = out.len();
        let descriptor = data.is_none();
        let (crc, size) = data.map_or((0, 0), |d| (crc32(d), d.len() as u32));
        u32le(out, 0x0403_4b50);
        u16le(out, 20);
        u16le(out, if descriptor { 0x0008 } else { 0 });
        u16le(out, 0); // stored
        u16le(out, 0);
        u16le(out, DOS_DATE);
        u32le(out, crc);
        u32le(out, size);
        u32le(out, size);
        u16le(out, name.len() as u16);
        u16le(out, 0);
        out.extend_from_slice(name.as_bytes());
        self.entries.push(Entry {
            name,
            crc,
            size,
            offset: self.offset,
            descriptor,
        });
        if let Some(d) = data {
            out.extend_from_slice(d);
        }
        self.offset += (out.len() - start) as u32;
    }

    fn sheet_bytes(&mut self, bytes: &[u8]) -> Vec<u8> {
        self.sheet_crc.update(bytes);
        self.sheet_size += bytes.len() as u32;
        self.offset += bytes.len() as u32;
        bytes.to_vec()
    }

    /// The fixed parts, and the worksheet up to its first row (the header row).
    pub fn start(&mut self, sheet_name: &str, header: &[String]) -> Vec<u8> {
        let mut out = Vec::new();
        self.local_header(
            &mut out,
            "[Content_Types].xml",
            Some(CONTENT_TYPES.as_bytes()),
        );
        self.local_header(&mut out, "_rels/.rels", Some(RELS.as_bytes()));
        self.local_header(
            &mut out,
            "xl/workbook.xml",
            Some(workbook(sheet_name).as_bytes()),
        );
        self.local_header(
            &mut out,
            "xl/_rels/workbook.xml.rels",
            Some(WORKBOOK_RELS.as_bytes()),
        );
        self.local_header(&mut out, SHEET, None);
        let mut xml = String::from(SHEET_START);
        push_row(&mut xml, header);
        out.extend(self.sheet_bytes(xml.as_bytes()));
        out
    }

    pub fn rows(&mut self, rows: &[Vec<String>]) -> Vec<u8> {
        let mut xml = String::with_capacity(rows.len() * 256);
        for row in rows {
            push_row(&mut xml, row);
        }
        self.sheet_bytes(xml.as_bytes())
    }

    /// The end of the worksheet, its data descriptor, the central directory.
    pub fn finish(&mut self) -> Vec<u8> {
        let mut out = self.sheet_bytes(SHEET_END.as_bytes());
        let (crc, size) = (self.sheet_crc.value(), self.sheet_size);
        u32le(&mut out, 0x0807_4b50);
        u32le(&mut out, crc);
        u32le(&mut out, size);
        u32le(&mut out, size);
        self.offset += 16;
        let directory = self.offset;
        let before = out.len();
        for e in &self.entries {
            let (crc, size) = if e.descriptor {
                (crc, size)
            } else {
                (e.crc, e.size)
            };
            u32le(&mut out, 0x0201_4b50);
            u16le(&mut out, 20);
            u16le(&mut out, 20);
            u16le(&mut out, if e.descriptor { 0x0008 } else { 0 });
            u16le(&mut out, 0);
            u16le(&mut out, 0);
            u16le(&mut out, DOS_DATE);
            u32le(&mut out, crc);
            u32le(&mut out, size);
            u32le(&mut out, size);
            u16le(&mut out, e.name.len() as u16);
            u16le(&mut out, 0);
            u16le(&mut out, 0);
            u16le(&mut out, 0);
            u16le(&mut out, 0);
            u32le(&mut out, 0);
            u32le(&mut out, e.offset);
            out.extend_from_slice(e.name.as_bytes());
        }
        let directory_size = (out.len() - before) as u32;
        u32le(&mut out, 0x0605_4b50);
        u16le(&mut out, 0);
        u16le(&mut out, 0);
        u16le(&mut out, self.entries.len() as u16);
        u16le(&mut out, self.entries.len() as u16);
        u32le(&mut out, directory_size);
        u32le(&mut out, directory);
        u16le(&mut out, 0);
        out
    }
}

fn push_row(xml: &mut String, cells: &[String]) {
    xml.push_str("<row>");
    for c in cells {
        let _ = write!(
            xml,
            r#"<c t="inlineStr"><is><t xml:space="preserve">{}</t></is></c>"#,
            escape(c)
        );
    }
    xml.push_str("</row>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_matches_the_reference_value() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }

    #[test]
    fn text_is_escaped_and_control_characters_dropped() {
        assert_eq!(escape("a<b & \"c\"\u{1}"), "a&lt;b &amp; &quot;c&quot;");
    }
}
