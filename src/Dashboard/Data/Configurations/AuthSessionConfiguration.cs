using Dashboard.Features.Auth;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dashboard.Data.Configurations;

internal sealed class AuthSessionConfiguration : IEntityTypeConfiguration<AuthSession>
{
    public void Configure(EntityTypeBuilder<AuthSession> b)
    {
        b.ToTable("auth_sessions");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasColumnName("id").HasMaxLength(64);
        b.Property(x => x.UserId).HasColumnName("user_id").HasMaxLength(450);
        b.Property(x => x.Ticket).HasColumnName("ticket");
        b.Property(x => x.ExpiresAt).HasColumnName("expires_at");
        b.Property(x => x.LastSeenAt).HasColumnName("last_seen_at");
        b.HasIndex(x => x.UserId);
        b.HasOne<DashboardUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
