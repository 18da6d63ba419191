using Dashboard.Dns;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Features.Zones;

/// <summary>One page of RRsets, one row per RRset with all its records. Parameters only; the page owns loading and the URL.</summary>
public partial class RRsetGrid
{
    [Parameter] public RRsetPage? Page { get; set; }
    [Parameter] public bool Loading { get; set; }
    [Parameter] public RRsetFilter Filter { get; set; } = new();
    [Parameter] public bool CanEdit { get; set; }
    [Parameter] public EventCallback<RRsetSort> OnSort { get; set; }
    [Parameter] public EventCallback<RRsetRow> OnEdit { get; set; }
    [Parameter] public EventCallback<(RRsetRow RRset, RecordRow Record)> OnDelete { get; set; }
    [Parameter] public EventCallback<(RRsetRow RRset, RecordRow Record)> OnToggle { get; set; }

    private string? SortIcon(RRsetSort sort) =>
        Filter.Sort != sort ? null : Filter.Descending ? Icons.Material.Filled.ArrowDownward : Icons.Material.Filled.ArrowUpward;

    /// <summary>
    /// The SOA is edited only through its editor: disabling or deleting it would stop the zone answering, and apply
    /// refuses both, so the grid does not offer them.
    /// </summary>
    internal static bool HasRecordActions(RRsetRow rrset) => rrset.Type != RecordType.SOA;

    private static string RecordClass(RecordRow record) => record.Disabled ? "rrset-record rrset-record-disabled" : "rrset-record";
}
