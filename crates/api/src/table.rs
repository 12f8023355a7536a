//! A table of cells written as CSV or as an Excel workbook (XLSX), for the
//! exports staff pull themselves.

use rust_xlsxwriter::{Format, Workbook};

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
    Empty,
}

impl From<String> for Cell {
    fn from(s: String) -> Self {
        Cell::Text(s)
    }
}

impl From<&str> for Cell {
    fn from(s: &str) -> Self {
        Cell::Text(s.to_string())
    }
}

impl From<Option<String>> for Cell {
    fn from(s: Option<String>) -> Self {
        s.map_or(Cell::Empty, Cell::Text)
    }
}

impl From<f64> for Cell {
    fn from(x: f64) -> Self {
        Cell::Number(x)
    }
}

impl From<Option<f64>> for Cell {
    fn from(x: Option<f64>) -> Self {
        x.map_or(Cell::Empty, Cell::Number)
    }
}

/// A text cell as CSV carries it: text a spreadsheet would run as a formula
/// (it begins with `=`, `+`, `-`, `@`, a tab or a carriage return) gets a
/// leading `'`, so a citizen's `=HYPERLINK(…)` stays text (OWASP's rule
/// against CSV injection). XLSX cells are written as strings and need none.
pub fn neutralised(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

/// Headers and rows.
#[derive(Debug, Clone, Default)]
pub struct Table {
    pub name: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// Why a table could not be written.
#[derive(Debug, thiserror::Error)]
#[error("export failed: {0}")]
pub struct TableError(String);

impl Table {
    /// The table as CSV (numbers at full precision).
    pub fn to_csv(&self) -> Result<Vec<u8>, TableError> {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(&self.headers)
            .map_err(|e| TableError(e.to_string()))?;
        for row in &self.rows {
            let cells: Vec<String> = row
                .iter()
                .map(|c| match c {
                    Cell::Text(s) => neutralised(s),
                    Cell::Number(x) => x.to_string(),
                    Cell::Empty => String::new(),
                })
                .collect();
            w.write_record(&cells)
                .map_err(|e| TableError(e.to_string()))?;
        }
        w.into_inner().map_err(|e| TableError(e.to_string()))
    }

    /// The table as one worksheet of an XLSX workbook.
    pub fn to_xlsx(&self) -> Result<Vec<u8>, TableError> {
        workbook(std::slice::from_ref(self))
    }
}

/// Tables as the worksheets of one XLSX workbook, in order.
pub fn workbook(tables: &[Table]) -> Result<Vec<u8>, TableError> {
    let err = |e: rust_xlsxwriter::XlsxError| TableError(e.to_string());
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    for table in tables {
        let sheet = book.add_worksheet();
        sheet.set_name(&table.name).map_err(err)?;
        for (c, h) in table.headers.iter().enumerate() {
            let col = u16::try_from(c).map_err(|e| TableError(e.to_string()))?;
            sheet
                .write_string_with_format(0, col, h, &bold)
                .map_err(err)?;
        }
        for (r, row) in table.rows.iter().enumerate() {
            let rn = u32::try_from(r + 1).map_err(|e| TableError(e.to_string()))?;
            for (c, cell) in row.iter().enumerate() {
                let col = u16::try_from(c).map_err(|e| TableError(e.to_string()))?;
                match cell {
                    Cell::Text(s) => {
                        sheet.write_string(rn, col, s).map_err(err)?;
                    }
                    Cell::Number(x) => {
                        sheet.write_number(rn, col, *x).map_err(err)?;
                    }
                    Cell::Empty => {}
                }
            }
        }
        sheet.set_freeze_panes(1, 0).map_err(err)?;
    }
    book.save_to_buffer().map_err(err)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Table {
        Table {
            name: "Skor".into(),
            headers: vec!["unit".into(), "final_score".into()],
            rows: vec![
                vec![
                    "Gambir, Jakarta".into(),
                    Cell::Number(81.915_330_867_242_09),
                ],
                vec!["Cideng".into(), Cell::Empty],
            ],
        }
    }

    #[test]
    fn csv_quotes_and_keeps_full_precision() {
        let csv = String::from_utf8(table().to_csv().expect("csv")).expect("utf8");
        assert_eq!(
            csv,
            "unit,final_score\n\"Gambir, Jakarta\",81.91533086724209\nCideng,\n"
        );
    }

    #[test]
    fn xlsx_is_a_zip_workbook() {
        let x = table().to_xlsx().expect("xlsx");
        assert_eq!(&x[..2], b"PK", "an XLSX file is a zip archive");
        assert!(x.len() > 1000);
    }

    #[test]
    fn csv_cells_that_would_run_as_formulas_stay_text() {
        let t = Table {
            name: "x".into(),
            headers: vec!["a".into(), "b".into()],
            rows: vec![vec![
                Cell::Text("=HYPERLINK(\"http://evil.example\",\"klik\")".into()),
                Cell::Number(-6.2),
            ]],
        };
        let csv = String::from_utf8(t.to_csv().expect("csv")).expect("utf8");
        assert!(csv.contains("'=HYPERLINK"), "{csv}");
        assert!(csv.contains(",-6.2"), "numbers stay numbers: {csv}");
        for bad in ["+1", "-1+1", "@SUM(A1)", "\tx", "\rx"] {
            assert!(neutralised(bad).starts_with('\''), "{bad}");
        }
        assert_eq!(neutralised("Sampah menumpuk"), "Sampah menumpuk");
    }
}
