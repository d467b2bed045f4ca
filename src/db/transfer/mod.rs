//! Whole-database copy for `cliffhanger migrate-data` and online backup: the schema as the
//! database itself reports it (so a new migration needs no change here), rows read and
//! written by primary key in batches, a progress table in the target for resuming, and the
//! id sequences. Both backends on either side.
mod progress;
mod rows;
mod schema;
mod sequences;
mod sql;
mod values;

pub use progress::{Progress, TableProgress};
pub use rows::{insert_batch, is_empty, read_batch, row_count, vacuum_into, wipe};
pub use schema::{tables, Column, Kind, Table};
pub use sequences::{high_water_mark, move_sequence};
pub use sql::PROGRESS_TABLE;
pub use values::Value;
