using Bunit;
using Dashboard.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace Dashboard.Components.Tests.Shared;

public sealed class EnterSubmitsTests : DashboardTestContext
{
    private int _submitted;

    private IRenderedComponent<EnterSubmits> Render(bool canSubmit = true) =>
        Render<EnterSubmits>(p => p
            .Add(c => c.CanSubmit, canSubmit)
            .Add(c => c.OnSubmit, EventCallback.Factory.Create(this, () => _submitted++))
            .AddChildContent("<input data-testid=\"field\" />"));

    [Fact]
    public void Enter_InAField_Submits()
    {
        var cut = Render();

        cut.Find("[data-testid=enter-submits]").KeyDown(new KeyboardEventArgs { Key = "Enter" });

        _submitted.ShouldBe(1);
    }

    [Theory]
    [InlineData("a", false, false)]
    [InlineData("Enter", true, false)]
    [InlineData("Enter", false, true)]
    public void OtherKeysOrModifiedEnter_DoNotSubmit(string key, bool shift, bool ctrl)
    {
        var cut = Render();

        cut.Find("[data-testid=enter-submits]").KeyDown(new KeyboardEventArgs { Key = key, ShiftKey = shift, CtrlKey = ctrl });

        _submitted.ShouldBe(0);
    }

    [Fact]
    public void Enter_WhenSubmitIsDisabled_DoesNothing()
    {
        var cut = Render(canSubmit: false);

        cut.Find("[data-testid=enter-submits]").KeyDown(new KeyboardEventArgs { Key = "Enter" });

        _submitted.ShouldBe(0);
    }
}
