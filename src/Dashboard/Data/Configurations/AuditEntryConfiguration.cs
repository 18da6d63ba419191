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
        // The trigger audit_entries_chain (migration AuditChain) sets at, actor_name, seq and hash on every insert.
        b.Property(x => x.At).HasColumnName("at").HasDefaultValueSql("statement_timestamp()");
        b.Property(x => x.ActorId).HasColumnName("actor_id").HasMaxLength(64).IsRequired(false);
        b.Property(x => x.ApiKeyId).HasColumnName("api_key_id");
        b.HasOne<Features.ApiKeys.ApiKeyRow>().WithMany().HasForeignKey(x => x.ApiKeyId).OnDelete(DeleteBehavior.Restrict);
        b.Property(x => x.ActorName).HasColumnName("actor_name").HasMaxLength(256);
        b.Property(x => x.Action).HasColumnName("action").HasMaxLength(64);
        b.Property(x => x.Zone).HasColumnName("zone").HasMaxLength(255);
        b.Property(x => x.Name).HasColumnName("name").HasMaxLength(255);
        b.Property(x => x.Type).HasColumnName("type").HasMaxLength(10);
        b.Property(x => x.Before).HasColumnName("before");
        b.Property(x => x.After).HasColumnName("after");
        b.Property(x => x.Reason).HasColumnName("reason").HasMaxLength(AuditLog.MaxReasonLength);
        b.Property(x => x.Seq).HasColumnName("seq").ValueGeneratedOnAddOrUpdate();
        b.Property(x => x.Hash).HasColumnName("hash").ValueGeneratedOnAddOrUpdate();
        b.Property(x => x.ParentId).HasColumnName("parent_id");
        b.HasOne<AuditEntry>().WithMany().HasForeignKey(x => x.ParentId).OnDelete(DeleteBehavior.Restrict);
        // The chain's order: unique, so two transactions can never link to the same entry.
        b.HasIndex(x => x.Seq).IsUnique();
        // The Audit page filters by these and pages newest first.
        b.HasIndex(x => x.At).IsDescending();
        b.HasIndex(x => new { x.ActorName, x.At });
        b.HasIndex(x => new { x.Zone, x.At });
        b.HasIndex(x => new { x.Action, x.At });
    }
}
