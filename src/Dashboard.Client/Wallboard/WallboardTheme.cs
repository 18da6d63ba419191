using MudBlazor;

namespace Dashboard.Client.Wallboard;

internal static class WallboardTheme
{
    // System fonts only, as the console: the wallboard must render on a machine with no outside network.
    public static readonly MudTheme Theme = new()
    {
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica", "Arial", "sans-serif"] },
        },
    };
}
