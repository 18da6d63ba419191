using Dashboard.Features.Zones;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dashboard.Data.Configurations;

internal sealed class StagedChangeSetConfiguration : IEntityTypeConfiguration<StagedChangeSetRow>
{
    public void Configure(EntityTypeBuilder<StagedChangeSetRow> b)
    {
        b.ToTable("staged_change_sets");
        b.HasKey(x => new { x.UserId, x.Zone });
        b.Property(x => x.UserId).HasColumnName("user_id").HasMaxLength(450);
        b.Property(x => x.Zone).HasColumnName("zone").HasMaxLength(255);
        b.Property(x => x.Version).HasColumnName("version");
        b.Property(x => x.Content).HasColumnName("content").HasColumnType("jsonb");
        b.Property(x => x.UpdatedAt).HasColumnName("updated_at");
        // Deleting a zone drops every user's staged set for it.
        b.HasIndex(x => x.Zone);
    }
}
