-- Dashboard provisioning, step 5: abuse takedown holds, enforced on PowerDNS's records table for every writer.
-- Run in database pdns, after PowerDNS's schema, 001 and 003, as a superuser:
--   psql -X -d pdns -f db/005_takedown_holds.sql
-- Idempotent (the table is kept; the function and trigger are replaced).
--
-- A hold says: this DNS name was taken down for abuse and may not be re-created until it expires or is lifted. The
-- trigger refuses, on the primary and whoever writes (the dashboard, the tunnel service, a person with psql), any
-- INSERT of a row at a held name and any UPDATE that moves a row onto one, with SQLSTATE DH001 and a message naming
-- the hold. Empty non-terminal rows (type NULL, written by pdnsutil rectify-zone) answer nothing and pass.
-- The tunnel service, refused with DH001, must not retry the name: give the tunnel another name (README, Takedowns).
-- The dashboard places a hold in the transaction that removes the name's rows, and lifts it (DELETE) in the one
-- that restores them. A hold past expires_at no longer refuses anything; the dashboard deletes it on schedule.
\set ON_ERROR_STOP on

CREATE TABLE IF NOT EXISTS public.name_holds (
    name        text        PRIMARY KEY CHECK (name = lower(name) AND right(name, 1) <> '.'),
    zone        text        NOT NULL,
    takedown_id bigint      NOT NULL,
    reason      text        NOT NULL,
    placed_by   text        NOT NULL,
    placed_at   timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL
);
REVOKE ALL ON public.name_holds FROM PUBLIC;
-- The app places, lifts and expires holds; PowerDNS's role (and a tunnel service on it) may read why a name is held.
GRANT SELECT, INSERT, UPDATE, DELETE ON public.name_holds TO dashboard;
GRANT SELECT ON public.name_holds TO pdns, dashboard_migrator;

-- SECURITY DEFINER: reads the holds whatever the writer's own grants; search_path pinned so no writer can shadow them.
CREATE OR REPLACE FUNCTION public.records_hold_guard() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    held public.name_holds%ROWTYPE;
BEGIN
    IF NEW.type IS NULL THEN
        RETURN NEW;
    END IF;
    SELECT * INTO held FROM public.name_holds h
     WHERE h.name = rtrim(lower(NEW.name), '.') AND h.expires_at > statement_timestamp();
    IF FOUND THEN
        RAISE EXCEPTION USING
            ERRCODE = 'DH001',
            MESSAGE = format('%s is held after an abuse takedown (%s, takedown #%s) until %s UTC; it cannot be re-created until the hold expires or is lifted',
                             held.name, held.reason, held.takedown_id, to_char(held.expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI')),
            HINT = 'Give the tunnel another name; do not retry this one.';
    END IF;
    RETURN NEW;
END
$$;
REVOKE ALL ON FUNCTION public.records_hold_guard() FROM PUBLIC;

DROP TRIGGER IF EXISTS records_hold_guard ON public.records;
CREATE TRIGGER records_hold_guard
    BEFORE INSERT OR UPDATE OF name, type ON public.records
    FOR EACH ROW EXECUTE FUNCTION public.records_hold_guard();
