-- devices.db as every release wrote it until its files were numbered (user_version 0):
-- the CREATE statements of commit 92b966c (gateway/Kiosk.Devices/DeviceRegistry.cs), unchanged since; one enrolled button.
CREATE TABLE devices(device TEXT PRIMARY KEY, secret BLOB NOT NULL, created TEXT NOT NULL);
CREATE TABLE last_press(device TEXT PRIMARY KEY, counter INTEGER NOT NULL, hmac TEXT NOT NULL, ack BLOB NOT NULL);
INSERT INTO devices VALUES('button-1', x'000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', '2026-11-23T12:00:00Z');
