using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Dashboard.Features.Api;

/// <summary>The document's title and description, and the bearer security scheme every operation requires.</summary>
public sealed class ApiDocumentTransformer : IOpenApiDocumentTransformer
{
    public const string SecuritySchemeName = "ApiKey";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "DNS Dashboard API";
        document.Info.Version = ApiEndpoints.DocumentName;
        document.Info.Description =
            "The operations console's HTTP API. Every operation needs an API key (made by an Admin on the Keys page) as "
            + "`Authorization: Bearer dash_<id>_<secret>`; a browser's sign-in cookie is not accepted here. A key acts for its "
            + "owner, narrowed to its permissions and zones, and every change it makes is audited as `key:<name>`. Refusals are "
            + "RFC 9457 problem details (`application/problem+json`); each key is rate-limited (429 with `Retry-After`).";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SecuritySchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "dash_<id>_<secret>",
            Description = "An API key from the Keys page.",
        };
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SecuritySchemeName, document)] = [] });
        return Task.CompletedTask;
    }
}
