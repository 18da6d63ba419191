-- Dashboard provisioning, step 1 of 3: the database roles and PowerDNS's database.
-- Run as a superuser (the REPLICATION attribute needs one), connected to database postgres:
--   psql -X -d postgres -v pdns_pw=... -v dash_pw=... -v mig_pw=... -v repl_pw=... -f db/001_roles_and_database.sql
-- Idempotent: a role that exists is altered, never dropped, and its password is set again from the variables.
--   pdns                PowerDNS's gpgsql backend: DML on its own tables (grants in 003)
--   dashboard           the app: DML on PowerDNS's tables, its own tables through default privileges, pg_monitor
--                       (so pg_stat_replication shows real values rather than NULLs to a non-superuser)
--   dashboard_migrator  owns schema dashboard and applies the app's EF migrations at start-up
--   replicator          streaming replication only
\set ON_ERROR_STOP on

\if :{?pdns_pw}
\else
DO $$ BEGIN RAISE EXCEPTION 'db/001_roles_and_database.sql: psql variable pdns_pw is not set (-v pdns_pw=...)'; END $$;
\endif
\if :{?dash_pw}
\else
DO $$ BEGIN RAISE EXCEPTION 'db/001_roles_and_database.sql: psql variable dash_pw is not set (-v dash_pw=...)'; END $$;
\endif
\if :{?mig_pw}
\else
DO $$ BEGIN RAISE EXCEPTION 'db/001_roles_and_database.sql: psql variable mig_pw is not set (-v mig_pw=...)'; END $$;
\endif
\if :{?repl_pw}
\else
DO $$ BEGIN RAISE EXCEPTION 'db/001_roles_and_database.sql: psql variable repl_pw is not set (-v repl_pw=...)'; END $$;
\endif

SELECT format('CREATE ROLE %I', r) FROM unnest(ARRAY['pdns', 'dashboard', 'dashboard_migrator', 'replicator']) AS r
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) \gexec
ALTER ROLE pdns LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'pdns_pw';
ALTER ROLE dashboard LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'dash_pw';
ALTER ROLE dashboard_migrator LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'mig_pw';
ALTER ROLE replicator LOGIN REPLICATION NOSUPERUSER PASSWORD :'repl_pw';
GRANT pg_monitor TO dashboard;

SELECT 'CREATE DATABASE pdns' WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'pdns') \gexec
