using Dashboard.Configuration;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dashboard.Data.Configurations;

internal sealed class TierPolicyConfiguration : IEntityTypeConfiguration<TierPolicy>
{
    public void Configure(EntityTypeBuilder<TierPolicy> b)
    {
        b.ToTable("tier_policies", t =>
        {
            t.HasCheckConstraint("ck_tier_policies_ttl_range", "min_ttl >= 0 AND max_ttl >= min_ttl");
            t.HasCheckConstraint("ck_tier_policies_negative_ttl", "max_negative_ttl >= 0");
        });
        b.HasKey(x => x.Tier);
        b.Property(x => x.Tier).HasColumnName("tier").HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.MinTtl).HasColumnName("min_ttl");
        b.Property(x => x.MaxTtl).HasColumnName("max_ttl");
        b.Property(x => x.MaxNegativeTtl).HasColumnName("max_negative_ttl");
        b.Property(x => x.TakedownsApply).HasColumnName("takedowns_apply");
        b.Property(x => x.DefaultTtl).HasColumnName("default_ttl");
        b.Property(x => x.SoaMname).HasColumnName("soa_mname").HasMaxLength(255);
        b.Property(x => x.SoaRname).HasColumnName("soa_rname").HasMaxLength(255);
        b.Property(x => x.SoaTtl).HasColumnName("soa_ttl");
        b.Property(x => x.SoaRefresh).HasColumnName("soa_refresh");
        b.Property(x => x.SoaRetry).HasColumnName("soa_retry");
        b.Property(x => x.SoaExpire).HasColumnName("soa_expire");
        b.Property(x => x.SoaMinimum).HasColumnName("soa_minimum");
        b.Property(x => x.Nameservers).HasColumnName("nameservers");

        // Free zones churn and hold the occasional abuser: short TTLs, a low negative TTL, takedowns on.
        // Pro zones keep longer TTLs and are never subject to abuse takedowns.
        b.HasData(
            new TierPolicy
            {
                Tier = ZoneTier.Free, MinTtl = 10, MaxTtl = 3600, MaxNegativeTtl = 30, TakedownsApply = true, DefaultTtl = 30,
                SoaMname = "ns1.tunnel.test", SoaRname = "hostmaster.tunnel.test", SoaTtl = 60, SoaRefresh = 10800, SoaRetry = 3600, SoaExpire = 604800, SoaMinimum = 10,
                Nameservers = ["ns1.tunnel.test", "ns2.tunnel.test"],
            },
            new TierPolicy
            {
                Tier = ZoneTier.Pro, MinTtl = 30, MaxTtl = 86400, MaxNegativeTtl = 300, TakedownsApply = false, DefaultTtl = 300,
                SoaMname = "ns1.tunnel.test", SoaRname = "hostmaster.tunnel.test", SoaTtl = 300, SoaRefresh = 10800, SoaRetry = 3600, SoaExpire = 604800, SoaMinimum = 60,
                Nameservers = ["ns1.tunnel.test", "ns2.tunnel.test"],
            });
    }
}
