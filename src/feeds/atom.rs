//! A feed written as Atom (RFC 4287), and the validators conditional GET compares.
use atom_syndication::{
    Content, Entry as AtomEntry, Feed as AtomFeed, FixedDateTime, Link, Person, Text,
};
use sha2::{Digest, Sha256};

use super::model::Feed;
use crate::time_util::iso_ms;

/// The feed's XML, ready to send.
pub struct Rendered {
    pub xml: String,
    /// A strong validator: a hash of the XML itself, so any change a reader would see (an
    /// entry, a title, the region, an edit) changes it.
    pub etag: String,
    /// The newest entry's time (unix ms); None for a feed without entries.
    pub last_modified: Option<i64>,
}

fn at(ms: i64) -> FixedDateTime {
    // `iso_ms` writes RFC 3339, which this parses; the epoch only for an impossible time.
    FixedDateTime::parse_from_rfc3339(&iso_ms(ms)).unwrap_or_default()
}

fn link(href: String, rel: &str, mime: Option<&str>) -> Link {
    Link {
        href,
        rel: rel.into(),
        mime_type: mime.map(str::to_string),
        ..Link::default()
    }
}

pub fn render(feed: &Feed) -> Rendered {
    let last_modified = feed.entries.iter().map(|e| e.updated).max();
    let entries: Vec<AtomEntry> = feed
        .entries
        .iter()
        .map(|e| AtomEntry {
            id: e.id.clone(),
            title: Text::plain(e.title.clone()),
            updated: at(e.updated),
            published: Some(at(e.published)),
            authors: vec![Person {
                name: e.author.clone(),
                ..Person::default()
            }],
            links: vec![link(e.link.clone(), "alternate", Some("text/html"))],
            content: Some(Content {
                value: Some(e.html.clone()),
                content_type: Some("html".into()),
                ..Content::default()
            }),
            ..AtomEntry::default()
        })
        .collect();
    let out = AtomFeed {
        id: feed.self_url.clone(),
        title: Text::plain(feed.title.clone()),
        // A feed without entries has not changed since the epoch: a fixed time keeps its
        // validator fixed too.
        updated: at(last_modified.unwrap_or(0)),
        links: vec![
            link(feed.self_url.clone(), "self", Some("application/atom+xml")),
            link(feed.page_url.clone(), "alternate", Some("text/html")),
        ],
        generator: Some(atom_syndication::Generator {
            value: "Cliffhanger".into(),
            ..Default::default()
        }),
        entries,
        ..AtomFeed::default()
    };
    let xml = out.to_string();
    let digest = Sha256::digest(xml.as_bytes());
    Rendered {
        etag: hex::encode(&digest[..16]),
        xml,
        last_modified,
    }
}
