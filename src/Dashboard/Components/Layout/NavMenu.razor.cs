using Dashboard.Features.Auth;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Components.Layout;

public partial class NavMenu
{
    /// <summary>The signed-in actor; the menu shows only the areas their roles may open (a courtesy: pages and commands enforce).</summary>
    [Parameter, EditorRequired] public required Actor Actor { get; set; }

    private IEnumerable<NavigationArea> Areas => NavigationAreas.For(Actor);
}
