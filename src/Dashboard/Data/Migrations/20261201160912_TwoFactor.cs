using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Dashboard.Data.Migrations
{
    /// <inheritdoc />
    public partial class TwoFactor : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "totp_last_steps",
                schema: "dashboard",
                columns: table => new
                {
                    user_id = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    step = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_totp_last_steps", x => x.user_id);
                    table.ForeignKey(
                        name: "FK_totp_last_steps_AspNetUsers_user_id",
                        column: x => x.user_id,
                        principalSchema: "dashboard",
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "two_factor_policy",
                schema: "dashboard",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false),
                    required_roles = table.Column<List<string>>(type: "text[]", nullable: false),
                    changed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    changed_by = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_two_factor_policy", x => x.id);
                    table.CheckConstraint("ck_two_factor_policy_single_row", "id = 1");
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "totp_last_steps",
                schema: "dashboard");

            migrationBuilder.DropTable(
                name: "two_factor_policy",
                schema: "dashboard");
        }
    }
}
