namespace Dashboard.TestSupport;

/// <summary>Paths inside the repository the tests run from.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string StackScript => Path.Combine(Root, "scripts", "stack.sh");

    /// <summary>
    /// The stack the tests use: <c>DASHBOARD_TEST_STACK_DIR</c>, else <c>STACK_DIR</c> (what <c>./test.sh</c> exports),
    /// else <c>.stack-test</c>. Never the stack <c>./run.sh</c> uses, so both can run side by side.
    /// </summary>
    public static string StackDir =>
        Environment.GetEnvironmentVariable("DASHBOARD_TEST_STACK_DIR") is { Length: > 0 } explicitDir ? explicitDir
        : Environment.GetEnvironmentVariable("STACK_DIR") is { Length: > 0 } stackDir ? stackDir
        : Path.Combine(Root, ".stack-test");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Dashboard.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"Dashboard.sln not found above {AppContext.BaseDirectory}.");
    }
}
