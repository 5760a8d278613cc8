-- +goose Up
-- Invoice search (q) by parties, as PostgreSQL's 00220 (issue 16;
-- store/sqlite/text_search.go, sqlstore/text_search.go). An invoice's
-- search text is its own part (the id always; the UUID and the series and
-- folio when present) and its client's part (legal name, name, RFC,
-- e-mail), joined by \x1f, which q cannot hold: q matches one part or the
-- other. Many invoices share one client's part, so it is kept once per team
-- and mode in search_parties, with its own trigram index (party_fts), and
-- invoice_search keeps per invoice its own part (the only text invoice_fts
-- indexes now) and the key of its client's part. How many invoices each
-- party has is kept in invoice_counts under the facet 'q<party>' (pending
-- invoices aside, as every facet), so a search by a client's name finds a
-- few parties, reads its page from the index of their invoices in time
-- order and sums its total, however many invoices share that name.

-- invoice_search_parts splits each invoice's search text after its k-th
-- separator, k the number of its own parts (1 to 3). t is the text with a
-- separator added at its end, so that each instr finds one (past the end:
-- no party); SQLite evaluates an expression each time a column of a
-- flattened subquery names it, so each is named once or twice.
CREATE VIEW invoice_search_parts (id, team_id, livemode, type, status, created_at, own, party) AS
    SELECT id, team_id, livemode, type, status, created_at, substr(search, 1, e - 1), nullif(substr(search, e + 1), '')
    FROM (SELECT *, CASE k WHEN 1 THEN p1 WHEN 2 THEN p2 ELSE p2 + instr(substr(t, p2 + 1), char(31)) END AS e
        FROM (SELECT *, p1 + instr(substr(t, p1 + 1), char(31)) AS p2
            FROM (SELECT *, instr(t, char(31)) AS p1
                FROM (SELECT id, team_id, livemode, type, status, created_at, search, search || char(31) AS t,
                        1 + (uuid IS NOT NULL) + (series <> '' OR folio > 0) AS k
                    FROM invoices))));

DROP TRIGGER invoices_search_delete;
DROP TRIGGER invoices_search_kind;
DROP TRIGGER invoices_search_update;
DROP TRIGGER invoices_search_insert;
DROP TRIGGER invoice_search_delete;
DROP TRIGGER invoice_search_insert;
DROP TABLE invoice_fts;
DROP TABLE invoice_search;

CREATE TABLE search_parties (
    n        INTEGER NOT NULL PRIMARY KEY,
    team_id  TEXT    NOT NULL,
    livemode INTEGER NOT NULL,
    search   TEXT    NOT NULL,
    UNIQUE (team_id, livemode, search)
) STRICT;
CREATE VIRTUAL TABLE party_fts USING fts5 (search, content = '', contentless_delete = 1, detail = none,
    tokenize = 'trigram case_sensitive 1');
CREATE TABLE invoice_search (
    n          INTEGER NOT NULL PRIMARY KEY,
    id         TEXT    NOT NULL UNIQUE,
    team_id    TEXT    NOT NULL,
    livemode   INTEGER NOT NULL,
    type       TEXT    NOT NULL,
    status     TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    party      INTEGER,
    search     TEXT    NOT NULL
) STRICT;
CREATE VIRTUAL TABLE invoice_fts USING fts5 (search, content = '', contentless_delete = 1, detail = none,
    tokenize = 'trigram case_sensitive 1');

INSERT INTO search_parties (team_id, livemode, search)
    SELECT DISTINCT team_id, livemode, party FROM invoice_search_parts WHERE party IS NOT NULL;
INSERT INTO party_fts (rowid, search) SELECT n, search FROM search_parties;
INSERT INTO invoice_search (id, team_id, livemode, type, status, created_at, party, search)
    SELECT v.id, v.team_id, v.livemode, v.type, v.status, v.created_at, p.n, v.own
    FROM invoice_search_parts v LEFT JOIN search_parties p
        ON p.team_id = v.team_id AND p.livemode = v.livemode AND p.search = v.party;
INSERT INTO invoice_fts (rowid, search) SELECT n, search FROM invoice_search;
-- A party's invoices in time order, with what a search's kind filters
-- read; and its pending ones, which kept counts leave out.
CREATE INDEX invoice_search_party ON invoice_search (team_id, livemode, party, created_at, id, status, type);
CREATE INDEX invoice_search_pending ON invoice_search (team_id, livemode, party) WHERE status = 'pending';
INSERT INTO invoice_counts (team_id, livemode, facet, type, status, n)
    SELECT team_id, livemode, 'q' || party, type, status, count(*) FROM invoice_search
    WHERE party IS NOT NULL AND status <> 'pending'
    GROUP BY team_id, livemode, party, type, status;

