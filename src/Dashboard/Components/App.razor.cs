using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace Dashboard.Components;

public partial class App
{
    // Interactive server pages subscribe to live stores, and prerendering would subscribe twice; it is off.
    private static readonly IComponentRenderMode InteractiveServerNoPrerender = new InteractiveServerRenderMode(prerender: false);

    [CascadingParameter]
    public HttpContext HttpContext { get; set; } = null!;

    /// <summary>
    /// The render mode is chosen per route: most of the console is interactive server; pages that must run as static
    /// server rendering (sign-in forms that set cookies, the wallboard that hosts a WebAssembly component) get none.
    /// </summary>
    private IComponentRenderMode? PageRenderMode => DashboardUrls.IsStaticRoute(HttpContext.Request.Path) ? null : InteractiveServerNoPrerender;
}
