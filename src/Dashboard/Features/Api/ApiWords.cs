using System.Text.Json;

namespace Dashboard.Features.Api;

/// <summary>How the API writes enum values: camelCase, as its property names (<c>waitingForReplay</c>, <c>nxDomain</c>).</summary>
public static class ApiWords
{
    public static string Of<T>(T value) where T : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());
}
