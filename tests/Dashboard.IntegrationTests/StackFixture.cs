using Dashboard.TestSupport;
using Microsoft.Extensions.DependencyInjection;

[assembly: AssemblyFixture(typeof(Dashboard.IntegrationTests.StackFixture))]

namespace Dashboard.IntegrationTests;

/// <summary>The real test stack and the dashboard's real services wired to it, shared by the whole assembly.</summary>
public sealed class StackFixture : IAsyncLifetime
{
    public StackFixture()
    {
        Stack = TestStack.Load();
        Services = StackServices.Build(Stack);
    }

    public TestStack Stack { get; }
    public ServiceProvider Services { get; }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>The dashboard's schema is migrated first, as the dashboard itself would at start-up.</summary>
    public async ValueTask InitializeAsync() =>
        await Dashboard.Data.SchemaMigrator.MigrateAsync(Stack.Options.Database.MigrationConnectionString, CancellationToken.None);

    public ValueTask DisposeAsync() => Services.DisposeAsync();
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class StackMutatingCollection
{
    public const string Name = "stack-mutating";
}
