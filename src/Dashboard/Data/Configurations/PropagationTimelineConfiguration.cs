using Dashboard.Features.Propagation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dashboard.Data.Configurations;

internal sealed class PropagationTimelineConfiguration : IEntityTypeConfiguration<PropagationTimelineRow>
{
    public const string Table = "propagation_timelines";

    public void Configure(EntityTypeBuilder<PropagationTimelineRow> b)
    {
        b.ToTable(Table);
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasColumnName("id").ValueGeneratedNever();
        b.Property(x => x.Zone).HasColumnName("zone").HasMaxLength(255);
        b.Property(x => x.AuditIds).HasColumnName("audit_ids");
        b.Property(x => x.CommittedAt).HasColumnName("committed_at").HasDefaultValueSql("now()");
        b.Property(x => x.Serial).HasColumnName("serial");
        b.Property(x => x.ZoneDeleted).HasColumnName("zone_deleted");
        b.Property(x => x.CommitLsn).HasColumnName("commit_lsn").HasMaxLength(32);
        b.Property(x => x.Regions).HasColumnName("regions").HasColumnType("jsonb").HasDefaultValueSql("'[]'::jsonb");
        b.Property(x => x.UpdatedAt).HasColumnName("updated_at").HasDefaultValueSql("now()");
        b.Property(x => x.EndedAt).HasColumnName("ended_at");
        // The zone page's history: a zone's newest changes first.
        b.HasIndex(x => new { x.Zone, x.CommittedAt }).IsDescending(false, true);
        // The Audit page: the timelines naming a page of entries (audit_ids && @ids).
        b.HasIndex(x => x.AuditIds).HasMethod("gin");
    }
}
