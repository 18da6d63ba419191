using Dashboard.Data;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Tests.Data;

public sealed class MigrationsTests
{
    /// <summary>
    /// Two migrations written in parallel can each be right and still leave the snapshot behind the model; a model change
    /// without its migration would then be silently missing from every database. Needs no server: it compares the model
    /// with the last migration's snapshot.
    /// </summary>
    [Fact]
    public void Model_MatchesTheLastMigrationSnapshot()
    {
        var options = new DbContextOptionsBuilder<DashboardDbContext>()
            .UseNpgsql("Host=127.0.0.1;Database=pdns", DataServiceCollectionExtensions.ConfigureNpgsql)
            .Options;
        using var db = new DashboardDbContext(options);

        db.Database.HasPendingModelChanges().ShouldBeFalse();
    }
}
