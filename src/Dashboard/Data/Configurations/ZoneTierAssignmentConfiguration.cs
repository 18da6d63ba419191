using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dashboard.Data.Configurations;

internal sealed class ZoneTierAssignmentConfiguration : IEntityTypeConfiguration<ZoneTierAssignment>
{
    public void Configure(EntityTypeBuilder<ZoneTierAssignment> b)
    {
        b.ToTable("zone_tiers");
        b.HasKey(x => x.ZoneName);
        b.Property(x => x.ZoneName).HasColumnName("zone_name").HasMaxLength(255);
        b.Property(x => x.Tier).HasColumnName("tier").HasConversion<string>().HasMaxLength(16);
        b.HasOne<TierPolicy>().WithMany().HasForeignKey(x => x.Tier).OnDelete(DeleteBehavior.Restrict);
    }
}
