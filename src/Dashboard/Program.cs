using Dashboard;
using Dashboard.Features.Audit;

var command = args is [VerifyAuditCommand.Name, ..];
var builder = WebApplication.CreateBuilder(command ? [] : args);
builder.AddDashboard();

var app = builder.Build();
if (command)
{
    return await VerifyAuditCommand.RunAsync(app.Services, args[1..], Console.Out, CancellationToken.None);
}
app.MapDashboard();
app.Run();
return 0;

/// <summary>Entry point; public so test hosts can reference it.</summary>
public partial class Program;
