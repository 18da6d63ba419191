using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Dashboard.Data.Migrations
{
    /// <inheritdoc />
    public partial class ApiIdempotency : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "api_idempotency",
                schema: "dashboard",
                columns: table => new
                {
                    api_key_id = table.Column<Guid>(type: "uuid", nullable: false),
                    idempotency_key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    request_hash = table.Column<byte[]>(type: "bytea", nullable: false),
                    zone = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    serial = table.Column<long>(type: "bigint", nullable: false),
                    change_id = table.Column<Guid>(type: "uuid", nullable: false),
                    record_changes = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_api_idempotency", x => new { x.api_key_id, x.idempotency_key });
                    table.CheckConstraint("ck_api_idempotency_request_hash", "octet_length(request_hash) = 32");
                    table.ForeignKey(
                        name: "FK_api_idempotency_api_keys_api_key_id",
                        column: x => x.api_key_id,
                        principalSchema: "dashboard",
                        principalTable: "api_keys",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_api_idempotency_created_at",
                schema: "dashboard",
                table: "api_idempotency",
                column: "created_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "api_idempotency",
                schema: "dashboard");
        }
    }
}
