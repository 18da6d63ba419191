-- Dashboard provisioning, step 4: what the app's Admin-only lag drill needs to inject replay lag on a replica.
-- Run in database pdns, after 001 and 003, as a superuser (only a superuser grants on parameters):
--   psql -X -d pdns -f db/004_lag_drill_grants.sql
-- Idempotent (granting again changes nothing). Run on the primary: parameter privileges live in the shared catalog
-- pg_parameter_acl (PostgreSQL 15+) and function privileges in pg_proc, so the standbys get both by replication.
-- With them, the app's role, connected to a REPLICA, can do what a lag drill does there and nothing else:
--   ALTER SYSTEM SET recovery_min_apply_delay = '500ms'; SELECT pg_reload_conf();   -- start a drill
--   ALTER SYSTEM RESET recovery_min_apply_delay;        SELECT pg_reload_conf();   -- end it
-- ALTER SYSTEM writes the server's own postgresql.auto.conf (no WAL), so a drill stays on the replica it was set on,
-- survives its restart, and is ended by RESET. On the primary the setting does nothing (it applies to standbys only).
-- pg_reload_conf() re-reads every server's configuration file; the app's role can change nothing else in it.
\set ON_ERROR_STOP on

GRANT ALTER SYSTEM ON PARAMETER recovery_min_apply_delay TO dashboard;
GRANT EXECUTE ON FUNCTION pg_reload_conf() TO dashboard;
