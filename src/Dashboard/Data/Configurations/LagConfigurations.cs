using Dashboard.Features.Lag;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dashboard.Data.Configurations;

internal sealed class LagHeartbeatConfiguration : IEntityTypeConfiguration<LagHeartbeatRow>
{
    public const string Table = "lag_heartbeat";

    public void Configure(EntityTypeBuilder<LagHeartbeatRow> b)
    {
        b.ToTable(Table);
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasColumnName("id").ValueGeneratedNever();
        b.Property(x => x.Seq).HasColumnName("seq");
        b.Property(x => x.At).HasColumnName("at");
    }
}

internal sealed class LagMinuteConfiguration : IEntityTypeConfiguration<LagMinuteRow>
{
    public const string Table = "lag_minutes";

    public void Configure(EntityTypeBuilder<LagMinuteRow> b)
    {
        b.ToTable(Table);
        b.HasKey(x => new { x.Region, x.Minute });
        b.Property(x => x.Region).HasColumnName("region").HasMaxLength(63);
        b.Property(x => x.Minute).HasColumnName("minute");
        b.Property(x => x.MinMs).HasColumnName("min_ms");
        b.Property(x => x.MeanMs).HasColumnName("mean_ms");
        b.Property(x => x.MaxMs).HasColumnName("max_ms");
        b.Property(x => x.P95Ms).HasColumnName("p95_ms");
        b.Property(x => x.Samples).HasColumnName("samples");
        b.Property(x => x.Unknown).HasColumnName("unknown");
        // Retention deletes by minute across regions.
        b.HasIndex(x => x.Minute);
    }
}

internal sealed class LagAlertConfiguration : IEntityTypeConfiguration<LagAlertRow>
{
    public const string Table = "lag_alerts";

    public void Configure(EntityTypeBuilder<LagAlertRow> b)
    {
        b.ToTable(Table);
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasColumnName("id").UseIdentityAlwaysColumn();
        b.Property(x => x.Region).HasColumnName("region").HasMaxLength(63);
        b.Property(x => x.Severity).HasColumnName("severity").HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Cause).HasColumnName("cause").HasMaxLength(1000);
        b.Property(x => x.OpenedAt).HasColumnName("opened_at");
        b.Property(x => x.ClosedAt).HasColumnName("closed_at");
        b.Property(x => x.PeakLagMs).HasColumnName("peak_lag_ms");
        b.Property(x => x.AcknowledgedBy).HasColumnName("acknowledged_by").HasMaxLength(256);
        b.Property(x => x.AcknowledgedAt).HasColumnName("acknowledged_at");
        b.Property(x => x.AcknowledgeNote).HasColumnName("acknowledge_note").HasMaxLength(LagAlertRow.MaxNoteLength);
        b.Property(x => x.Kind).HasColumnName("kind").HasConversion<string>().HasMaxLength(16).HasDefaultValue(Dashboard.Client.Live.AlertKind.Lag).HasSentinel((Dashboard.Client.Live.AlertKind)(-1));
        b.HasIndex(x => x.OpenedAt);
        // One open alert per region and kind: a second evaluator (a lost role still writing) cannot open a duplicate.
        b.HasIndex(x => new { x.Region, x.Kind }).IsUnique().HasFilter("closed_at IS NULL").HasDatabaseName("IX_lag_alerts_region_kind_open");
    }
}
