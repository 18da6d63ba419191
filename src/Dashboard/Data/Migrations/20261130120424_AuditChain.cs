using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Dashboard.Data.Migrations
{
    /// <inheritdoc />
    public partial class AuditChain : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<DateTimeOffset>(
                name: "at",
                schema: "dashboard",
                table: "audit_entries",
                type: "timestamp with time zone",
                nullable: false,
                defaultValueSql: "statement_timestamp()",
                oldClrType: typeof(DateTimeOffset),
                oldType: "timestamp with time zone");

            migrationBuilder.AlterColumn<string>(
                name: "actor_id",
                schema: "dashboard",
                table: "audit_entries",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(64)",
                oldMaxLength: 64);

            migrationBuilder.AddColumn<byte[]>(
                name: "hash",
                schema: "dashboard",
                table: "audit_entries",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "parent_id",
                schema: "dashboard",
                table: "audit_entries",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "seq",
                schema: "dashboard",
                table: "audit_entries",
                type: "bigint",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_audit_entries_parent_id",
                schema: "dashboard",
                table: "audit_entries",
                column: "parent_id");

            migrationBuilder.AddForeignKey(
                name: "FK_audit_entries_audit_entries_parent_id",
                schema: "dashboard",
                table: "audit_entries",
                column: "parent_id",
                principalSchema: "dashboard",
                principalTable: "audit_entries",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);

            // The database sets each entry's time and actor name and chains it: seq (its position) and hash (SHA-256 over
            // its content and the previous entry's hash), the same definition as Features/Audit/AuditChain.cs, which
            // verifies it without trusting these functions. Existing entries are chained here first.
            migrationBuilder.Sql("""
                -- The chain's hash, the same definition as Dashboard.Features.Audit.AuditChain (which verifies it independently).
                CREATE FUNCTION dashboard.audit_hash_field(value text) RETURNS text
                    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
                    RETURN octet_length(convert_to(value, 'UTF8'))::text || ':' || value;

                CREATE FUNCTION dashboard.audit_entry_hash(
                    p_seq bigint, p_id bigint, p_at timestamptz, p_actor_id text, p_actor_name text, p_action text, p_zone text,
                    p_name text, p_type text, p_before text, p_after text, p_reason text, p_parent_id bigint, p_previous bytea) RETURNS bytea
                    LANGUAGE sql STABLE PARALLEL SAFE
                    RETURN sha256(convert_to(
                        'dashboard-audit-v1' || E'\n'
                        || p_seq::text || E'\n'
                        || p_id::text || E'\n'
                        || (extract(epoch FROM p_at) * 1000000)::bigint::text || E'\n'
                        || coalesce(dashboard.audit_hash_field(p_actor_id), '-') || E'\n'
                        || coalesce(dashboard.audit_hash_field(p_actor_name), '-') || E'\n'
                        || coalesce(dashboard.audit_hash_field(p_action), '-') || E'\n'
                        || coalesce(dashboard.audit_hash_field(p_zone), '-') || E'\n'
                        || coalesce(dashboard.audit_hash_field(p_name), '-') || E'\n'
                        || coalesce(dashboard.audit_hash_field(p_type), '-') || E'\n'
                        || coalesce(dashboard.audit_hash_field(p_before), '-') || E'\n'
                        || coalesce(dashboard.audit_hash_field(p_after), '-') || E'\n'
                        || coalesce(dashboard.audit_hash_field(p_reason), '-') || E'\n'
                        || coalesce(dashboard.audit_hash_field(p_parent_id::text), '-') || E'\n'
                        || coalesce(encode(p_previous, 'hex'), ''),
                        'UTF8'));

                -- Existing entries join the chain in the order they were written (they are chained now, not proven from before).
                ALTER TABLE dashboard.audit_entries DISABLE TRIGGER audit_entries_append_only;
                DO $$
                DECLARE
                    entry record;
                    previous bytea := NULL;
                    n bigint := 0;
                BEGIN
                    FOR entry IN SELECT * FROM dashboard.audit_entries ORDER BY at, id LOOP
                        n := n + 1;
                        previous := dashboard.audit_entry_hash(n, entry.id, entry.at, entry.actor_id, entry.actor_name, entry.action,
                            entry.zone, entry.name, entry.type, entry.before, entry.after, entry.reason, entry.parent_id, previous);
                        UPDATE dashboard.audit_entries SET seq = n, hash = previous WHERE id = entry.id;
                    END LOOP;
                END $$;
                ALTER TABLE dashboard.audit_entries ENABLE TRIGGER audit_entries_append_only;
                ALTER TABLE dashboard.audit_entries ALTER COLUMN seq SET NOT NULL, ALTER COLUMN hash SET NOT NULL;

                -- New entries name a real user (NULL is the dashboard itself, e.g. start-up seeding). NOT VALID: entries written
                -- before this migration keep their recorded actor id unchanged.
                ALTER TABLE dashboard.audit_entries ADD CONSTRAINT fk_audit_entries_actor
                    FOREIGN KEY (actor_id) REFERENCES dashboard."AspNetUsers" ("Id") NOT VALID;

                -- Every insert, whoever makes it: the database sets the time, the actor's name (from the user row), the position in
                -- the chain and the hash; whatever the writer sent for those is overwritten.
                CREATE FUNCTION dashboard.audit_entries_chain() RETURNS trigger
                    LANGUAGE plpgsql AS $fn$
                DECLARE
                    previous record;
                BEGIN
                    -- One chain writer at a time until COMMIT or ROLLBACK: the next transaction's entries are chained only after this
                    -- one's are visible, so concurrent transactions never link to the same entry (seq is unique besides).
                    PERFORM pg_advisory_xact_lock(7361726437319);
                    SELECT e.seq, e.hash INTO previous FROM dashboard.audit_entries e ORDER BY e.seq DESC LIMIT 1;
                    NEW.at := statement_timestamp();
                    NEW.seq := coalesce(previous.seq, 0) + 1;
                    IF NEW.actor_id IS NULL THEN
                        NEW.actor_name := 'system';
                    ELSE
                        SELECT coalesce(u."UserName", u."Id") INTO NEW.actor_name FROM dashboard."AspNetUsers" u WHERE u."Id" = NEW.actor_id;
                        IF NOT FOUND THEN
                            RAISE EXCEPTION 'audit entry names actor id %, which is not a dashboard user', NEW.actor_id
                                USING ERRCODE = 'foreign_key_violation';
                        END IF;
                    END IF;
                    NEW.hash := dashboard.audit_entry_hash(NEW.seq, NEW.id, NEW.at, NEW.actor_id, NEW.actor_name, NEW.action, NEW.zone,
                        NEW.name, NEW.type, NEW.before, NEW.after, NEW.reason, NEW.parent_id, previous.hash);
                    RETURN NEW;
                END
                $fn$;
                CREATE TRIGGER audit_entries_chain BEFORE INSERT ON dashboard.audit_entries
                    FOR EACH ROW EXECUTE FUNCTION dashboard.audit_entries_chain();
                """);

            migrationBuilder.CreateIndex(
                name: "IX_audit_entries_seq",
                schema: "dashboard",
                table: "audit_entries",
                column: "seq",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS audit_entries_chain ON dashboard.audit_entries;
                DROP FUNCTION IF EXISTS dashboard.audit_entries_chain();
                DROP FUNCTION IF EXISTS dashboard.audit_entry_hash(bigint, bigint, timestamptz, text, text, text, text, text, text, text, text, text, bigint, bytea);
                DROP FUNCTION IF EXISTS dashboard.audit_hash_field(text);
                ALTER TABLE dashboard.audit_entries DROP CONSTRAINT IF EXISTS fk_audit_entries_actor;
                """);

            migrationBuilder.DropForeignKey(
                name: "FK_audit_entries_audit_entries_parent_id",
                schema: "dashboard",
                table: "audit_entries");

            migrationBuilder.DropIndex(
                name: "IX_audit_entries_parent_id",
                schema: "dashboard",
                table: "audit_entries");

            migrationBuilder.DropIndex(
                name: "IX_audit_entries_seq",
                schema: "dashboard",
                table: "audit_entries");

            migrationBuilder.DropColumn(
                name: "hash",
                schema: "dashboard",
                table: "audit_entries");

            migrationBuilder.DropColumn(
                name: "parent_id",
                schema: "dashboard",
                table: "audit_entries");

            migrationBuilder.DropColumn(
                name: "seq",
                schema: "dashboard",
                table: "audit_entries");

            migrationBuilder.AlterColumn<DateTimeOffset>(
                name: "at",
                schema: "dashboard",
                table: "audit_entries",
                type: "timestamp with time zone",
                nullable: false,
                oldClrType: typeof(DateTimeOffset),
                oldType: "timestamp with time zone",
                oldDefaultValueSql: "statement_timestamp()");

            migrationBuilder.AlterColumn<string>(
                name: "actor_id",
                schema: "dashboard",
                table: "audit_entries",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "character varying(64)",
                oldMaxLength: 64,
                oldNullable: true);
        }
    }
}
