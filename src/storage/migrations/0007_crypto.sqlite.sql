-- inscrm schema version 7, SQLite dialect: field encryption, blind indexes and erasure
-- (src/storage/crypto/personal_cipher.hpp). Keep in step with 0007_crypto.postgresql.sql.
--
-- customers.data_key: the customer's data key wrapped by the master key (NULL once erased, or in a
-- plain-text database); customers.sealed: the personal fields (identity number, phones, e-mails,
-- addresses, income) packed and sealed under that data key. The plain columns of those fields hold
-- NULL / '[]' in an encrypted database.
ALTER TABLE customers ADD COLUMN data_key TEXT;
ALTER TABLE customers ADD COLUMN sealed TEXT;
ALTER TABLE customers ADD COLUMN erased_on INTEGER;

-- Keyed BLAKE2b digests (64 bits) of identity numbers, phones and e-mails: the only way to look a customer up
-- by them. Keyed by (digest, customer): a lookup is one index range, and an update or erasure
-- deletes the digests it recomputes from the record it replaces (no second index to maintain).
CREATE TABLE customer_blind_index (
  digest INTEGER NOT NULL,
  customer_id INTEGER NOT NULL,
  PRIMARY KEY (digest, customer_id)
) WITHOUT ROWID;

-- The database's key material, all wrapped: 'index_key' (the blind-index key under the master key)
-- and 'mode' ('encrypted' or 'plain', fixed at first open).
CREATE TABLE crypto_keys (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
