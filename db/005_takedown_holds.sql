-- Dashboard provisioning, step 5: abuse takedown holds, enforced on PowerDNS's records table for every writer.
-- Run in database pdns, after PowerDNS's schema, 001 and 003, as a superuser:
--   psql -X -d pdns -f db/005_takedown_holds.sql
-- Idempotent (the table is kept; the function and triggers are replaced, the per-row trigger of earlier versions dropped).
--
-- A hold says: this DNS name was taken down for abuse and may not be re-created until it expires or is lifted. The
-- triggers refuse, on the primary and whoever writes (the dashboard, the tunnel service, a person with psql), any
-- INSERT of a row at a held name and any UPDATE that moves a row onto one (a new name or type), with SQLSTATE DH001
-- and a message naming the hold; the whole statement fails. Empty non-terminal rows (type NULL, written by pdnsutil
-- rectify-zone) answer nothing and pass.
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

-- The function and its triggers change in one transaction: a writer never meets the per-row trigger of an earlier
-- version calling this function, nor a moment without a guard.
BEGIN;

-- SECURITY DEFINER: reads the holds whatever the writer's own grants; search_path pinned so no writer can shadow them.
-- Once per statement, over the statement's rows (transition tables): a per-row trigger cost about 50 µs a row.
CREATE OR REPLACE FUNCTION public.records_hold_guard() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    arriving text[];
    held public.name_holds%ROWTYPE;
BEGIN
    -- The names rows arrive at: every row inserted; of an update, only rows that moved (a new name or type: an update
    -- of content, TTL or the disabled flag moves nothing). Empty non-terminals (type NULL) never count.
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(rtrim(lower(n.name), '.')) INTO arriving FROM new_rows n WHERE n.type IS NOT NULL;
    ELSE
        SELECT array_agg(rtrim(lower(n.name), '.')) INTO arriving FROM new_rows n JOIN old_rows o ON o.id = n.id
         WHERE n.type IS NOT NULL AND (n.name IS DISTINCT FROM o.name OR n.type IS DISTINCT FROM o.type);
    END IF;
    SELECT h.* INTO held FROM public.name_holds h
     WHERE h.name = ANY (arriving) AND h.expires_at > statement_timestamp()
     ORDER BY h.name LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION USING
            ERRCODE = 'DH001',
            MESSAGE = format('%s is held after an abuse takedown (%s, takedown #%s) until %s UTC; it cannot be re-created until the hold expires or is lifted',
                             held.name, held.reason, held.takedown_id, to_char(held.expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI')),
            HINT = 'Give the tunnel another name; do not retry this one.';
    END IF;
    RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION public.records_hold_guard() FROM PUBLIC;

-- Two triggers, because a trigger with transition tables may have one event only (and no column list).
DROP TRIGGER IF EXISTS records_hold_guard ON public.records;
DROP TRIGGER IF EXISTS records_hold_guard_insert ON public.records;
DROP TRIGGER IF EXISTS records_hold_guard_update ON public.records;
CREATE TRIGGER records_hold_guard_insert
    AFTER INSERT ON public.records REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION public.records_hold_guard();
CREATE TRIGGER records_hold_guard_update
    AFTER UPDATE ON public.records REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION public.records_hold_guard();
COMMIT;
