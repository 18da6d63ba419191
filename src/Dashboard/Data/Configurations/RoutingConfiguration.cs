using Dashboard.Features.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dashboard.Data.Configurations;

internal sealed class RoutingChangeConfiguration : IEntityTypeConfiguration<RoutingChangeRow>
{
    public const string Table = "routing_changes";

    public void Configure(EntityTypeBuilder<RoutingChangeRow> b)
    {
        b.ToTable(Table);
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasColumnName("id").UseIdentityAlwaysColumn();
        b.Property(x => x.HostedZoneId).HasColumnName("hosted_zone_id").HasMaxLength(64);
        b.Property(x => x.Kind).HasColumnName("kind").HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Status).HasColumnName("status").HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.ChangeId).HasColumnName("change_id").HasMaxLength(64);
        b.Property(x => x.ActorId).HasColumnName("actor_id").HasMaxLength(64);
        b.Property(x => x.ActorName).HasColumnName("actor_name").HasMaxLength(256);
        b.Property(x => x.Reason).HasColumnName("reason").HasMaxLength(1000);
        b.Property(x => x.Summary).HasColumnName("summary").HasMaxLength(RoutingChangeRow.MaxSummaryLength);
        b.Property(x => x.Batch).HasColumnName("batch").HasColumnType("jsonb");
        b.Property(x => x.CreatedAt).HasColumnName("created_at");
        b.Property(x => x.SubmittedAt).HasColumnName("submitted_at");
        b.Property(x => x.InsyncAt).HasColumnName("insync_at");
        b.Property(x => x.Error).HasColumnName("error").HasMaxLength(RoutingChangeRow.MaxErrorLength);
        b.HasIndex(x => x.CreatedAt);
        // The watcher's question: which accepted changes are not in sync yet.
        b.HasIndex(x => x.Status).HasFilter("status = 'Pending'").HasDatabaseName("IX_routing_changes_pending");
    }
}

internal sealed class RoutingParkedConfiguration : IEntityTypeConfiguration<RoutingParkedRow>
{
    public const string Table = "routing_parked";

    public void Configure(EntityTypeBuilder<RoutingParkedRow> b)
    {
        b.ToTable(Table);
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasColumnName("id").UseIdentityAlwaysColumn();
        b.Property(x => x.HostedZoneId).HasColumnName("hosted_zone_id").HasMaxLength(64);
        b.Property(x => x.Name).HasColumnName("name").HasMaxLength(255);
        b.Property(x => x.SetIdentifier).HasColumnName("set_identifier").HasMaxLength(128);
        b.Property(x => x.Record).HasColumnName("record").HasColumnType("jsonb");
        b.Property(x => x.ParkedAt).HasColumnName("parked_at");
        b.Property(x => x.ParkedBy).HasColumnName("parked_by").HasMaxLength(256);
        b.Property(x => x.Reason).HasColumnName("reason").HasMaxLength(1000);
        b.Property(x => x.ChangeRowId).HasColumnName("change_row_id");
        // One kept record per latency record: a second take-out of the same region is refused, not stacked.
        b.HasIndex(x => new { x.HostedZoneId, x.Name, x.SetIdentifier }).IsUnique();
        b.HasOne<RoutingChangeRow>().WithMany().HasForeignKey(x => x.ChangeRowId).OnDelete(DeleteBehavior.Restrict);
    }
}
