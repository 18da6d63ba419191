using Dashboard.Features.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dashboard.Data.Configurations;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public const string Table = "audit_entries";

    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.ToTable(Table);
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasColumnName("id").UseIdentityAlwaysColumn();
        b.Property(x => x.At).HasColumnName("at");
        b.Property(x => x.ActorId).HasColumnName("actor_id").HasMaxLength(64);
        b.Property(x => x.ActorName).HasColumnName("actor_name").HasMaxLength(256);
        b.Property(x => x.Action).HasColumnName("action").HasMaxLength(64);
        b.Property(x => x.Zone).HasColumnName("zone").HasMaxLength(255);
        b.Property(x => x.Name).HasColumnName("name").HasMaxLength(255);
        b.Property(x => x.Type).HasColumnName("type").HasMaxLength(10);
        b.Property(x => x.Before).HasColumnName("before");
        b.Property(x => x.After).HasColumnName("after");
        b.Property(x => x.Reason).HasColumnName("reason").HasMaxLength(1000);
        // The Audit page filters by these and pages newest first.
        b.HasIndex(x => x.At).IsDescending();
        b.HasIndex(x => new { x.ActorName, x.At });
        b.HasIndex(x => new { x.Zone, x.At });
        b.HasIndex(x => new { x.Action, x.At });
    }
}
