using Dashboard.Features.Api;
using Dashboard.Features.ApiKeys;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dashboard.Data.Configurations;

internal sealed class ApiIdempotencyConfiguration : IEntityTypeConfiguration<ApiIdempotencyRow>
{
    public const string Table = "api_idempotency";

    public void Configure(EntityTypeBuilder<ApiIdempotencyRow> b)
    {
        b.ToTable(Table, t => t.HasCheckConstraint("ck_api_idempotency_request_hash", "octet_length(request_hash) = 32"));
        b.HasKey(x => new { x.ApiKeyId, x.IdempotencyKey });
        b.Property(x => x.ApiKeyId).HasColumnName("api_key_id");
        b.Property(x => x.IdempotencyKey).HasColumnName("idempotency_key").HasMaxLength(ApiIdempotencyRow.MaxKeyLength);
        b.Property(x => x.RequestHash).HasColumnName("request_hash");
        b.Property(x => x.Zone).HasColumnName("zone").HasMaxLength(255);
        b.Property(x => x.Serial).HasColumnName("serial");
        b.Property(x => x.ChangeId).HasColumnName("change_id");
        b.Property(x => x.RecordChanges).HasColumnName("record_changes");
        b.Property(x => x.CreatedAt).HasColumnName("created_at");
        b.HasIndex(x => x.CreatedAt);
        b.HasOne<ApiKeyRow>().WithMany().HasForeignKey(x => x.ApiKeyId).OnDelete(DeleteBehavior.Cascade);
    }
}
