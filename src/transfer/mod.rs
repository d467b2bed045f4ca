//! Moving a whole community between databases (`cliffhanger migrate-data`) and taking a
//! consistent copy of a running one (`cliffhanger backup`).
pub mod backup;
pub mod migrate;
mod order;
pub mod verify;
