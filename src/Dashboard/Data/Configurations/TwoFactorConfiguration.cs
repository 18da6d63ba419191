using Dashboard.Features.Auth;
using Dashboard.Features.TwoFactor;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dashboard.Data.Configurations;

internal sealed class TwoFactorPolicyConfiguration : IEntityTypeConfiguration<TwoFactorPolicyRow>
{
    public void Configure(EntityTypeBuilder<TwoFactorPolicyRow> b)
    {
        b.ToTable("two_factor_policy", t => t.HasCheckConstraint("ck_two_factor_policy_single_row", $"id = {TwoFactorPolicyRow.SingletonId}"));
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasColumnName("id").ValueGeneratedNever();
        b.Property(x => x.RequiredRoles).HasColumnName("required_roles");
        b.Property(x => x.ChangedAt).HasColumnName("changed_at");
        b.Property(x => x.ChangedBy).HasColumnName("changed_by").HasMaxLength(256);
    }
}

internal sealed class TotpLastStepConfiguration : IEntityTypeConfiguration<TotpLastStepRow>
{
    public const string Table = "totp_last_steps";

    public void Configure(EntityTypeBuilder<TotpLastStepRow> b)
    {
        b.ToTable(Table);
        b.HasKey(x => x.UserId);
        b.Property(x => x.UserId).HasColumnName("user_id").HasMaxLength(450);
        b.Property(x => x.Step).HasColumnName("step");
        b.HasOne<DashboardUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
