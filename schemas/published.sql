-- The published database: what `minutes serve` and `minutes publish` expose, built from the archive
-- by minutes/publish.py. It holds only what may be published: no closed (non-public) agenda item,
-- nor its decision, attachments, absences or action items; document text with closed items cut
-- out; no ingest log. Body, organization, year and language are repeated on the tables researchers
-- filter, so that every facet is one indexed column.

CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    filename TEXT NOT NULL,
    title TEXT,
    language TEXT,
    kind TEXT NOT NULL,
    media_type TEXT NOT NULL,
    pages INTEGER NOT NULL,
    ocr INTEGER NOT NULL,
    version INTEGER NOT NULL,         -- only the current version of each document is published
    ingested_at TEXT NOT NULL,
    withheld_items INTEGER NOT NULL,  -- closed agenda items cut out of text
    text_withheld TEXT,               -- why the whole text and source file are withheld, if they are
    text TEXT NOT NULL
);
CREATE INDEX documents_kind ON documents(kind);
CREATE INDEX documents_language ON documents(language);

CREATE TABLE document_files (
    document_id INTEGER PRIMARY KEY REFERENCES documents(id),
    filename TEXT NOT NULL,
    media_type TEXT NOT NULL,
    content BLOB NOT NULL
);

CREATE TABLE organizations (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL
);

CREATE TABLE bodies (
    id INTEGER PRIMARY KEY,
    organization_id INTEGER REFERENCES organizations(id),
    name TEXT NOT NULL
);

CREATE TABLE meetings (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    body_id INTEGER REFERENCES bodies(id),
    organization_id INTEGER REFERENCES organizations(id),
    language TEXT,
    title TEXT,
    date TEXT,
    year TEXT,
    start_time TEXT,
    end_time TEXT,
    location TEXT,
    extraordinary INTEGER,
    present_count INTEGER,
    member_count INTEGER
);
CREATE INDEX meetings_date ON meetings(date);
CREATE INDEX meetings_body ON meetings(body_id);
CREATE INDEX meetings_organization ON meetings(organization_id);
CREATE INDEX meetings_year ON meetings(year);
CREATE INDEX meetings_language ON meetings(language);

CREATE TABLE agenda_items (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id),
    document_id INTEGER NOT NULL REFERENCES documents(id),
    body_id INTEGER REFERENCES bodies(id),
    organization_id INTEGER REFERENCES organizations(id),
    language TEXT,
    year TEXT,
    position INTEGER NOT NULL,
    number TEXT,
    title TEXT NOT NULL,
    case_number TEXT,
    text TEXT NOT NULL,
    page INTEGER,
    span_start INTEGER,
    span_end INTEGER
);
CREATE INDEX agenda_items_meeting ON agenda_items(meeting_id, position);
CREATE INDEX agenda_items_body ON agenda_items(body_id);
CREATE INDEX agenda_items_organization ON agenda_items(organization_id);
CREATE INDEX agenda_items_year ON agenda_items(year);
CREATE INDEX agenda_items_language ON agenda_items(language);

CREATE TABLE decisions (
    id INTEGER PRIMARY KEY,
    agenda_item_id INTEGER NOT NULL REFERENCES agenda_items(id),
    meeting_id INTEGER NOT NULL REFERENCES meetings(id),
    document_id INTEGER NOT NULL REFERENCES documents(id),
    body_id INTEGER REFERENCES bodies(id),
    organization_id INTEGER REFERENCES organizations(id),
    language TEXT,
    year TEXT,
    date TEXT,
    outcome TEXT,
    unanimous INTEGER,
    votes_for INTEGER,
    votes_against INTEGER,
    votes_abstain INTEGER,
    text TEXT NOT NULL,
    page INTEGER,
    span_start INTEGER,
    span_end INTEGER
);
CREATE INDEX decisions_outcome ON decisions(outcome);
CREATE INDEX decisions_body ON decisions(body_id);
CREATE INDEX decisions_organization ON decisions(organization_id);
CREATE INDEX decisions_year ON decisions(year);
CREATE INDEX decisions_language ON decisions(language);
CREATE INDEX decisions_meeting ON decisions(meeting_id);

CREATE TABLE attachments (
    id INTEGER PRIMARY KEY,
    agenda_item_id INTEGER NOT NULL REFERENCES agenda_items(id),
    position INTEGER NOT NULL,
    title TEXT NOT NULL
);
CREATE INDEX attachments_item ON attachments(agenda_item_id);

CREATE TABLE people (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    role TEXT,
    organization_id INTEGER REFERENCES organizations(id),
    body_id INTEGER REFERENCES bodies(id)
);
CREATE INDEX people_name ON people(name);

CREATE TABLE participations (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id),
    agenda_item_id INTEGER REFERENCES agenda_items(id),
    document_id INTEGER NOT NULL REFERENCES documents(id),
    person_id INTEGER NOT NULL REFERENCES people(id),
    body_id INTEGER REFERENCES bodies(id),
    year TEXT,
    name_as_written TEXT NOT NULL,
    status TEXT NOT NULL,
    excused INTEGER,
    role TEXT,
    function TEXT,
    page INTEGER,
    span_start INTEGER,
    span_end INTEGER
);
CREATE INDEX participations_person ON participations(person_id, status);
CREATE INDEX participations_meeting ON participations(meeting_id);

CREATE TABLE action_items (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id),
    agenda_item_id INTEGER REFERENCES agenda_items(id),
    document_id INTEGER NOT NULL REFERENCES documents(id),
    body_id INTEGER REFERENCES bodies(id),
    language TEXT,
    text TEXT NOT NULL,
    owners TEXT,
    due TEXT,
    due_end TEXT,
    due_text TEXT,
    page INTEGER,
    span_start INTEGER,
    span_end INTEGER
);
CREATE INDEX action_items_due ON action_items(due);
CREATE INDEX action_items_meeting ON action_items(meeting_id);

CREATE TABLE action_item_owners (
    action_item_id INTEGER NOT NULL REFERENCES action_items(id),
    position INTEGER NOT NULL,
    owner TEXT NOT NULL,
    person_id INTEGER REFERENCES people(id),
    PRIMARY KEY (action_item_id, position)
);

-- One full-text table per searchable table, rowid = the row's id, holding the archive's stemmed
-- and folded text; the minutes Datasette plugin folds and stems the query the same way.
CREATE VIRTUAL TABLE documents_fts USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2', detail = column);
CREATE VIRTUAL TABLE agenda_items_fts USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2', detail = column);
CREATE VIRTUAL TABLE decisions_fts USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2', detail = column);
CREATE VIRTUAL TABLE action_items_fts USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2', detail = column);
