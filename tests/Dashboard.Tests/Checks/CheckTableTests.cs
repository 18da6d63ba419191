using Dashboard.Configuration;
using Dashboard.Dns;
using Dashboard.Features.Checks;

namespace Dashboard.Tests.Checks;

public sealed class CheckTableTests
{
    private static CheckPlan Plan() => CheckPlan.Validate(["a.test", "b.test"], ["A", "TXT"], [],
        [new RegionOptions { Name = "us", Role = RegionRole.Primary }, new RegionOptions { Name = "eu", Role = RegionRole.Replica }], 10).Plan!;

    private static CheckCell Cell(string name, RecordType type, string region, CheckOutcome outcome, params CheckRecord[] answers) =>
        new(name, type, region, outcome, outcome.ToString(), true, 1.25, answers, outcome == CheckOutcome.NxDomain ? 10 : null, "test",
            outcome == CheckOutcome.NxDomain ? CheckComparison.Missing : CheckComparison.Matches, outcome == CheckOutcome.NxDomain ? "the database has A 192.0.2.1 (TTL 60); this region does not answer it" : null);

    [Fact]
    public void Apply_Cells_FillTheirRowsAndCount()
    {
        var table = new CheckTable(Plan());

        table.Apply(new CellChecked(Cell("b.test", RecordType.TXT, "eu", CheckOutcome.NoError)));
        table.Apply(new CellChecked(Cell("b.test", RecordType.TXT, "eu", CheckOutcome.NoError)));
        table.Apply(new MissesFlushed("eu", "b.test", ["b.test"], false, "connection refused", 3));

        table.Total.ShouldBe(8);
        table.Done.ShouldBe(1);
        table.Rows.Select(r => $"{r.Name} {r.Type}").ShouldBe(["a.test A", "a.test TXT", "b.test A", "b.test TXT"]);
        table.Rows[3].Cells.Keys.ShouldBe(["eu"]);
        table.Flushes["eu"].ShouldBe((1, 1));
    }

    [Fact]
    public void Csv_WholeTable_OneLinePerCellQuotedAndFormulaSafe()
    {
        var table = new CheckTable(Plan());
        table.Apply(new CellChecked(Cell("a.test", RecordType.TXT, "us", CheckOutcome.NoError, new CheckRecord("a.test.", RecordType.TXT, 60, "\"=cmd, \\\"x\\\"\""))));
        table.Apply(new CellChecked(Cell("a.test", RecordType.A, "eu", CheckOutcome.NxDomain)));

        var lines = CheckCsv.Write(table).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        lines.Length.ShouldBe(1 + 8);
        lines[0].ShouldBe("name,type,region,outcome,aa,latency_ms,answers,negative_ttl_s,negative_ttl,comparison,detail");
        lines[2].ShouldBe("a.test,A,eu,NXDOMAIN,yes,1.25,,10,resolvers may keep this miss for 10 s,missing,the database has A 192.0.2.1 (TTL 60); this region does not answer it");
        lines[3].ShouldBe("a.test,TXT,us,NOERROR,yes,1.25,\"a.test. 60 TXT \"\"=cmd, \\\"\"x\\\"\"\"\"\",,,matches,");
        lines[1].ShouldBe("a.test,A,us,not checked,,,,,,,");
    }
}
