using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Dashboard.Data.Migrations
{
    /// <inheritdoc />
    public partial class PropagationTimelinesAndAlertKinds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_lag_alerts_region_open",
                schema: "dashboard",
                table: "lag_alerts");

            migrationBuilder.AddColumn<string>(
                name: "kind",
                schema: "dashboard",
                table: "lag_alerts",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "Lag");

            migrationBuilder.CreateTable(
                name: "propagation_timelines",
                schema: "dashboard",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    zone = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    audit_ids = table.Column<long[]>(type: "bigint[]", nullable: false),
                    committed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    serial = table.Column<long>(type: "bigint", nullable: true),
                    zone_deleted = table.Column<bool>(type: "boolean", nullable: false),
                    commit_lsn = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    regions = table.Column<string>(type: "jsonb", nullable: false, defaultValueSql: "'[]'::jsonb"),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    ended_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_propagation_timelines", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_lag_alerts_region_kind_open",
                schema: "dashboard",
                table: "lag_alerts",
                columns: new[] { "region", "kind" },
                unique: true,
                filter: "closed_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_propagation_timelines_audit_ids",
                schema: "dashboard",
                table: "propagation_timelines",
                column: "audit_ids")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "IX_propagation_timelines_zone_committed_at",
                schema: "dashboard",
                table: "propagation_timelines",
                columns: new[] { "zone", "committed_at" },
                descending: new[] { false, true });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "propagation_timelines",
                schema: "dashboard");

            migrationBuilder.DropIndex(
                name: "IX_lag_alerts_region_kind_open",
                schema: "dashboard",
                table: "lag_alerts");

            migrationBuilder.DropColumn(
                name: "kind",
                schema: "dashboard",
                table: "lag_alerts");

            migrationBuilder.CreateIndex(
                name: "IX_lag_alerts_region_open",
                schema: "dashboard",
                table: "lag_alerts",
                column: "region",
                unique: true,
                filter: "closed_at IS NULL");
        }
    }
}
