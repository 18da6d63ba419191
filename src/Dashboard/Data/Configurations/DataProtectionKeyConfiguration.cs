using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dashboard.Data.Configurations;

/// <summary>
/// The data-protection key ring (cookies, antiforgery tokens), shared by every dashboard instance of a deployment so
/// that what one instance protects another can read. Keys are XML written by ASP.NET Core; never edited by hand.
/// </summary>
internal sealed class DataProtectionKeyConfiguration : IEntityTypeConfiguration<DataProtectionKey>
{
    public void Configure(EntityTypeBuilder<DataProtectionKey> b)
    {
        b.ToTable("data_protection_keys");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasColumnName("id");
        b.Property(x => x.FriendlyName).HasColumnName("friendly_name");
        b.Property(x => x.Xml).HasColumnName("xml");
    }
}
