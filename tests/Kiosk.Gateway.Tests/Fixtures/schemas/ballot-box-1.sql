-- ballot-box.db as every release wrote it until its files were numbered (user_version 0):
-- the CREATE statements of commit a3eb675 (gateway/Kiosk.Voting/Box/WaitingVoteStore.cs), unchanged since; one waiting vote.
CREATE TABLE queued(
    id BLOB PRIMARY KEY NOT NULL,
    gateway BLOB NOT NULL,
    ballot TEXT NOT NULL,
    body BLOB NOT NULL,
    tracker TEXT NOT NULL,
    batch BLOB
) WITHOUT ROWID;
CREATE INDEX queued_by_ballot ON queued(gateway, ballot);
INSERT INTO queued VALUES(x'00112233445566778899aabbccddeeff', x'0101010101010101010101010101010101010101010101010101010101010101', 'motion-quiet-hours', x'7b7d', 'ABCD-EFGH', NULL);
