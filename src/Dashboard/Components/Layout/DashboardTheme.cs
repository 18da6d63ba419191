using MudBlazor;

namespace Dashboard.Components.Layout;

internal static class DashboardTheme
{
    // System fonts only: the console must render the same on a machine with no outside network.
    public static readonly MudTheme Theme = new()
    {
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica", "Arial", "sans-serif"] },
        },
    };
}
