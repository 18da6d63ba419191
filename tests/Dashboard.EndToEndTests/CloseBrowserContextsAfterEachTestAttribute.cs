using System.Reflection;
using Xunit.v3;

[assembly: Dashboard.EndToEndTests.CloseBrowserContextsAfterEachTest]

namespace Dashboard.EndToEndTests;

/// <summary>
/// Closes the browser contexts a test made through <see cref="BrowserFixture"/> once it ends, passed or failed, so no
/// page outlives its test (many tests closed theirs only on some paths, and about 30 pages were found still open and
/// live halfway through a run).
/// </summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class CloseBrowserContextsAfterEachTestAttribute : BeforeAfterTestAttribute
{
    public override void After(MethodInfo methodUnderTest, IXunitTest test) => BrowserFixture.Current?.CloseContextsOf(test.UniqueID);
}
