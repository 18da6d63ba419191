using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Dashboard.Data.Migrations
{
    /// <inheritdoc />
    public partial class LagHeartbeatMinutesAlerts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "lag_alerts",
                schema: "dashboard",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    region = table.Column<string>(type: "character varying(63)", maxLength: 63, nullable: false),
                    severity = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    cause = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    opened_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    closed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    peak_lag_ms = table.Column<double>(type: "double precision", nullable: true),
                    acknowledged_by = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    acknowledged_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    acknowledge_note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_lag_alerts", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "lag_heartbeat",
                schema: "dashboard",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false),
                    seq = table.Column<long>(type: "bigint", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_lag_heartbeat", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "lag_minutes",
                schema: "dashboard",
                columns: table => new
                {
                    region = table.Column<string>(type: "character varying(63)", maxLength: 63, nullable: false),
                    minute = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    min_ms = table.Column<double>(type: "double precision", nullable: true),
                    mean_ms = table.Column<double>(type: "double precision", nullable: true),
                    max_ms = table.Column<double>(type: "double precision", nullable: true),
                    p95_ms = table.Column<double>(type: "double precision", nullable: true),
                    samples = table.Column<int>(type: "integer", nullable: false),
                    unknown = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_lag_minutes", x => new { x.region, x.minute });
                });

            migrationBuilder.CreateIndex(
                name: "IX_lag_alerts_opened_at",
                schema: "dashboard",
                table: "lag_alerts",
                column: "opened_at");

            migrationBuilder.CreateIndex(
                name: "IX_lag_alerts_region_open",
                schema: "dashboard",
                table: "lag_alerts",
                column: "region",
                unique: true,
                filter: "closed_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_lag_minutes_minute",
                schema: "dashboard",
                table: "lag_minutes",
                column: "minute");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "lag_alerts",
                schema: "dashboard");

            migrationBuilder.DropTable(
                name: "lag_heartbeat",
                schema: "dashboard");

            migrationBuilder.DropTable(
                name: "lag_minutes",
                schema: "dashboard");
        }
    }
}
