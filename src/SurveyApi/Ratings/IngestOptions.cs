using System.ComponentModel.DataAnnotations;

namespace ParSurvey.SurveyApi.Ratings;

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