-- +goose StatementBegin
CREATE TRIGGER search_parties_insert AFTER INSERT ON search_parties BEGIN
    INSERT INTO party_fts (rowid, search) VALUES (new.n, new.search);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER invoice_search_insert AFTER INSERT ON invoice_search BEGIN
    INSERT INTO invoice_fts (rowid, search) VALUES (new.n, new.search);
    INSERT INTO invoice_counts (team_id, livemode, facet, type, status, n)
        SELECT new.team_id, new.livemode, 'q' || new.party, new.type, new.status, 1
        WHERE new.party IS NOT NULL AND new.status <> 'pending'
        ON CONFLICT DO UPDATE SET n = n + 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER invoice_search_kind AFTER UPDATE OF type, status ON invoice_search
    WHEN new.party IS NOT NULL AND (old.type <> new.type OR old.status <> new.status) BEGIN
    UPDATE invoice_counts SET n = n - 1
        WHERE team_id = old.team_id AND livemode = old.livemode AND facet = 'q' || old.party
        AND type = old.type AND status = old.status AND old.status <> 'pending';
    INSERT INTO invoice_counts (team_id, livemode, facet, type, status, n)
        SELECT new.team_id, new.livemode, 'q' || new.party, new.type, new.status, 1
        WHERE new.status <> 'pending'
        ON CONFLICT DO UPDATE SET n = n + 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER invoice_search_delete AFTER DELETE ON invoice_search BEGIN
    DELETE FROM invoice_fts WHERE rowid = old.n;
    UPDATE invoice_counts SET n = n - 1
        WHERE team_id = old.team_id AND livemode = old.livemode AND facet = 'q' || old.party
        AND type = old.type AND status = old.status AND old.party IS NOT NULL AND old.status <> 'pending';
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER invoices_search_insert AFTER INSERT ON invoices BEGIN
    INSERT INTO search_parties (team_id, livemode, search)
        SELECT team_id, livemode, party FROM invoice_search_parts WHERE id = new.id AND party IS NOT NULL
        ON CONFLICT DO NOTHING;
    INSERT INTO invoice_search (id, team_id, livemode, type, status, created_at, party, search)
        SELECT v.id, v.team_id, v.livemode, v.type, v.status, v.created_at, (SELECT p.n FROM search_parties p
            WHERE p.team_id = v.team_id AND p.livemode = v.livemode AND p.search = v.party), v.own
        FROM invoice_search_parts v WHERE v.id = new.id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER invoices_search_update AFTER UPDATE OF search ON invoices WHEN old.search <> new.search BEGIN
    DELETE FROM invoice_search WHERE id = old.id;
    INSERT INTO search_parties (team_id, livemode, search)
        SELECT team_id, livemode, party FROM invoice_search_parts WHERE id = new.id AND party IS NOT NULL
        ON CONFLICT DO NOTHING;
    INSERT INTO invoice_search (id, team_id, livemode, type, status, created_at, party, search)
        SELECT v.id, v.team_id, v.livemode, v.type, v.status, v.created_at, (SELECT p.n FROM search_parties p
            WHERE p.team_id = v.team_id AND p.livemode = v.livemode AND p.search = v.party), v.own
        FROM invoice_search_parts v WHERE v.id = new.id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER invoices_search_kind AFTER UPDATE OF type, status ON invoices
    WHEN old.type <> new.type OR old.status <> new.status BEGIN
    UPDATE invoice_search SET type = new.type, status = new.status WHERE id = new.id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER invoices_search_delete AFTER DELETE ON invoices BEGIN
    DELETE FROM invoice_search WHERE id = old.id;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER invoices_search_delete;
DROP TRIGGER invoices_search_kind;
DROP TRIGGER invoices_search_update;
DROP TRIGGER invoices_search_insert;
DROP TRIGGER invoice_search_delete;
DROP TRIGGER invoice_search_kind;
DROP TRIGGER invoice_search_insert;
DROP TRIGGER search_parties_insert;
DELETE FROM invoice_counts WHERE facet LIKE 'q%';
DROP TABLE invoice_fts;
DROP TABLE invoice_search;
DROP TABLE party_fts;
DROP TABLE search_parties;
DROP VIEW invoice_search_parts;
CREATE TABLE invoice_search (
    n          INTEGER NOT NULL PRIMARY KEY,
    id         TEXT    NOT NULL UNIQUE,
    team_id    TEXT    NOT NULL,
    livemode   INTEGER NOT NULL,
    type       TEXT    NOT NULL,
    status     TEXT    NOT NULL,
    search     TEXT    NOT NULL,
    created_at INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE VIRTUAL TABLE invoice_fts USING fts5 (search, content = '', contentless_delete = 1, detail = none,
    tokenize = 'trigram case_sensitive 1');
INSERT INTO invoice_search (id, team_id, livemode, type, status, search, created_at)
    SELECT id, team_id, livemode, type, status, search, created_at FROM invoices;
INSERT INTO invoice_fts (rowid, search) SELECT n, search FROM invoice_search;
-- +goose StatementBegin
CREATE TRIGGER invoice_search_insert AFTER INSERT ON invoice_search BEGIN
    INSERT INTO invoice_fts (rowid, search) VALUES (new.n, new.search);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER invoice_search_delete AFTER DELETE ON invoice_search BEGIN
    DELETE FROM invoice_fts WHERE rowid = old.n;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER invoices_search_insert AFTER INSERT ON invoices BEGIN
    INSERT INTO invoice_search (id, team_id, livemode, type, status, search, created_at)
        VALUES (new.id, new.team_id, new.livemode, new.type, new.status, new.search, new.created_at);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER invoices_search_update AFTER UPDATE OF search ON invoices WHEN old.search <> new.search BEGIN
    DELETE FROM invoice_search WHERE id = old.id;
    INSERT INTO invoice_search (id, team_id, livemode, type, status, search, created_at)
        VALUES (new.id, new.team_id, new.livemode, new.type, new.status, new.search, new.created_at);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER invoices_search_kind AFTER UPDATE OF type, status ON invoices
    WHEN old.type <> new.type OR old.status <> new.status BEGIN
    UPDATE invoice_search SET type = new.type, status = new.status WHERE id = new.id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER invoices_search_delete AFTER DELETE ON invoices BEGIN
    DELETE FROM invoice_search WHERE id = old.id;
END;
-- +goose StatementEnd
