-- ledger.db as every release wrote it until its files were numbered (user_version 0, meta row schema = 1):
-- the CREATE statements of commit dfc9550 (gateway/Kiosk.Ledger), unchanged since.
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE events(
  author BLOB NOT NULL, seq INTEGER NOT NULL, id BLOB NOT NULL, kind TEXT NOT NULL,
  authority INTEGER NOT NULL, raw BLOB NOT NULL, PRIMARY KEY(author, seq)) WITHOUT ROWID;
CREATE INDEX events_authority ON events(authority) WHERE authority = 1;
CREATE TABLE pending(author BLOB NOT NULL, seq INTEGER NOT NULL, raw BLOB NOT NULL, PRIMARY KEY(author, seq)) WITHOUT ROWID;
CREATE TABLE equivocations(author BLOB NOT NULL, seq INTEGER NOT NULL, id BLOB NOT NULL, raw BLOB NOT NULL, PRIMARY KEY(author, seq, id)) WITHOUT ROWID;
CREATE TABLE feeds(author BLOB PRIMARY KEY, head_seq INTEGER NOT NULL, head_id BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE members(key BLOB PRIMARY KEY, role TEXT NOT NULL, name TEXT NOT NULL, valid_through INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE devices(device TEXT PRIMARY KEY, gateway BLOB NOT NULL, label TEXT NOT NULL, member TEXT, revoked INTEGER NOT NULL) WITHOUT ROWID;
