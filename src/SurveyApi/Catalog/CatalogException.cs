namespace ParSurvey.SurveyApi.Catalog;

/// <summary>One thing wrong in a catalog: where (a JSON path such as <c>units[3].parentId</c>) and what is allowed there.</summary>
public sealed record CatalogProblem(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}

/// <summary>The catalog file cannot be used; the message lists every problem so an administrator can fix them at once.</summary>
public sealed class CatalogException(string source, IReadOnlyList<CatalogProblem> problems)
    : Exception($"Danh mục không hợp lệ / invalid catalog '{source}':{Environment.NewLine}  - " +
                string.Join(Environment.NewLine + "  - ", problems))
{
    public IReadOnlyList<CatalogProblem> Problems { get; } = problems;

    /// <summary>The problems per path, as a validation problem's <c>errors</c>.</summary>
    public Dictionary<string, string[]> ByPath() =>
        Problems.GroupBy(p => p.Path).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray());
}
