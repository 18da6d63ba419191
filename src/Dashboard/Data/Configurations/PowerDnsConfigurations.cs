using Dashboard.Data.PowerDns;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dashboard.Data.Configurations;

// PowerDNS owns these tables (created from its own schema file); ExcludeFromMigrations keeps EF from ever touching them.

internal sealed class PdnsDomainConfiguration : IEntityTypeConfiguration<PdnsDomain>
{
    public void Configure(EntityTypeBuilder<PdnsDomain> b)
    {
        b.ToTable("domains", "public", t => t.ExcludeFromMigrations());
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasColumnName("id");
        b.Property(x => x.Name).HasColumnName("name");
        b.Property(x => x.Master).HasColumnName("master");
        b.Property(x => x.LastCheck).HasColumnName("last_check");
        b.Property(x => x.Type).HasColumnName("type");
        b.Property(x => x.NotifiedSerial).HasColumnName("notified_serial");
        b.Property(x => x.Account).HasColumnName("account");
        b.Property(x => x.Options).HasColumnName("options");
        b.Property(x => x.Catalog).HasColumnName("catalog");
    }
}

internal sealed class PdnsRecordConfiguration : IEntityTypeConfiguration<PdnsRecord>
{
    public void Configure(EntityTypeBuilder<PdnsRecord> b)
    {
        b.ToTable("records", "public", t => t.ExcludeFromMigrations());
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasColumnName("id");
        b.Property(x => x.DomainId).HasColumnName("domain_id");
        b.Property(x => x.Name).HasColumnName("name");
        b.Property(x => x.Type).HasColumnName("type");
        b.Property(x => x.Content).HasColumnName("content");
        b.Property(x => x.Ttl).HasColumnName("ttl");
        b.Property(x => x.Prio).HasColumnName("prio");
        b.Property(x => x.Disabled).HasColumnName("disabled");
        b.Property(x => x.OrderName).HasColumnName("ordername");
        b.Property(x => x.Auth).HasColumnName("auth");
        b.HasOne<PdnsDomain>().WithMany().HasForeignKey(x => x.DomainId);
    }
}

internal sealed class PdnsDomainMetadataConfiguration : IEntityTypeConfiguration<PdnsDomainMetadata>
{
    public void Configure(EntityTypeBuilder<PdnsDomainMetadata> b)
    {
        b.ToTable("domainmetadata", "public", t => t.ExcludeFromMigrations());
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasColumnName("id");
        b.Property(x => x.DomainId).HasColumnName("domain_id");
        b.Property(x => x.Kind).HasColumnName("kind");
        b.Property(x => x.Content).HasColumnName("content");
        b.HasOne<PdnsDomain>().WithMany().HasForeignKey(x => x.DomainId);
    }
}

internal sealed class PdnsCommentConfiguration : IEntityTypeConfiguration<PdnsComment>
{
    public void Configure(EntityTypeBuilder<PdnsComment> b)
    {
        b.ToTable("comments", "public", t => t.ExcludeFromMigrations());
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasColumnName("id");
        b.Property(x => x.DomainId).HasColumnName("domain_id");
        b.Property(x => x.Name).HasColumnName("name");
        b.Property(x => x.Type).HasColumnName("type");
        b.Property(x => x.ModifiedAt).HasColumnName("modified_at");
        b.Property(x => x.Account).HasColumnName("account");
        b.Property(x => x.Comment).HasColumnName("comment");
        b.HasOne<PdnsDomain>().WithMany().HasForeignKey(x => x.DomainId);
    }
}
