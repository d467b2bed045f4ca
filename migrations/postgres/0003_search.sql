-- Transactional outbox: a content change and its index job commit together; the indexer
-- drains this table into the search engine (and `reindex` can always rebuild).
CREATE TABLE search_outbox (
    id BIGSERIAL PRIMARY KEY,
    doc_id TEXT NOT NULL,
    show_id BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);

-- Per-show synonym groups, as JSON [["dany","daenerys targaryen"], …].
CREATE TABLE show_synonyms (
    show_id BIGINT PRIMARY KEY REFERENCES shows(id) ON DELETE CASCADE,
    groups_json TEXT NOT NULL
);
