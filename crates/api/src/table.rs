//! A table of cells written as CSV or as an Excel workbook (XLSX), for the
//! exports staff pull themselves; and the same written page by page, so an
//! export of any size holds one page in memory (CSV chunks go out as they
//! are written; an XLSX sheet in constant-memory mode keeps rows on disk).

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
        csv_chunk(Some(&self.headers), &self.rows)
    }

    /// The table as one worksheet of an XLSX workbook.
    pub fn to_xlsx(&self) -> Result<Vec<u8>, TableError> {
        workbook(std::slice::from_ref(self))
    }
}

/// CSV lines of `rows`, after a header line when `headers` is given: one
/// chunk of a CSV written page by page.
pub fn csv_chunk(headers: Option<&[String]>, rows: &[Vec<Cell>]) -> Result<Vec<u8>, TableError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    if let Some(h) = headers {
        w.write_record(h).map_err(|e| TableError(e.to_string()))?;
    }
    for row in rows {
        let cells = row.iter().map(|c| match c {
            Cell::Text(s) => neutralised(s),
            Cell::Number(x) => x.to_string(),
            Cell::Empty => String::new(),
        });
        w.write_record(cells)
            .map_err(|e| TableError(e.to_string()))?;
    }
    w.into_inner().map_err(|e| TableError(e.to_string()))
}

fn xlsx_err(e: rust_xlsxwriter::XlsxError) -> TableError {
    TableError(e.to_string())
}

fn write_row(
    sheet: &mut rust_xlsxwriter::Worksheet,
    r: usize,
    row: &[Cell],
) -> Result<(), TableError> {
    let rn = u32::try_from(r).map_err(|e| TableError(e.to_string()))?;
    for (c, cell) in row.iter().enumerate() {
        let col = u16::try_from(c).map_err(|e| TableError(e.to_string()))?;
        match cell {
            Cell::Text(s) => {
                sheet.write_string(rn, col, s).map_err(xlsx_err)?;
            }
            Cell::Number(x) => {
                sheet.write_number(rn, col, *x).map_err(xlsx_err)?;
            }
            Cell::Empty => {}
        }
    }
    Ok(())
}

fn write_headers(
    sheet: &mut rust_xlsxwriter::Worksheet,
    headers: &[String],
) -> Result<(), TableError> {
    let bold = Format::new().set_bold();
    for (c, h) in headers.iter().enumerate() {
        let col = u16::try_from(c).map_err(|e| TableError(e.to_string()))?;
        sheet
            .write_string_with_format(0, col, h, &bold)
            .map_err(xlsx_err)?;
    }
    sheet.set_freeze_panes(1, 0).map_err(xlsx_err)?;
    Ok(())
}

/// One worksheet written page by page in constant memory: each finished row
/// goes to a temporary file, so only the compressed workbook is held.
pub struct SheetWriter {
    book: Workbook,
    rows: usize,
}

/// The most rows an XLSX sheet holds (Excel's limit, less the header).
pub const XLSX_MAX_ROWS: usize = 1_048_575;

impl SheetWriter {
    /// A workbook of one sheet named `name` with a bold, frozen header.
    pub fn new(name: &str, headers: &[String]) -> Result<Self, TableError> {
        let mut book = Workbook::new();
        let sheet = book
            .add_worksheet_with_constant_memory()
            .map_err(xlsx_err)?;
        sheet.set_name(name).map_err(xlsx_err)?;
        write_headers(sheet, headers)?;
        Ok(SheetWriter { book, rows: 0 })
    }

    /// Appends rows below those written.
    pub fn append(&mut self, rows: &[Vec<Cell>]) -> Result<(), TableError> {
        if self.rows + rows.len() > XLSX_MAX_ROWS {
            return Err(TableError(format!(
                "an Excel sheet holds at most {XLSX_MAX_ROWS} rows"
            )));
        }
        let sheet = self.book.worksheet_from_index(0).map_err(xlsx_err)?;
        for row in rows {
            self.rows += 1;
            write_row(sheet, self.rows, row)?;
        }
        Ok(())
    }

    /// The workbook's bytes.
    pub fn finish(mut self) -> Result<Vec<u8>, TableError> {
        self.book.save_to_buffer().map_err(xlsx_err)
    }
}

/// Tables as the worksheets of one XLSX workbook, in order.
pub fn workbook(tables: &[Table]) -> Result<Vec<u8>, TableError> {
    let mut book = Workbook::new();
    for table in tables {
        let sheet = book.add_worksheet();
        sheet.set_name(&table.name).map_err(xlsx_err)?;
        write_headers(sheet, &table.headers)?;
        for (r, row) in table.rows.iter().enumerate() {
            write_row(sheet, r + 1, row)?;
        }
    }
    book.save_to_buffer().map_err(xlsx_err)
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
    fn pages_written_one_by_one_make_the_same_files() {
        let t = table();
        let mut csv = csv_chunk(Some(&t.headers), &t.rows[..1]).expect("csv");
        csv.extend(csv_chunk(None, &t.rows[1..]).expect("csv"));
        assert_eq!(csv, t.to_csv().expect("csv"));
        let mut sheet = SheetWriter::new("Skor", &t.headers).expect("sheet");
        sheet.append(&t.rows[..1]).expect("page");
        sheet.append(&t.rows[1..]).expect("page");
        let x = sheet.finish().expect("xlsx");
        assert_eq!(&x[..2], b"PK");
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
