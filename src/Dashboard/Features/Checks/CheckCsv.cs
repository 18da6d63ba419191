using System.Globalization;
using System.Text;
using Dashboard.Dns;

namespace Dashboard.Features.Checks;

/// <summary>A check's whole table as CSV (RFC 4180), one line per name × type × region.</summary>
public static class CheckCsv
{
    public static readonly string[] Header =
        ["name", "type", "region", "outcome", "aa", "latency_ms", "answers", "negative_ttl_s", "negative_ttl", "comparison", "detail"];

    public static string Write(CheckTable table)
    {
        var csv = new StringBuilder();
        Line(csv, Header);
        foreach (var row in table.Rows)
        {
            foreach (var region in table.Regions)
            {
                if (!row.Cells.TryGetValue(region, out var cell))
                {
                    Line(csv, [row.Name, row.Type.Mnemonic(), region, "not checked", "", "", "", "", "", "", ""]);
                    continue;
                }
                Line(csv,
                [
                    cell.Name, cell.Type.Mnemonic(), cell.Region, cell.OutcomeText, cell.Authoritative ? "yes" : "no",
                    cell.LatencyMs.ToString("0.##", CultureInfo.InvariantCulture),
                    string.Join(" | ", cell.Answers.Select(a => $"{a.Owner} {a.Ttl} {a.Type.Mnemonic()} {a.Content}")),
                    cell.NegativeTtl?.ToString(CultureInfo.InvariantCulture) ?? "", cell.NegativeTtlText ?? "",
                    CheckWords.Comparison(cell.Comparison), cell.Detail ?? "",
                ]);
            }
        }
        return csv.ToString();
    }

    private static void Line(StringBuilder csv, IEnumerable<string> fields)
    {
        csv.AppendJoin(',', fields.Select(Field)).Append("\r\n");
    }

    private static string Field(string value)
    {
        // A spreadsheet runs a cell that starts with = + - @ as a formula: TXT content is anyone's text.
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@')
        {
            value = "'" + value;
        }
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
    }
}
