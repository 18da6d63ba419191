using System.Text;
using System.Text.Json;
using Dashboard.Dns;
using Dashboard.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.EndToEndTests;

/// <summary>
/// Issue #7: a zone file over about 16 KB staged nothing (a Blazor Server circuit drops messages over 32 KB), and a
/// 20 MB upload failed with no message. Files now go over HTTP to the import endpoint, with a stated limit (10 MB).
/// </summary>
public sealed class ZoneImportUploadTests(BrowserFixture fixture, EditingServices services)
{
    private const int Hosts = 1500;

    [Fact]
    public async Task Upload_FileOver32KB_IsStagedAndApplied_TooLargeRefusedWithMessage_SameFileAgainSaysNoChanges()
    {
        await using var zone = await services.CreateZoneAsync();
        // Files on disk: the browser reads them itself (a 20 MB buffer sent through Playwright's pipe is slow on a busy machine).
        using var files = new TempFiles();
        var big = files.Write("big.zone", Encoding.UTF8.GetBytes(BigZoneFile(zone.Name)));
        new FileInfo(big).Length.ShouldBeGreaterThan(32 * 1024);
        var huge = files.Write("huge.zone", new byte[20 * 1024 * 1024]);
        var page = await fixture.NewSignedInPageAsync(TestUsers.Operator);
        try
        {
            var ui = new ZonePageUi(page);
            await ui.OpenAsync(zone.Name);
            await ui.OpenImportAsync();
            var chooser = ui.ImportFile;

            // 20 MB: refused with a message naming both sizes, before anything is sent.
            await chooser.SetInputFilesAsync(huge);
            await ui.StageImportAsync();
            await Expect(page.GetByTestId("import-errors")).ToContainTextAsync("The zone file is 20 MB; the largest accepted is 10 MB. Nothing was staged.", new() { Timeout = 30_000 });

            // The server holds the same line when a client skips the page's check.
            var direct = await page.EvaluateAsync<JsonElement>("""
                async () => {
                    const form = document.querySelector('form.import-form');
                    const data = new FormData(form);
                    data.delete('text');
                    data.set('file', new Blob([new Uint8Array(20 * 1024 * 1024)]), 'huge.zone');
                    const response = await fetch(form.action, { method: 'POST', body: data });
                    return { status: response.status, body: await response.text() };
                }
                """);
            direct.GetProperty("status").GetInt32().ShouldBe(413);
            direct.GetProperty("body").GetString().ShouldNotBeNull().ShouldContain("the largest accepted is 10 MB");
            await ui.ExpectStagedAsync(0);

            // Over 32 KB, well under the limit: staged, every record in the change set.
            await chooser.SetInputFilesAsync(big);
            await ui.StageImportAsync();
            await Expect(page.GetByTestId("import-dialog")).ToHaveCountAsync(0, new() { Timeout = 30_000 });
            await Expect(ui.StagedCount).ToHaveTextAsync($"({Hosts})", new() { Timeout = 30_000 });

            await ui.ApplyAsync();
            await RegionDns.ShouldServeAsync(fixture.Stack, zone.Fqdn($"host-{Hosts:D4}"), RecordType.A, 300, Address(Hosts));

            // The same file again: nothing to stage, and the dialog says so.
            await ui.OpenImportAsync();
            await chooser.SetInputFilesAsync(big);
            await ui.StageImportAsync();
            await Expect(page.GetByTestId("import-no-changes")).ToContainTextAsync("No changes", new() { Timeout = 30_000 });
            await ui.ExpectStagedAsync(0);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task Upload_NotUtf8_RefusedWithLine_PasteStillWorks()
    {
        await using var zone = await services.CreateZoneAsync();
        var page = await fixture.NewSignedInPageAsync(TestUsers.Operator);
        try
        {
            var ui = new ZonePageUi(page);
            await ui.OpenAsync(zone.Name);
            await ui.OpenImportAsync();
            var chooser = ui.ImportFile;

            // "café" saved as ISO-8859-1 (é is the byte 0xE9) on line 3: refused, not turned into U+FFFD.
            var latin1 = Encoding.ASCII.GetBytes($"$ORIGIN {zone.Name}.\n$TTL 300\ntxt TXT \"caf").Concat(new byte[] { 0xE9, (byte)'"', (byte)'\n' }).ToArray();
            await chooser.SetInputFilesAsync(new FilePayload { Name = "latin1.zone", MimeType = "text/plain", Buffer = latin1 });
            await ui.StageImportAsync();
            await Expect(page.GetByTestId("import-errors")).ToContainTextAsync("line 3: the file is not valid UTF-8 (byte 0xE9", new() { Timeout = 30_000 });
            await ui.ExpectStagedAsync(0);

            // Pasted text (no file chosen) goes the same way.
            await chooser.SetInputFilesAsync(Array.Empty<FilePayload>());
            await ui.ImportTextAsync($"$ORIGIN {zone.Name}.\n$TTL 300\n$GENERATE 1-3 gen-$ A 192.0.2.$\n");
            await Expect(page.GetByTestId("import-dialog")).ToHaveCountAsync(0, new() { Timeout = 30_000 });
            await ui.ExpectStagedAsync(3);
            await Expect(page.GetByTestId($"diff-{zone.Fqdn("gen-3")} A")).ToContainTextAsync("192.0.2.3");
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    /// <summary>One A record per line, written out (no $GENERATE), so the file is about 60 KB.</summary>
    private static string BigZoneFile(string zone)
    {
        var sb = new StringBuilder($"$ORIGIN {zone}.\n$TTL 300\n; {Hosts} hosts, written out one per line\n");
        for (var i = 1; i <= Hosts; i++)
        {
            sb.Append($"host-{i:D4}\tIN\tA\t{Address(i)}\t; tunnel endpoint {i}\n");
        }
        return sb.ToString();
    }

    private static string Address(int i) => $"10.0.{i / 256}.{i % 256}";

    /// <summary>A directory of this test's own files, deleted when disposed.</summary>
    private sealed class TempFiles : IDisposable
    {
        private readonly string _directory = Directory.CreateTempSubdirectory("dashboard-e2e-import-").FullName;

        public string Write(string name, byte[] content)
        {
            var path = Path.Combine(_directory, name);
            File.WriteAllBytes(path, content);
            return path;
        }

        public void Dispose() => Directory.Delete(_directory, recursive: true);
    }
}
