using Dashboard.Features.Takedowns;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dashboard.Data.Configurations;

internal sealed class TakedownConfiguration : IEntityTypeConfiguration<TakedownRow>
{
    public const string Table = "takedowns";

    public void Configure(EntityTypeBuilder<TakedownRow> b)
    {
        b.ToTable(Table);
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasColumnName("id").UseIdentityAlwaysColumn();
        b.Property(x => x.Zone).HasColumnName("zone").HasMaxLength(255);
        b.Property(x => x.Name).HasColumnName("name").HasMaxLength(255);
        b.Property(x => x.Reason).HasColumnName("reason").HasConversion<string>().HasMaxLength(32);
        b.Property(x => x.EvidenceUrls).HasColumnName("evidence_urls");
        b.Property(x => x.Note).HasColumnName("note").HasMaxLength(TakedownRow.MaxNoteLength);
        b.Property(x => x.ReportReference).HasColumnName("report_reference").HasMaxLength(TakedownRow.MaxReportReferenceLength);
        b.Property(x => x.ActorId).HasColumnName("actor_id").HasMaxLength(64);
        b.Property(x => x.ActorName).HasColumnName("actor_name").HasMaxLength(256);
        b.Property(x => x.CreatedAt).HasColumnName("created_at");
        b.Property(x => x.HoldUntil).HasColumnName("hold_until");
        b.Property(x => x.Status).HasColumnName("status").HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.RemovedRows).HasColumnName("removed_rows").HasColumnType("jsonb");
        b.Property(x => x.ChangeId).HasColumnName("change_id");
        b.Property(x => x.EndedAt).HasColumnName("ended_at");
        b.Property(x => x.EndedBy).HasColumnName("ended_by").HasMaxLength(256);
        b.Property(x => x.EndReason).HasColumnName("end_reason").HasMaxLength(1000);
        b.Property(x => x.EndChangeId).HasColumnName("end_change_id");
        b.HasIndex(x => new { x.Status, x.CreatedAt });
        b.HasIndex(x => new { x.Zone, x.CreatedAt });
        b.HasIndex(x => x.Name);
        // At most one active takedown per name (the hold's own key says the same in public.name_holds).
        b.HasIndex(x => x.Name).IsUnique().HasFilter("status = 'Active'").HasDatabaseName("IX_takedowns_name_active");
    }
}
