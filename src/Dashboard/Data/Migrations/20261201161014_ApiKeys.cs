using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Dashboard.Data.Migrations
{
    /// <inheritdoc />
    public partial class ApiKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "api_key_id",
                schema: "dashboard",
                table: "audit_entries",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "api_keys",
                schema: "dashboard",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    owner_id = table.Column<string>(type: "text", nullable: false),
                    permissions = table.Column<string[]>(type: "text[]", nullable: false),
                    zones = table.Column<string[]>(type: "text[]", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_by = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    revoked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    revoked_by = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    last_used_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_used_from = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    secret_hash = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_api_keys", x => x.id);
                    table.CheckConstraint("ck_api_keys_secret_hash", "octet_length(secret_hash) = 32");
                    table.ForeignKey(
                        name: "FK_api_keys_AspNetUsers_owner_id",
                        column: x => x.owner_id,
                        principalSchema: "dashboard",
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_audit_entries_api_key_id",
                schema: "dashboard",
                table: "audit_entries",
                column: "api_key_id");

            migrationBuilder.CreateIndex(
                name: "IX_api_keys_name",
                schema: "dashboard",
                table: "api_keys",
                column: "name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_api_keys_owner_id",
                schema: "dashboard",
                table: "api_keys",
                column: "owner_id");

            migrationBuilder.AddForeignKey(
                name: "FK_audit_entries_api_keys_api_key_id",
                schema: "dashboard",
                table: "audit_entries",
                column: "api_key_id",
                principalSchema: "dashboard",
                principalTable: "api_keys",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);

            // The database still sets every entry's actor name: from the key row when the entry was made through an API key
            // (actor_id is then the key's owner), from the user row otherwise. The name (key:<name>) is in the hash, as before.
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION dashboard.audit_entries_chain() RETURNS trigger
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
                    ELSIF NEW.api_key_id IS NOT NULL THEN
                        -- An API key acts for its owner: actor_id is the owner, the name is the key's (key names are never reused).
                        SELECT 'key:' || k.name INTO NEW.actor_name FROM dashboard.api_keys k
                            WHERE k.id = NEW.api_key_id AND k.owner_id = NEW.actor_id;
                        IF NOT FOUND THEN
                            RAISE EXCEPTION 'audit entry names API key %, which is not a key of actor id %', NEW.api_key_id, NEW.actor_id
                                USING ERRCODE = 'foreign_key_violation';
                        END IF;
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
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION dashboard.audit_entries_chain() RETURNS trigger
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
                """);

            migrationBuilder.DropForeignKey(
                name: "FK_audit_entries_api_keys_api_key_id",
                schema: "dashboard",
                table: "audit_entries");

            migrationBuilder.DropTable(
                name: "api_keys",
                schema: "dashboard");

            migrationBuilder.DropIndex(
                name: "IX_audit_entries_api_key_id",
                schema: "dashboard",
                table: "audit_entries");

            migrationBuilder.DropColumn(
                name: "api_key_id",
                schema: "dashboard",
                table: "audit_entries");
        }
    }
}
