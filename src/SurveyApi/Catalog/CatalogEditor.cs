using System.Text.Json;
using ParSurvey.SurveyApi.Audit;
using ParSurvey.SurveyApi.Storage;

namespace ParSurvey.SurveyApi.Catalog;

public enum CatalogEditOutcome { Unchanged, Applied, NeedsConfirmation }

public sealed record CatalogEdit(CatalogEditOutcome Outcome, CatalogChanges Changes, CatalogImpact Impact);

/// <summary>
/// Replaces the catalog safely: the upload is checked whole (every problem listed, nothing applied); the same catalog
/// again changes nothing; a change that touches stored ratings (a removed unit, counter or field, another scale) waits
/// for an explicit confirmation; every applied change is audited with what changed. One edit at a time.
/// </summary>
public sealed class CatalogEditor(CatalogProvider catalogs, IRatingStore store, AuditTrail audit, IChangeFeed feed)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>
    /// What <see cref="ReplaceAsync"/> would do with this upload, without doing it: the console shows it before the admin
    /// saves. Outcome <c>Applied</c> here means "would apply without confirmation".
    /// </summary>
    /// <exception cref="CatalogException">The upload is not a valid catalog.</exception>
    public async Task<CatalogEdit> PreviewAsync(JsonElement json, CancellationToken ct)
    {
        var next = CatalogLoader.Read(json, "upload");
        var current = catalogs.Current;
        var changes = CatalogChanges.Between(current, next);
        if (changes.Unchanged) return new(CatalogEditOutcome.Unchanged, changes, CatalogImpact.None);
        var impact = await CatalogImpact.MeasureAsync(current, changes, store, ct);
        return new(impact.Ratings > 0 ? CatalogEditOutcome.NeedsConfirmation : CatalogEditOutcome.Applied, changes, impact);
    }

    /// <exception cref="CatalogException">The upload is not a valid catalog; nothing changed.</exception>
    public async Task<CatalogEdit> ReplaceAsync(JsonElement json, bool confirmed, string actor, CancellationToken ct)
    {
        var next = CatalogLoader.Read(json, "upload");
        await _gate.WaitAsync(ct);
        try
        {
            var current = catalogs.Current;
            var changes = CatalogChanges.Between(current, next);
            if (changes.Unchanged) return new(CatalogEditOutcome.Unchanged, changes, CatalogImpact.None);
            var impact = await CatalogImpact.MeasureAsync(current, changes, store, ct);
            if (impact.Ratings > 0 && !confirmed) return new(CatalogEditOutcome.NeedsConfirmation, changes, impact);
            catalogs.Install(next);
            await feed.PublishAsync(new ChangeSignal(ChangeKind.Catalog), CancellationToken.None);
            var confirmation = impact.Ratings > 0 ? $"; xác nhận, chạm {impact.Ratings} đánh giá/confirmed, touches {impact.Ratings} ratings" : "";
            await audit.RecordAsync(actor, "catalog.replace", "catalog", changes.Summary() + confirmation, CancellationToken.None);
            return new(CatalogEditOutcome.Applied, changes, impact);
        }
        finally
        {
            _gate.Release();
        }
    }
}
