using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace Dashboard.Data.Migrations
{
    /// <inheritdoc />
    public partial class InitialSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "dashboard");

            migrationBuilder.CreateTable(
                name: "tier_policies",
                schema: "dashboard",
                columns: table => new
                {
                    tier = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    min_ttl = table.Column<int>(type: "integer", nullable: false),
                    max_ttl = table.Column<int>(type: "integer", nullable: false),
                    max_negative_ttl = table.Column<int>(type: "integer", nullable: false),
                    takedowns_apply = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_tier_policies", x => x.tier);
                    table.CheckConstraint("ck_tier_policies_negative_ttl", "max_negative_ttl >= 0");
                    table.CheckConstraint("ck_tier_policies_ttl_range", "min_ttl >= 0 AND max_ttl >= min_ttl");
                });

            migrationBuilder.InsertData(
                schema: "dashboard",
                table: "tier_policies",
                columns: new[] { "tier", "max_negative_ttl", "max_ttl", "min_ttl", "takedowns_apply" },
                values: new object[,]
                {
                    { "Free", 30, 3600, 10, true },
                    { "Pro", 300, 86400, 30, false }
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "tier_policies",
                schema: "dashboard");
        }
    }
}
