//! What the indexes store. Every show's index has the same schema; the site-wide index has
//! those fields too, in the same order, plus the document's show. So one `Fields` serves
//! them all.
use tantivy::schema::{
    Field, IndexRecordOption, Schema, SchemaBuilder, TextFieldIndexing, TextOptions, FAST, INDEXED,
    STORED, STRING,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer,
};
use tantivy::{doc, TantivyDocument};

use super::super::{SearchDoc, SearchError};
use super::errors::other;

pub const TOKENIZER: &str = "cliffhanger";

#[derive(Clone, Copy)]
pub struct Fields {
    pub id: Field,
    pub(super) kind: Field,
    pub(super) season: Field,
    pub(super) episode: Field,
    pub(super) board: Field,
    pub(super) author: Field,
    pub(super) lang: Field,
    pub(super) title: Field,
    pub(super) body: Field,
    pub(super) created_at: Field,
    pub json: Field,
    /// The show, in the site-wide index only.
    pub show: Field,
}

pub const CREATED_AT: &str = "created_at";

/// The schemas of a show's index and of the site-wide index.
pub struct Schemas {
    /// No `show_id` field: the index a document sits in says which show it belongs to.
    pub show: Schema,
    /// A show's fields, then `show_id` to filter and attribute hits.
    pub site: Schema,
    pub fields: Fields,
}

/// The fields every index has, `show` still unset.
fn common() -> (SchemaBuilder, Fields) {
    let mut b = Schema::builder();
    let text = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(TOKENIZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let id = b.add_text_field("id", STRING);
    let fields = Fields {
        id,
        kind: b.add_text_field("kind", STRING),
        season: b.add_i64_field("season", INDEXED),
        episode: b.add_text_field("episode", STRING),
        board: b.add_text_field("board", STRING),
        author: b.add_text_field("author", STRING),
        lang: b.add_text_field("lang", STRING),
        title: b.add_text_field("title", text.clone()),
        body: b.add_text_field("body", text),
        created_at: b.add_i64_field(CREATED_AT, FAST),
        json: b.add_text_field("json", STORED),
        show: id,
    };
    (b, fields)
}

pub fn schemas() -> Schemas {
    let (show, fields) = common();
    let (mut site, _) = common();
    let show_field = site.add_i64_field("show_id", INDEXED);
    Schemas {
        show: show.build(),
        site: site.build(),
        fields: Fields {
            show: show_field,
            ..fields
        },
    }
}

pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

impl Fields {
    /// The document for its show's index.
    pub fn document(&self, d: &SearchDoc) -> Result<TantivyDocument, SearchError> {
        let mut doc = doc!(
            self.id => d.id.as_str(),
            self.kind => d.kind.as_str(),
            self.title => d.title.as_str(),
            self.body => d.body.as_str(),
            self.created_at => d.created_at,
            self.json => serde_json::to_string(d).map_err(other)?,
        );
        if let Some(s) = d.season {
            doc.add_i64(self.season, s);
        }
        if let Some(e) = &d.episode_code {
            doc.add_text(self.episode, e.to_lowercase());
        }
        if let Some(b) = &d.board {
            doc.add_text(self.board, b);
        }
        if let Some(a) = &d.author {
            doc.add_text(self.author, a.to_lowercase());
        }
        if let Some(l) = &d.lang {
            doc.add_text(self.lang, l);
        }
        Ok(doc)
    }

    /// The same document for the site-wide index: `doc` (from [`Fields::document`]) and its
    /// show.
    pub fn site_document(&self, doc: &TantivyDocument, show: i64) -> TantivyDocument {
        let mut doc = doc.clone();
        doc.add_i64(self.show, show);
        doc
    }
}
