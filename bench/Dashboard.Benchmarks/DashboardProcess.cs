using Dashboard.TestSupport;

namespace Dashboard.Benchmarks;

/// <summary>The dashboard process a benchmark started, seen from outside through /proc.</summary>
public static class DashboardProcess
{
    /// <summary>The pid of the dashboard started with this server's ASPNETCORE_URLS.</summary>
    public static string Find(DashboardServer server)
    {
        var marker = $"ASPNETCORE_URLS={server.BaseAddress.ToString().TrimEnd('/')}\0";
        return Directory.GetDirectories("/proc").Select(Path.GetFileName).Where(d => d!.All(char.IsAsciiDigit)).First(d =>
        {
            try { return File.ReadAllText($"/proc/{d}/environ").Contains(marker, StringComparison.Ordinal); }
            catch (IOException) { return false; }
            catch (UnauthorizedAccessException) { return false; }
        })!;
    }

    /// <summary>VmRSS of the process, in MB.</summary>
    public static double RssMegabytes(string pid)
    {
        var status = File.ReadAllLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(status.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0;
    }
}
