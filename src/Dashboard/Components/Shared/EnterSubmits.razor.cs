using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace Dashboard.Components.Shared;

/// <summary>
/// Wraps a dialog's fields so Enter submits, like a form. Only for dialogs whose fields are single-line: in a
/// multi-line field Enter belongs to the text. Shift/Ctrl/Alt+Enter and IME composition never submit.
/// </summary>
public partial class EnterSubmits
{
    [Parameter] public RenderFragment? ChildContent { get; set; }

    /// <summary>The dialog's submit action; called only when <see cref="CanSubmit"/> is true.</summary>
    [Parameter] public EventCallback OnSubmit { get; set; }

    /// <summary>The same condition that enables the dialog's submit button (busy, invalid input).</summary>
    [Parameter] public bool CanSubmit { get; set; } = true;

    internal static bool IsSubmitKey(KeyboardEventArgs e) =>
        e.Key is "Enter" or "NumpadEnter" && !e.ShiftKey && !e.CtrlKey && !e.AltKey && !e.MetaKey && !e.Repeat;

    private async Task OnKeyDownAsync(KeyboardEventArgs e)
    {
        if (CanSubmit && IsSubmitKey(e))
        {
            await OnSubmit.InvokeAsync();
        }
    }
}
