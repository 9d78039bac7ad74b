namespace ParSurvey.SurveyApi.Catalog;

/// <summary>The catalog file cannot be used; the message lists every problem so an administrator can fix them at once.</summary>
public sealed class CatalogException(string path, IReadOnlyList<string> problems)
    : Exception($"Danh mục không hợp lệ / invalid catalog '{path}':{Environment.NewLine}  - " +
                string.Join(Environment.NewLine + "  - ", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
