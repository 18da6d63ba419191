using System.Globalization;
using System.Text;
using Dashboard.Dns;
using Dashboard.Features.Auth;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Dashboard.Features.Zones;

/// <summary>
/// <c>POST /zones/{zone}/import</c> (multipart form, antiforgery-checked, signed in, <see cref="Permission.EditDns"/>):
/// a zone file (<c>file</c>) or pasted text (<c>text</c>), with <c>replaceWholeZone</c> and <c>confirmZone</c>. Parses
/// and stages it exactly as the import dialog would, and parks the staged change set for the page to take
/// (<see cref="ImportUploads"/>). Large files go over HTTP because a Blazor Server circuit drops any message over
/// 32 KB; the limit here is <see cref="ImportOptions.MaxUploadBytes"/>, and anything larger is refused with a message.
/// Answers JSON <see cref="ImportUploadResponse"/>: 200 with a token (or "no changes"), 400 with line-numbered errors,
/// 403, 404, 413.
/// </summary>
public static class ZoneImportEndpoint
{
    /// <summary>Room for the form's other fields and the multipart framing around a file of the largest size.</summary>
    private const long FormOverhead = 64 * 1024;

    public static IEndpointRouteBuilder MapZoneImport(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(DashboardUrls.ZoneImportRoute, ImportAsync).AsMachineEndpoint();
        return endpoints;
    }

    /// <summary>The message for input over the limit, used here and by the dialog before it sends anything.</summary>
    public static string TooLargeMessage(long size, long max) =>
        $"The zone file is {SizeText(size)}; the largest accepted is {SizeText(max)}. Nothing was staged. Split the file, or import it in parts.";

    /// <summary>A byte count as people read it (KB, MB).</summary>
    public static string SizeText(long bytes) => bytes >= 1024 * 1024
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0 / 1024.0:0.#} MB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KB");

    private static async Task<IResult> ImportAsync(
        string zone, HttpContext http, ICurrentActor currentActor, IAntiforgery antiforgery, ZoneEditingReads reads, ImportUploads uploads,
        IOptions<ImportOptions> options, CancellationToken ct)
    {
        var max = options.Value.MaxUploadBytes;
        // Antiforgery is checked below, by hand, after the size limit is set: reading the form is what the limit guards.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = max + FormOverhead;
        }
        if (http.Request.ContentLength is { } length && length > max + FormOverhead)
        {
            return Answer(StatusCodes.Status413PayloadTooLarge, TooLargeMessage(length, max));
        }

        Actor actor;
        try
        {
            actor = await currentActor.GetAsync(ct);
        }
        catch (NotSignedInException)
        {
            return Answer(StatusCodes.Status401Unauthorized, "You are signed out. Sign in again and retry. Nothing was staged.");
        }
        if (!actor.Can(Permission.EditDns))
        {
            return Answer(StatusCodes.Status403Forbidden, $"{actor.UserName} may not change DNS data. Nothing was staged.");
        }

        IFormCollection form;
        try
        {
            form = await http.Request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = max + FormOverhead }, ct);
            await antiforgery.ValidateRequestAsync(http);
        }
        catch (AntiforgeryValidationException)
        {
            return Answer(StatusCodes.Status400BadRequest, "The form's antiforgery token is missing or out of date. Reload the page and try again. Nothing was staged.");
        }
        catch (Exception e) when (e is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } or InvalidDataException)
        {
            return Answer(StatusCodes.Status413PayloadTooLarge, TooLargeMessage(http.Request.ContentLength ?? max + 1, max));
        }

        var name = DnsName.Normalize(zone);
        if (await reads.PolicyAsync(actor, name, ct) is not { } policy)
        {
            return Answer(StatusCodes.Status404NotFound, $"There is no zone {name} with a tier to import into. Nothing was staged.");
        }

        string text;
        if (form.Files.GetFile("file") is { Length: > 0 } file)
        {
            if (file.Length > max)
            {
                return Answer(StatusCodes.Status413PayloadTooLarge, TooLargeMessage(file.Length, max));
            }
            using var buffer = new MemoryStream((int)file.Length);
            await file.CopyToAsync(buffer, ct);
            if (ZoneFileText.TryDecode(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), out text) is { } encodingError)
            {
                return Answer(StatusCodes.Status400BadRequest, encodingError);
            }
        }
        else
        {
            text = form["text"].ToString();
            if (Encoding.UTF8.GetByteCount(text) is var size && size > max)
            {
                return Answer(StatusCodes.Status413PayloadTooLarge, TooLargeMessage(size, max));
            }
        }

        var replace = string.Equals(form["replaceWholeZone"], "true", StringComparison.OrdinalIgnoreCase);
        if (text.Length == 0 && !replace)
        {
            return Answer(StatusCodes.Status400BadRequest, "Paste a zone file or choose one to upload. Nothing was staged.");
        }

        var staging = await ZoneImport.StageAsync(reads, actor, name, policy, text, replace, ct, form["confirmZone"].ToString());
        if (staging.Set is { } set)
        {
            return Results.Json(new ImportUploadResponse(uploads.Park(actor.UserId, set), [], NoChanges: false, set.Count));
        }
        return staging.NoChanges
            ? Results.Json(new ImportUploadResponse(null, [], NoChanges: true, 0))
            : Results.Json(new ImportUploadResponse(null, staging.Errors, NoChanges: false, 0), statusCode: StatusCodes.Status400BadRequest);
    }

    private static IResult Answer(int status, string error) =>
        Results.Json(new ImportUploadResponse(null, [error], NoChanges: false, 0), statusCode: status);
}

/// <summary>
/// What the import endpoint answers: the token of the parked change set and how many changes it stages, or the errors
/// (nothing staged), or that the file matches the zone.
/// </summary>
public sealed record ImportUploadResponse(string? Token, IReadOnlyList<string> Errors, bool NoChanges, int Changes);
