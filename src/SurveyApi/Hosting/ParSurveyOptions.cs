using System.ComponentModel.DataAnnotations;
using ParSurvey.Analytics;

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

/// <summary>How satisfaction is judged ("ParSurvey:Analytics").</summary>
public sealed class AnalyticsOptions
{
    public const string Section = "ParSurvey:Analytics";

    /// <summary>Target share of satisfied ratings; the CCHC plans ask for 95 %.</summary>
    [Range(0.01, 1.0)]
    public double DefaultTarget { get; set; } = 0.95;

    /// <summary>Below this many ratings a group is "insufficient" rather than met or below.</summary>
    [Range(1, 1_000_000)]
    public int MinSample { get; set; } = 30;

    /// <summary>Confidence of the Wilson interval reported with each rate.</summary>
    [Range(0.5, 0.999)]
    public double Confidence { get; set; } = 0.95;

    /// <summary>The one status rule with these settings; registered once and injected wherever a tally is judged.</summary>
    public SatisfactionPolicy ToPolicy() => new(DefaultTarget, MinSample, Confidence);
}

/// <summary>Limits on what a client may send ("ParSurvey:Ingest").</summary>
public sealed class IngestOptions
{
    public const string Section = "ParSurvey:Ingest";

    /// <summary>Most ratings in one POST /api/ratings/batch (a kiosk's offline queue is flushed in chunks).</summary>
    [Range(1, 10_000)]
    public int MaxBatchItems { get; set; } = 500;

    /// <summary>How far a device clock may run ahead of the server before submittedAt is refused.</summary>
    [Range(0, 24 * 60)]
    public int MaxClockSkewMinutes { get; set; } = 10;

    /// <summary>How old submittedAt may be: an offline kiosk's queue older than this is refused, not back-dated.</summary>
    [Range(1, 366)]
    public int MaxOfflineAgeDays { get; set; } = 31;

    /// <summary>Most ratings written in one transaction (group commit): one disk flush acknowledges them all.</summary>
    [Range(1, 100_000)]
    public int MaxCommitBatch { get; set; } = 1024;
}
