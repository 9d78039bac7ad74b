using Microsoft.Extensions.Options;
using ParSurvey.SurveyApi.Audit;
using ParSurvey.SurveyApi.Catalog;
using ParSurvey.SurveyApi.Security;
using ParSurvey.SurveyApi.Storage;

namespace ParSurvey.SurveyApi.Survey;

/// <summary>
/// A counter's poster link: the counter's current poster (made on first request) signed with the active key, so
/// reprinting gives the same poster id; revoking it refuses that poster's link at once and the next request makes a new one.
/// </summary>
public sealed class PosterLinks(IPosterStore store, SurveyTokens tokens, PublicAddress publicAddress, TimeProvider clock, AuditTrail audit,
    IChangeFeed changes)
{
    private readonly SemaphoreSlim _creating = new(1, 1);

    public async Task<(PosterLink Poster, string Token, string Url)> CurrentAsync(Counter counter, string actor, CancellationToken ct)
    {
        var poster = await store.CurrentAsync(counter.Id, ct);
        if (poster is null)
        {
            await _creating.WaitAsync(ct);
            try
            {
                poster = await store.CurrentAsync(counter.Id, ct);
                if (poster is null)
                {
                    poster = new PosterLink(Guid.NewGuid(), counter.Id, counter.UnitId, clock.GetUtcNow(), actor, null, null);
                    await store.AddAsync(poster, ct);
                    await audit.RecordAsync(actor, "qr.poster-new", $"counter:{counter.Id}", $"poster {poster.Id:N}", ct);
                }
            }
            finally
            {
                _creating.Release();
            }
        }
        var token = await tokens.SignAsync(new SurveyToken(counter.UnitId, counter.Id, null, null, poster.Id.ToString("N")), ct);
        return (poster, token, publicAddress.BaseUrl + "/s/" + token);
    }

    public async Task<bool> RevokeAsync(PosterLink poster, string actor, CancellationToken ct)
    {
        if (!await store.RevokeAsync(poster.Id, clock.GetUtcNow(), actor, ct)) return false;
        tokens.ForgetPoster(poster.Id);
        await changes.PublishAsync(new ChangeSignal(ChangeKind.PosterRevoked, poster.Id.ToString("N")), CancellationToken.None);
        await audit.RecordAsync(actor, "qr.poster-revoke", $"counter:{poster.CounterId}", $"poster {poster.Id:N}", ct);
        return true;
    }
}
