//! One column value, read whatever its SQL type, in the form both sides agree on: a flag is
//! an integer (SQLite stores 0/1, PostgreSQL may say BOOLEAN), any integer width is i64,
//! any float is f64.
use serde::{Deserialize, Serialize};
use sqlx::any::{AnyArguments, AnyRow, AnyTypeInfoKind};
use sqlx::{Row, ValueRef as _};

use super::schema::Kind;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Value {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

impl Value {
    /// Column `i` of `row`, by the type the driver reports for this value.
    pub fn read(row: &AnyRow, i: usize) -> Result<Value, sqlx::Error> {
        let raw = row.try_get_raw(i)?;
        if raw.is_null() {
            return Ok(Value::Null);
        }
        let kind = raw.type_info().kind();
        Ok(match kind {
            AnyTypeInfoKind::Null => Value::Null,
            AnyTypeInfoKind::Bool => Value::Int(i64::from(row.try_get::<bool, _>(i)?)),
            AnyTypeInfoKind::SmallInt | AnyTypeInfoKind::Integer | AnyTypeInfoKind::BigInt => {
                Value::Int(row.try_get::<i64, _>(i)?)
            }
            AnyTypeInfoKind::Real | AnyTypeInfoKind::Double => Value::Real(row.try_get(i)?),
            AnyTypeInfoKind::Text => Value::Text(row.try_get(i)?),
            AnyTypeInfoKind::Blob => Value::Blob(row.try_get(i)?),
        })
    }

    /// Writes the canonical text form checksums hash: a type tag, then the value; text and
    /// blobs carry their length so that no two rows encode alike.
    pub fn canonical(&self, out: &mut Vec<u8>) {
        match self {
            Value::Null => out.push(b'N'),
            Value::Int(v) => out.extend_from_slice(format!("I{v};").as_bytes()),
            // `{:?}` is the shortest text that reads back as the same f64.
            Value::Real(v) => out.extend_from_slice(format!("R{v:?};").as_bytes()),
            Value::Text(s) => {
                out.extend_from_slice(format!("T{}:", s.len()).as_bytes());
                out.extend_from_slice(s.as_bytes());
            }
            Value::Blob(b) => {
                out.extend_from_slice(format!("B{}:", b.len()).as_bytes());
                out.extend_from_slice(b);
            }
        }
    }

    fn kind_name(&self) -> &'static str {
        match self {
            Value::Null => "NULL",
            Value::Int(_) => "integer",
            Value::Real(_) => "float",
            Value::Text(_) => "text",
            Value::Blob(_) => "blob",
        }
    }

    /// Binds the value as a column of `kind` wants it (a NULL too is typed: PostgreSQL
    /// refuses a BIGINT NULL for a TEXT column). `what` names the column for the error.
    pub fn bind<'q>(
        self,
        kind: Kind,
        what: &str,
        q: sqlx::query::Query<'q, sqlx::Any, AnyArguments<'q>>,
    ) -> Result<sqlx::query::Query<'q, sqlx::Any, AnyArguments<'q>>, String> {
        Ok(match (self, kind) {
            (Value::Null, Kind::Int) => q.bind(None::<i64>),
            (Value::Null, Kind::Bool) => q.bind(None::<bool>),
            (Value::Null, Kind::Real) => q.bind(None::<f64>),
            (Value::Null, Kind::Text) => q.bind(None::<String>),
            (Value::Null, Kind::Blob) => q.bind(None::<Vec<u8>>),
            (Value::Int(v), Kind::Int) => q.bind(v),
            (Value::Int(v), Kind::Bool) => q.bind(v != 0),
            (Value::Int(v), Kind::Real) => q.bind(v as f64),
            (Value::Real(v), Kind::Real) => q.bind(v),
            (Value::Text(s), Kind::Text) => q.bind(s),
            (Value::Text(s), Kind::Blob) => q.bind(s.into_bytes()),
            (Value::Blob(b), Kind::Blob) => q.bind(b),
            (v, k) => {
                return Err(format!(
                    "{what}: a {} value does not fit the target's {k:?} column",
                    v.kind_name()
                ))
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enc(v: &[Value]) -> Vec<u8> {
        let mut out = Vec::new();
        v.iter().for_each(|v| v.canonical(&mut out));
        out
    }

    #[test]
    fn canonical_forms_keep_values_apart() {
        // A NULL, an empty text, a zero and "0" are four different values.
        let forms = [
            enc(&[Value::Null]),
            enc(&[Value::Text(String::new())]),
            enc(&[Value::Int(0)]),
            enc(&[Value::Text("0".into())]),
            enc(&[Value::Real(0.0)]),
        ];
        for (i, a) in forms.iter().enumerate() {
            for b in &forms[i + 1..] {
                assert_ne!(a, b);
            }
        }
        // Lengths keep column boundaries: ("ab","c") is not ("a","bc").
        assert_ne!(
            enc(&[Value::Text("ab".into()), Value::Text("c".into())]),
            enc(&[Value::Text("a".into()), Value::Text("bc".into())])
        );
    }
}
