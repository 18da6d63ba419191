using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Dashboard.Data.Migrations
{
    /// <inheritdoc />
    public partial class IdentityAuditAndZoneTemplates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "default_ttl",
                schema: "dashboard",
                table: "tier_policies",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string[]>(
                name: "nameservers",
                schema: "dashboard",
                table: "tier_policies",
                type: "text[]",
                nullable: false,
                defaultValue: new string[0]);

            migrationBuilder.AddColumn<int>(
                name: "soa_expire",
                schema: "dashboard",
                table: "tier_policies",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "soa_minimum",
                schema: "dashboard",
                table: "tier_policies",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "soa_mname",
                schema: "dashboard",
                table: "tier_policies",
                type: "character varying(255)",
                maxLength: 255,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "soa_refresh",
                schema: "dashboard",
                table: "tier_policies",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "soa_retry",
                schema: "dashboard",
                table: "tier_policies",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "soa_rname",
                schema: "dashboard",
                table: "tier_policies",
                type: "character varying(255)",
                maxLength: 255,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "soa_ttl",
                schema: "dashboard",
                table: "tier_policies",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "AspNetRoles",
                schema: "dashboard",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    Name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    NormalizedName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    ConcurrencyStamp = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetRoles", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUsers",
                schema: "dashboard",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    is_disabled = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UserName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    NormalizedUserName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    Email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    NormalizedEmail = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    EmailConfirmed = table.Column<bool>(type: "boolean", nullable: false),
                    PasswordHash = table.Column<string>(type: "text", nullable: true),
                    SecurityStamp = table.Column<string>(type: "text", nullable: true),
                    ConcurrencyStamp = table.Column<string>(type: "text", nullable: true),
                    PhoneNumber = table.Column<string>(type: "text", nullable: true),
                    PhoneNumberConfirmed = table.Column<bool>(type: "boolean", nullable: false),
                    TwoFactorEnabled = table.Column<bool>(type: "boolean", nullable: false),
                    LockoutEnd = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LockoutEnabled = table.Column<bool>(type: "boolean", nullable: false),
                    AccessFailedCount = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUsers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "audit_entries",
                schema: "dashboard",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    actor_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    actor_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    action = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    zone = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    type = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: true),
                    before = table.Column<string>(type: "text", nullable: true),
                    after = table.Column<string>(type: "text", nullable: true),
                    reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit_entries", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "zone_tiers",
                schema: "dashboard",
                columns: table => new
                {
                    zone_name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    tier = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_zone_tiers", x => x.zone_name);
                    table.ForeignKey(
                        name: "FK_zone_tiers_tier_policies_tier",
                        column: x => x.tier,
                        principalSchema: "dashboard",
                        principalTable: "tier_policies",
                        principalColumn: "tier",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "AspNetRoleClaims",
                schema: "dashboard",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RoleId = table.Column<string>(type: "text", nullable: false),
                    ClaimType = table.Column<string>(type: "text", nullable: true),
                    ClaimValue = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetRoleClaims", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AspNetRoleClaims_AspNetRoles_RoleId",
                        column: x => x.RoleId,
                        principalSchema: "dashboard",
                        principalTable: "AspNetRoles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserClaims",
                schema: "dashboard",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    UserId = table.Column<string>(type: "text", nullable: false),
                    ClaimType = table.Column<string>(type: "text", nullable: true),
                    ClaimValue = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserClaims", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AspNetUserClaims_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalSchema: "dashboard",
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserLogins",
                schema: "dashboard",
                columns: table => new
                {
                    LoginProvider = table.Column<string>(type: "text", nullable: false),
                    ProviderKey = table.Column<string>(type: "text", nullable: false),
                    ProviderDisplayName = table.Column<string>(type: "text", nullable: true),
                    UserId = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserLogins", x => new { x.LoginProvider, x.ProviderKey });
                    table.ForeignKey(
                        name: "FK_AspNetUserLogins_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalSchema: "dashboard",
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserRoles",
                schema: "dashboard",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "text", nullable: false),
                    RoleId = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserRoles", x => new { x.UserId, x.RoleId });
                    table.ForeignKey(
                        name: "FK_AspNetUserRoles_AspNetRoles_RoleId",
                        column: x => x.RoleId,
                        principalSchema: "dashboard",
                        principalTable: "AspNetRoles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_AspNetUserRoles_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalSchema: "dashboard",
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserTokens",
                schema: "dashboard",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "text", nullable: false),
                    LoginProvider = table.Column<string>(type: "text", nullable: false),
                    Name = table.Column<string>(type: "text", nullable: false),
                    Value = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserTokens", x => new { x.UserId, x.LoginProvider, x.Name });
                    table.ForeignKey(
                        name: "FK_AspNetUserTokens_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalSchema: "dashboard",
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.UpdateData(
                schema: "dashboard",
                table: "tier_policies",
                keyColumn: "tier",
                keyValue: "Free",
                columns: new[] { "default_ttl", "nameservers", "soa_expire", "soa_minimum", "soa_mname", "soa_refresh", "soa_retry", "soa_rname", "soa_ttl" },
                values: new object[] { 30, new[] { "ns1.tunnel.test", "ns2.tunnel.test" }, 604800, 10, "ns1.tunnel.test", 10800, 3600, "hostmaster.tunnel.test", 60 });

            migrationBuilder.UpdateData(
                schema: "dashboard",
                table: "tier_policies",
                keyColumn: "tier",
                keyValue: "Pro",
                columns: new[] { "default_ttl", "nameservers", "soa_expire", "soa_minimum", "soa_mname", "soa_refresh", "soa_retry", "soa_rname", "soa_ttl" },
                values: new object[] { 300, new[] { "ns1.tunnel.test", "ns2.tunnel.test" }, 604800, 60, "ns1.tunnel.test", 10800, 3600, "hostmaster.tunnel.test", 300 });

            migrationBuilder.CreateIndex(
                name: "IX_AspNetRoleClaims_RoleId",
                schema: "dashboard",
                table: "AspNetRoleClaims",
                column: "RoleId");

            migrationBuilder.CreateIndex(
                name: "RoleNameIndex",
                schema: "dashboard",
                table: "AspNetRoles",
                column: "NormalizedName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserClaims_UserId",
                schema: "dashboard",
                table: "AspNetUserClaims",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserLogins_UserId",
                schema: "dashboard",
                table: "AspNetUserLogins",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserRoles_RoleId",
                schema: "dashboard",
                table: "AspNetUserRoles",
                column: "RoleId");

            migrationBuilder.CreateIndex(
                name: "EmailIndex",
                schema: "dashboard",
                table: "AspNetUsers",
                column: "NormalizedEmail");

            migrationBuilder.CreateIndex(
                name: "UserNameIndex",
                schema: "dashboard",
                table: "AspNetUsers",
                column: "NormalizedUserName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_audit_entries_action_at",
                schema: "dashboard",
                table: "audit_entries",
                columns: new[] { "action", "at" });

            migrationBuilder.CreateIndex(
                name: "IX_audit_entries_actor_name_at",
                schema: "dashboard",
                table: "audit_entries",
                columns: new[] { "actor_name", "at" });

            migrationBuilder.CreateIndex(
                name: "IX_audit_entries_at",
                schema: "dashboard",
                table: "audit_entries",
                column: "at",
                descending: new bool[0]);

            migrationBuilder.CreateIndex(
                name: "IX_audit_entries_zone_at",
                schema: "dashboard",
                table: "audit_entries",
                columns: new[] { "zone", "at" });

            migrationBuilder.CreateIndex(
                name: "IX_zone_tiers_tier",
                schema: "dashboard",
                table: "zone_tiers",
                column: "tier");

            // The audit trail is append-only in the database itself, whoever connects:
            // the app role loses UPDATE/DELETE/TRUNCATE (granted by the schema's default privileges),
            // and a trigger refuses them for every role, the owner included.
            migrationBuilder.Sql("""
                REVOKE UPDATE, DELETE, TRUNCATE ON dashboard.audit_entries FROM PUBLIC;
                DO $$ BEGIN
                    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'dashboard') THEN
                        REVOKE UPDATE, DELETE, TRUNCATE ON dashboard.audit_entries FROM dashboard;
                        GRANT SELECT, INSERT ON dashboard.audit_entries TO dashboard;
                    END IF;
                END $$;
                CREATE FUNCTION dashboard.refuse_audit_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
                BEGIN
                    RAISE EXCEPTION 'dashboard.audit_entries is append-only: % refused', TG_OP
                        USING ERRCODE = 'insufficient_privilege';
                END
                $fn$;
                CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON dashboard.audit_entries
                    FOR EACH ROW EXECUTE FUNCTION dashboard.refuse_audit_change();
                CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON dashboard.audit_entries
                    FOR EACH STATEMENT EXECUTE FUNCTION dashboard.refuse_audit_change();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS audit_entries_append_only ON dashboard.audit_entries;
                DROP TRIGGER IF EXISTS audit_entries_no_truncate ON dashboard.audit_entries;
                DROP FUNCTION IF EXISTS dashboard.refuse_audit_change();
                """);

            migrationBuilder.DropTable(
                name: "AspNetRoleClaims",
                schema: "dashboard");

            migrationBuilder.DropTable(
                name: "AspNetUserClaims",
                schema: "dashboard");

            migrationBuilder.DropTable(
                name: "AspNetUserLogins",
                schema: "dashboard");

            migrationBuilder.DropTable(
                name: "AspNetUserRoles",
                schema: "dashboard");

            migrationBuilder.DropTable(
                name: "AspNetUserTokens",
                schema: "dashboard");

            migrationBuilder.DropTable(
                name: "audit_entries",
                schema: "dashboard");

            migrationBuilder.DropTable(
                name: "zone_tiers",
                schema: "dashboard");

            migrationBuilder.DropTable(
                name: "AspNetRoles",
                schema: "dashboard");

            migrationBuilder.DropTable(
                name: "AspNetUsers",
                schema: "dashboard");

            migrationBuilder.DropColumn(
                name: "default_ttl",
                schema: "dashboard",
                table: "tier_policies");

            migrationBuilder.DropColumn(
                name: "nameservers",
                schema: "dashboard",
                table: "tier_policies");

            migrationBuilder.DropColumn(
                name: "soa_expire",
                schema: "dashboard",
                table: "tier_policies");

            migrationBuilder.DropColumn(
                name: "soa_minimum",
                schema: "dashboard",
                table: "tier_policies");

            migrationBuilder.DropColumn(
                name: "soa_mname",
                schema: "dashboard",
                table: "tier_policies");

            migrationBuilder.DropColumn(
                name: "soa_refresh",
                schema: "dashboard",
                table: "tier_policies");

            migrationBuilder.DropColumn(
                name: "soa_retry",
                schema: "dashboard",
                table: "tier_policies");

            migrationBuilder.DropColumn(
                name: "soa_rname",
                schema: "dashboard",
                table: "tier_policies");

            migrationBuilder.DropColumn(
                name: "soa_ttl",
                schema: "dashboard",
                table: "tier_policies");
        }
    }
}
