-- Dashboard provisioning, step 3 of 3: schema dashboard (owned by the migrator) and every role's grants.
-- Run in database pdns, after PowerDNS's schema and 001, as a superuser:
--   psql -X -d pdns -f db/003_dashboard_schema_and_grants.sql
-- Idempotent. The app's own tables are made later by its EF migrations (as dashboard_migrator, at start-up); the
-- default privileges below give the app DML on them, and nothing more (no DDL, no TRUNCATE).
\set ON_ERROR_STOP on

CREATE SCHEMA IF NOT EXISTS dashboard AUTHORIZATION dashboard_migrator;
ALTER SCHEMA dashboard OWNER TO dashboard_migrator;
GRANT USAGE ON SCHEMA dashboard TO dashboard;
GRANT USAGE ON SCHEMA public TO pdns, dashboard, dashboard_migrator;
GRANT SELECT, INSERT, UPDATE, DELETE
  ON domains, records, supermasters, comments, domainmetadata, cryptokeys, tsigkeys
  TO pdns, dashboard, dashboard_migrator;
GRANT REFERENCES
  ON domains, records, supermasters, comments, domainmetadata, cryptokeys, tsigkeys
  TO dashboard_migrator;
GRANT USAGE, SELECT, UPDATE
  ON SEQUENCE domains_id_seq, records_id_seq, comments_id_seq, domainmetadata_id_seq, cryptokeys_id_seq, tsigkeys_id_seq
  TO pdns, dashboard, dashboard_migrator;
ALTER DEFAULT PRIVILEGES FOR ROLE dashboard_migrator IN SCHEMA dashboard
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO dashboard;
ALTER DEFAULT PRIVILEGES FOR ROLE dashboard_migrator IN SCHEMA dashboard
  GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO dashboard;
