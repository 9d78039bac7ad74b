using System.ComponentModel.DataAnnotations;

namespace ParSurvey.SurveyApi.Hosting;

/// <summary>Settings under "ParSurvey" (environment: ParSurvey__DataDirectory, …). Every one has a default.</summary>
public sealed class ParSurveyOptions
{
    public const string Section = "ParSurvey";

    /// <summary>Folder for the embedded SQLite store and, later, archived reports. Relative paths start at the working directory.</summary>
    [Required(AllowEmptyStrings = false)]
    public string DataDirectory { get; set; } = "data";

    /// <summary>Catalog JSON file; empty means the bundled demo catalog of Ho Chi Minh City.</summary>
    public string? CatalogPath { get; set; }

    public string DataDirectoryFullPath => Path.GetFullPath(DataDirectory);

    public string DatabasePath => SafePath.Under(DataDirectoryFullPath, "parsurvey.db");

    public string CatalogFullPath => string.IsNullOrWhiteSpace(CatalogPath)
        ? SafePath.Under(AppContext.BaseDirectory, "Catalog", "demo-catalog.json")
        : Path.GetFullPath(CatalogPath);
}
