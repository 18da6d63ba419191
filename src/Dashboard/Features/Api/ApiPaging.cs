namespace Dashboard.Features.Api;

/// <summary>Page and size of a paged read: 1-based page, size bounded; each invalid one is its own validation entry.</summary>
public static class ApiPaging
{
    public const string Page = "page";
    public const string Size = "size";

    /// <summary>The page (1-based) and size, or the fields wrong in <paramref name="errors"/>.</summary>
    public static (int Page, int Size) Read(int? page, int? size, int defaultSize, int maxSize, int maxPage, IDictionary<string, string[]> errors)
    {
        if (page is < 1 || page > maxPage)
        {
            errors[Page] = [$"page is from 1 to {maxPage:N0}."];
        }
        if (size is < 1 || size > maxSize)
        {
            errors[Size] = [$"size is from 1 to {maxSize:N0}."];
        }
        return (page ?? 1, size ?? defaultSize);
    }
}
