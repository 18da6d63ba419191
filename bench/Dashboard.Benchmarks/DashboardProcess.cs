using System.Globalization;
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

    /// <summary>/proc counts CPU time in USER_HZ, 100 per second on Linux.</summary>
    public const double TicksPerSecond = 100;

    /// <summary>
    /// User plus system CPU time, in ticks (<see cref="TicksPerSecond"/>), from a process's or a thread's stat file
    /// (<c>/proc/PID/stat</c>, <c>/proc/PID/task/TID/stat</c>). Throws <see cref="IOException"/> once it is gone.
    /// </summary>
    public static long CpuTicks(string statFile)
    {
        var stat = File.ReadAllText(statFile);
        // The fields after the parenthesized name start at field 3 (state); utime is field 14 and stime 15 (proc(5)).
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }

    /// <summary>VmRSS of the process, in MB.</summary>
    public static double RssMegabytes(string pid)
    {
        var status = File.ReadAllLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(status.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0;
    }
}
