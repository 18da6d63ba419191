using Dashboard.TestSupport;
using Microsoft.Extensions.DependencyInjection;

[assembly: AssemblyFixture(typeof(Dashboard.IntegrationTests.StackFixture))]

namespace Dashboard.IntegrationTests;

/// <summary>The real test stack and the dashboard's real services wired to it, shared by the whole assembly.</summary>
public sealed class StackFixture : IAsyncDisposable
{
    public StackFixture()
    {
        Stack = TestStack.Load();
        Services = StackServices.Build(Stack);
    }

    public TestStack Stack { get; }
    public ServiceProvider Services { get; }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public ValueTask DisposeAsync() => Services.DisposeAsync();
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class StackMutatingCollection
{
    public const string Name = "stack-mutating";
}
