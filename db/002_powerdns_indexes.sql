-- Dashboard provisioning, step 2 of 3: the dashboard's indexes on PowerDNS's records table.
-- Run in database pdns, after PowerDNS's own schema (schema.pgsql.sql) is loaded, as the owner of PowerDNS's tables
-- (or a superuser):   psql -X -d pdns -f db/002_powerdns_indexes.sql
-- Idempotent (IF NOT EXISTS). Platform provisioning, not EF: PowerDNS owns the table. Replicas get the indexes by
-- replication. On a large existing records table, CREATE INDEX CONCURRENTLY by hand first avoids blocking writes.
--   records_zone_grid_idx: one zone's (name, type) keys in order (C collation: byte order, LIKE 'prefix%' range scans)
--   records_zone_type_idx: the same, sorted by type first
--   records_name_trgm_idx / records_content_trgm_idx: substring match on names and contents (pg_trgm)
--   records_address_idx: exact A/AAAA lookups by address (partial: TXT contents can outgrow a btree row)
-- The trigram indexes keep GIN's fastupdate (its pending list, 4 MB): a change set of 1,000 then appends its entries,
-- and merging them into the index costs about 200 ms of work per 1,000 changes. With fastupdate off every apply paid
-- that and more (600 to 900 ms, 12,000 full-page images); with it on, whichever write filled the list paid the whole
-- merge (300 to 800 ms). Autovacuum's ANALYZE merges the list in the background, so records gets analyzed after every
-- 1,000 changed rows (whatever the table's size) instead of every 10% of it (the stack's autovacuum_naptime is 10s).
\set ON_ERROR_STOP on

CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX IF NOT EXISTS records_zone_grid_idx ON records (domain_id, name COLLATE "C", type);
CREATE INDEX IF NOT EXISTS records_zone_type_idx ON records (domain_id, type, name COLLATE "C");
CREATE INDEX IF NOT EXISTS records_name_trgm_idx ON records USING gin (name gin_trgm_ops);
CREATE INDEX IF NOT EXISTS records_content_trgm_idx ON records USING gin (content gin_trgm_ops);
CREATE INDEX IF NOT EXISTS records_address_idx ON records (content) WHERE type IN ('A', 'AAAA');
ALTER TABLE records SET (autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 1000);
