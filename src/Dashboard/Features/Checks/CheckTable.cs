using Dashboard.Dns;

namespace Dashboard.Features.Checks;

/// <summary>
/// The results of one check as the page shows them: one row per name × type, one cell per region, filled as events
/// arrive. Owned by one page (one circuit); not thread-safe.
/// </summary>
public sealed class CheckTable
{
    private readonly Dictionary<(string Name, RecordType Type), CheckRow> _byKey = [];

    public CheckTable(CheckPlan plan)
    {
        Regions = plan.Regions.Select(r => r.Name).ToList();
        Rows = plan.Names.SelectMany(n => plan.Types.Select(t => new CheckRow(n, t))).ToList();
        foreach (var row in Rows)
        {
            _byKey[(row.Name, row.Type)] = row;
        }
        Total = plan.CellCount;
    }

    public IReadOnlyList<string> Regions { get; }
    public IReadOnlyList<CheckRow> Rows { get; }
    public int Total { get; }
    public int Done { get; private set; }

    /// <summary>The flushes that undid this check's misses, per region: how many names, how many failed.</summary>
    public Dictionary<string, (int Names, int Failed)> Flushes { get; } = new(StringComparer.Ordinal);

    public int Count(CheckOutcome outcome) => Rows.Sum(r => r.Cells.Values.Count(c => c.Outcome == outcome));

    public int Count(CheckComparison comparison) => Rows.Sum(r => r.Cells.Values.Count(c => c.Comparison == comparison));

    public void Apply(CheckEvent item)
    {
        switch (item)
        {
            case CellChecked { Cell: var cell } when _byKey.TryGetValue((cell.Name, cell.Type), out var row):
                if (row.Cells.TryAdd(cell.Region, cell))
                {
                    Done++;
                }
                break;
            case MissesFlushed flushed:
                var (names, failed) = Flushes.GetValueOrDefault(flushed.Region);
                Flushes[flushed.Region] = (names + flushed.Names.Count, failed + (flushed.Succeeded ? 0 : flushed.Names.Count));
                break;
        }
    }
}

/// <summary>One name and type: its cell per region (absent until answered).</summary>
public sealed class CheckRow(string name, RecordType type)
{
    public string Name { get; } = name;
    public RecordType Type { get; } = type;
    public Dictionary<string, CheckCell> Cells { get; } = new(StringComparer.Ordinal);
}
