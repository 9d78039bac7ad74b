using System.ComponentModel.DataAnnotations;
using ParSurvey.Analytics;

namespace ParSurvey.SurveyApi.PublicResults;

/// <summary>Public results ("ParSurvey:Public").</summary>
public sealed class PublicResultsOptions
{
    public const string Section = "ParSurvey:Public";

    /// <summary>How long a computed public page is served before it is computed again (and its HTTP cache lifetime).</summary>
    [Range(1, 3600)]
    public int RefreshSeconds { get; set; } = 300;

    /// <summary>The licence the open data is published under, stated in every answer.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Licence { get; set; } = "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)";
}

/// <summary>One figure a unit publishes: only counts and rates — never comments, reasons, names or devices.</summary>
public sealed record PublicFigure(long Ratings, long Satisfied, double? Rate, double? CiLow, double? CiHigh, double Target, SatisfactionStatus Status)
{
    public static PublicFigure From(SatisfactionRow row) =>
        new(row.Total, row.Satisfied, row.Rate, row.CiLow, row.CiHigh, row.Target, row.Status);
}

public sealed record PublicMonth(string Month, PublicFigure Figure);

/// <param name="Code">The field's code; empty for the unit as a whole.</param>
public sealed record PublicLine(string Code, string Name, string? NameEn, PublicFigure ThisMonth, PublicFigure LastMonth,
    PublicFigure CchcYearToDate, IReadOnlyList<PublicMonth> Trend);

public sealed record PublicUnitLink(string Id, string Name, string? NameEn);

/// <summary>What a unit's public page shows, computed at <paramref name="UpdatedAt"/> and reused for a few minutes.</summary>
public sealed record PublicUnitResults(
    string UnitId,
    string Name,
    string? NameEn,
    PublicUnitLink? Parent,
    IReadOnlyList<PublicUnitLink> Children,
    DateOnly Today,
    ReportPeriod ThisMonth,
    ReportPeriod LastMonth,
    ReportPeriod CchcYear,
    DateOnly CchcYearTo,
    PublicLine Overall,
    IReadOnlyList<PublicLine> Fields,
    DateTimeOffset UpdatedAt,
    int MinSample,
    IReadOnlyList<PublicAnswer> Answers,
    string? CchcGapNote = null,
    string? CchcGapNoteEn = null);

/// <summary>A citizen's feedback and the unit's answer, published with e-mails and long numbers hidden; never the contact.</summary>
public sealed record PublicAnswer(string Code, string Category, string CategoryEn, DateTimeOffset ReceivedAt, string Text, string Answer, DateTimeOffset? AnsweredAt);

/// <summary>The open-data answer for one unit and period: the satisfaction API's numbers, per field, with the licence.</summary>
public sealed record PublicSatisfaction(
    string UnitId,
    string UnitName,
    string Period,
    DateOnly From,
    DateOnly To,
    string TimeZone,
    int MinSample,
    double Confidence,
    PublicFigure Overall,
    IReadOnlyList<PublicFieldFigure> Fields,
    DateTimeOffset UpdatedAt,
    string Licence,
    string Source);

public sealed record PublicFieldFigure(string Code, string Name, PublicFigure Figure);
