using Bunit;
using Dashboard.Features.Auth;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Dashboard.Components.Tests;

/// <summary>
/// The bUnit context every component test derives from: MudBlazor's services (no popover provider needed), loose JS
/// interop (MudBlazor calls JavaScript these tests do not assert on), the system clock, and a signed-in actor with no
/// role until the test calls <see cref="SignInAs"/>.
/// </summary>
public abstract class DashboardTestContext : BunitContext
{
    protected DashboardTestContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices(o => o.PopoverOptions.CheckForPopoverProvider = false);
        Services.AddSingleton(TimeProvider.System);
        SignInAs();
    }

    /// <summary>Makes the current actor one with <paramref name="roles"/> (the last registration wins).</summary>
    protected void SignInAs(params string[] roles) => Services.AddSingleton<ICurrentActor>(new TestCurrentActor(roles));
}
