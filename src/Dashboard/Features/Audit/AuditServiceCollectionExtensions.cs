namespace Dashboard.Features.Audit;

public static class AuditServiceCollectionExtensions
{
    public static IServiceCollection AddAudit(this IServiceCollection services) => services
        .AddSingleton<AuditQueries>()
        .AddSingleton<AuditChainVerifier>();
}
