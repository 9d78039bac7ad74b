namespace ParSurvey.SurveyApi.Survey;

/// <summary>
/// One printed counter poster's link. Its id travels in the signed token, so a poster that was photographed and
/// misused can be revoked without touching the counter's other posters (issue 13).
/// </summary>
public sealed record PosterLink(Guid Id, string CounterId, string UnitId, DateTimeOffset CreatedAt, string CreatedBy,
    DateTimeOffset? RevokedAt, string? RevokedBy)
{
    public bool IsRevoked => RevokedAt is not null;
}
