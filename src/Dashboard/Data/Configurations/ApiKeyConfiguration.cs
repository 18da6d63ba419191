using Dashboard.Features.ApiKeys;
using Dashboard.Features.Auth;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dashboard.Data.Configurations;

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKeyRow>
{
    public const string Table = "api_keys";

    public void Configure(EntityTypeBuilder<ApiKeyRow> b)
    {
        b.ToTable(Table, t => t.HasCheckConstraint("ck_api_keys_secret_hash", "octet_length(secret_hash) = 32"));
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasColumnName("id").ValueGeneratedNever();
        b.Property(x => x.Name).HasColumnName("name").HasMaxLength(ApiKeyRow.MaxNameLength);
        b.Property(x => x.OwnerId).HasColumnName("owner_id");
        b.Property(x => x.Permissions).HasColumnName("permissions");
        b.Property(x => x.Zones).HasColumnName("zones");
        b.Property(x => x.CreatedAt).HasColumnName("created_at");
        b.Property(x => x.CreatedBy).HasColumnName("created_by").HasMaxLength(256);
        b.Property(x => x.ExpiresAt).HasColumnName("expires_at");
        b.Property(x => x.RevokedAt).HasColumnName("revoked_at");
        b.Property(x => x.RevokedBy).HasColumnName("revoked_by").HasMaxLength(256);
        b.Property(x => x.LastUsedAt).HasColumnName("last_used_at");
        b.Property(x => x.LastUsedFrom).HasColumnName("last_used_from").HasMaxLength(64);
        b.Property(x => x.SecretHash).HasColumnName("secret_hash");
        b.HasIndex(x => x.Name).IsUnique();
        b.HasIndex(x => x.OwnerId);
        b.HasOne<DashboardUser>().WithMany().HasForeignKey(x => x.OwnerId).OnDelete(DeleteBehavior.Restrict);
    }
}
