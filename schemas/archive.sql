-- The minutes archive, schema version 1: one normalized schema for every language.
-- Applied by minutes/store.py as the first sqlite-utils migration; later changes are new migrations.
-- Every extracted row keeps its provenance: document, page and character span in documents.text.

CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    filename TEXT NOT NULL,
    sha256 TEXT NOT NULL UNIQUE,
    media_type TEXT NOT NULL,
    pages INTEGER NOT NULL,
    ocr INTEGER NOT NULL DEFAULT 0,
    language TEXT,
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    page_starts TEXT NOT NULL,        -- JSON list: the offset in text where each page begins
    blocks TEXT NOT NULL,             -- JSON: the reader's blocks, so `minutes reparse` needs no source file
    warnings TEXT NOT NULL,           -- JSON list of {code, message}
    parser_version TEXT NOT NULL,
    version INTEGER NOT NULL,         -- 1 for the first file of this name, 2 for its first change ...
    previous_version_id INTEGER REFERENCES documents(id),
    is_current INTEGER NOT NULL DEFAULT 1,
    ingested_at TEXT NOT NULL
);
CREATE INDEX documents_filename ON documents(filename);

CREATE TABLE organizations (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);

CREATE TABLE bodies (
    id INTEGER PRIMARY KEY,
    organization_id INTEGER REFERENCES organizations(id),
    name TEXT NOT NULL,
    UNIQUE (organization_id, name)
);

CREATE TABLE meetings (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL UNIQUE REFERENCES documents(id) ON DELETE CASCADE,
    body_id INTEGER REFERENCES bodies(id),
    title TEXT,
    date TEXT,
    start_time TEXT,
    end_time TEXT,
    location TEXT,
    extraordinary INTEGER,
    present_count INTEGER,
    member_count INTEGER
);
CREATE INDEX meetings_body_date ON meetings(body_id, date);

CREATE TABLE agenda_items (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    number TEXT,
    title TEXT NOT NULL,
    text TEXT NOT NULL,
    public INTEGER NOT NULL,          -- 0 for closed items (nichtöffentlich, lukket punkt): publishing withholds them
    case_number TEXT,
    page INTEGER,
    span_start INTEGER,
    span_end INTEGER
);
CREATE INDEX agenda_items_meeting ON agenda_items(meeting_id, position);

CREATE TABLE decisions (
    id INTEGER PRIMARY KEY,
    agenda_item_id INTEGER NOT NULL UNIQUE REFERENCES agenda_items(id) ON DELETE CASCADE,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    outcome TEXT,                     -- approved, rejected, postponed, referred, noted, discussed
    unanimous INTEGER,
    votes_for INTEGER,
    votes_against INTEGER,
    votes_abstain INTEGER,
    page INTEGER,
    span_start INTEGER,
    span_end INTEGER
);
CREATE INDEX decisions_outcome ON decisions(outcome);

CREATE TABLE attachments (
    id INTEGER PRIMARY KEY,
    agenda_item_id INTEGER NOT NULL REFERENCES agenda_items(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    title TEXT NOT NULL
);
CREATE INDEX attachments_item ON attachments(agenda_item_id);

-- One row per person within an organization (or, where none is known, within a body).
CREATE TABLE people (
    id INTEGER PRIMARY KEY,
    organization_id INTEGER REFERENCES organizations(id),
    body_id INTEGER REFERENCES bodies(id),
    name TEXT NOT NULL,
    role TEXT
);
CREATE INDEX people_name ON people(name);

CREATE TABLE person_aliases (
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    alias TEXT NOT NULL,
    PRIMARY KEY (person_id, alias)
);

-- Attendance of a meeting (agenda_item_id NULL) or absence from one item.
CREATE TABLE participations (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    agenda_item_id INTEGER REFERENCES agenda_items(id) ON DELETE CASCADE,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people(id),
    name_as_written TEXT NOT NULL,
    status TEXT NOT NULL,             -- present or absent
    excused INTEGER,
    role TEXT,
    function TEXT,                    -- chair, minute_taker, member, guest
    page INTEGER,
    span_start INTEGER,
    span_end INTEGER
);
CREATE INDEX participations_person ON participations(person_id, status);
CREATE INDEX participations_meeting ON participations(meeting_id);

CREATE TABLE action_items (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    agenda_item_id INTEGER REFERENCES agenda_items(id) ON DELETE CASCADE,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    due TEXT,                         -- YYYY-MM-DD, YYYY-MM or YYYY, as precise as written
    due_end TEXT,
    due_text TEXT,
    page INTEGER,
    span_start INTEGER,
    span_end INTEGER
);
CREATE INDEX action_items_due ON action_items(due);

CREATE TABLE action_item_owners (
    action_item_id INTEGER NOT NULL REFERENCES action_items(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    owner TEXT NOT NULL,
    person_id INTEGER REFERENCES people(id),
    PRIMARY KEY (action_item_id, position)
);

-- Every ingest attempt: stored, unchanged (same bytes again) or failed, with the reason.
CREATE TABLE ingest_log (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL,
    sha256 TEXT,
    attempted_at TEXT NOT NULL,
    outcome TEXT NOT NULL,
    document_id INTEGER REFERENCES documents(id) ON DELETE SET NULL,
    error TEXT
);

-- Full-text search over stemmed, folded copies (see minutes/search_text.py). A plain FTS5 table
-- written by the store in the same transaction as its sources: no triggers for transform() to
-- drop, no external content to go stale.
CREATE VIRTUAL TABLE search USING fts5(
    title,
    body,
    document_id UNINDEXED,
    source_table UNINDEXED,
    source_id UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 2'
);
