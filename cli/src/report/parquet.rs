//! Reading the Parquet result of `mamori.spark` (one row per finding, per part not
//! inspected and per file; columns named in its module documentation). Only the columns the
//! report uses are read: never `text`, the raw value `show_values=True` adds.

use super::input::Inventory;
use anyhow::Result;
use std::path::Path;

/// The columns read (all strings in the result's schema).
#[cfg(feature = "parquet")]
const COLUMNS: [&str; 7] = ["path", "location", "type", "kind", "masked", "reason", "detail"];

/// Reads a `mamori.spark` result file.
#[cfg(feature = "parquet")]
pub fn read_parquet(path: &Path) -> Result<Inventory> {
    use anyhow::{bail, Context};
    use parquet::file::reader::{FileReader, SerializedFileReader};
    use parquet::record::Field;
    use parquet::schema::types::Type;
    use std::sync::Arc;

    let file =
        std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let reader = SerializedFileReader::new(file)
        .with_context(|| format!("{} is not a readable Parquet file", path.display()))?;
    let schema = reader.metadata().file_metadata().schema();
    let fields: Vec<Arc<Type>> =
        schema.get_fields().iter().filter(|f| COLUMNS.contains(&f.name())).cloned().collect();
    for needed in ["path", "type"] {
        if !fields.iter().any(|f| f.name() == needed) {
            bail!("{} has no {needed:?} column: not a mamori.spark result", path.display());
        }
    }
    let projection = Type::group_type_builder(schema.name()).with_fields(fields).build()?;
    let mut rows = super::input::Rows::default();
    for (i, row) in reader.get_row_iter(Some(projection))?.enumerate() {
        let row = row.with_context(|| format!("{}: row {}", path.display(), i + 1))?;
        let mut record = super::input::Row::default();
        for (name, value) in row.get_column_iter() {
            let Field::Str(s) = value else { continue };
            match name.as_str() {
                "path" => record.path = s.clone(),
                "location" => record.location = s.clone(),
                "type" => record.record_type = s.clone(),
                "kind" => record.kind = s.clone(),
                "masked" => record.masked = s.clone(),
                "reason" => record.reason = s.clone(),
                "detail" => record.detail = s.clone(),
                _ => {}
            }
        }
        rows.add(record).with_context(|| format!("{}: row {}", path.display(), i + 1))?;
    }
    Ok(rows.finish("parquet"))
}

/// Without the `parquet` feature, a Parquet input is refused with a message saying so.
#[cfg(not(feature = "parquet"))]
pub fn read_parquet(path: &Path) -> Result<Inventory> {
    anyhow::bail!(
        "{} is a Parquet file: this mamori was built without the `parquet` feature",
        path.display()
    )
}
