using Dashboard.TestSupport;

[assembly: AssemblyFixture(typeof(Dashboard.IntegrationTests.StackFixture))]

namespace Dashboard.IntegrationTests;

/// <summary>The real test stack and the dashboard's real services wired to it, shared by the whole assembly.</summary>
public sealed class StackFixture : IAsyncLifetime
{
    public StackFixture()
    {
        Stack = TestStack.Load();
        Services = AppServices.Build(Stack);
    }

    public TestStack Stack { get; }
    public AppServices Services { get; }

    public T Get<T>() where T : notnull => Services.Get<T>();


    /// <summary>
    /// The dashboard's schema is migrated first, as the dashboard itself would at start-up; then the hand-made actors
    /// that write get user rows, since every audit entry names a real user.
    /// </summary>
    public async ValueTask InitializeAsync()
    {
        await Dashboard.Data.SchemaMigrator.MigrateAsync(Stack.Options.Database.MigrationConnectionString, CancellationToken.None);
        await TestActors.EnsureUsersAsync(Get<Dashboard.Data.RegionDataSources>().Primary,
            [Zones.EditingZone.Operator, Auth.UserCommandsTests.Admin, .. Dashboard.Features.Auth.Roles.All.Select(Auth.RoleMatrixTests.ActorFor)],
            CancellationToken.None);
    }

    public ValueTask DisposeAsync() => Services.DisposeAsync();
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class StackMutatingCollection
{
    public const string Name = "stack-mutating";
}
