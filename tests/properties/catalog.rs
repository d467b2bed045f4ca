//! Catalogue import, the part checked before the database: arbitrary text and arbitrary
//! JSON of the right shape never panic; a well-formed catalogue is accepted whole.
use cliffhanger::catalog::{import, parse_air_date_lines};
use proptest::prelude::*;
use serde_json::{json, Value};

use crate::strategies::{config, unicode_text};

/// Any JSON value, nested a little: the fields of a catalogue get every type.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        (-1000i64..1000).prop_map(Value::from),
        any::<f64>().prop_map(|f| json!(f)),
        unicode_text().prop_map(Value::from),
        "[0-9]{4}-[0-9]{2}-[0-9]{2}".prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            prop::collection::btree_map("[a-z_A-Z]{1,12}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn episode() -> impl Strategy<Value = Value> {
    (
        1i64..999,
        "[A-Za-z][A-Za-z ]{0,30}",
        0i64..1000,
        "[A-Z]{2}",
        1990i32..2030,
        1u8..13,
        1u8..29,
    )
        .prop_map(|(number, title, runtime, region, y, m, d)| {
            let mut air_dates = serde_json::Map::new();
            air_dates.insert(region, format!("{y:04}-{m:02}-{d:02}").into());
            json!({
                "number": number,
                "title": title,
                "runtime_min": runtime,
                "air_dates": air_dates,
            })
        })
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn arbitrary_text_never_panics(text in unicode_text()) {
        let _ = import::parse(&text);
        let _ = parse_air_date_lines(&text);
    }

    #[test]
    fn arbitrary_json_in_the_fields_never_panics(
        slug in any_json(),
        title in any_json(),
        number in any_json(),
        ep in any_json(),
        air in any_json(),
    ) {
        let text = json!({"shows": [{
            "slug": slug,
            "title": title,
            "seasons": [{"number": number, "episodes": [ep, {"number": 1, "title": "A", "air_dates": air}]}],
        }]})
        .to_string();
        let _ = import::parse(&text);
    }

    #[test]
    fn a_well_formed_catalogue_is_accepted(
        slug in "[a-z][a-z0-9]{0,10}(-[a-z0-9]{1,5}){0,2}",
        season in 0i64..999,
        episodes in prop::collection::btree_map(1i64..999, episode(), 1..5),
    ) {
        let episodes: Vec<Value> = episodes
            .into_iter()
            .map(|(n, mut e)| {
                e["number"] = n.into();
                e
            })
            .collect();
        let count = episodes.len();
        let text = json!({"shows": [{"slug": slug, "title": "Show", "seasons": [{"number": season, "episodes": episodes}]}]}).to_string();
        match import::parse(&text) {
            Ok(shows) => prop_assert_eq!(shows.len(), 1),
            Err(e) => return Err(TestCaseError::fail(format!("{e}: {text} ({count} episodes)"))),
        }
    }
}
