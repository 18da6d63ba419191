using Dashboard;

var builder = WebApplication.CreateBuilder(args);
builder.AddDashboard();

var app = builder.Build();
app.MapDashboard();
app.Run();

/// <summary>Entry point; public so test hosts can reference it.</summary>
public partial class Program;
