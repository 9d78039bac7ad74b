using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using ParSurvey.SurveyApi.Audit;
using ParSurvey.SurveyApi.Hosting;
using ParSurvey.SurveyApi.Storage;

namespace ParSurvey.SurveyApi.Security;

/// <summary>A key that signs QR links. The secret never leaves the server (not in the API, the log or the audit).</summary>
public sealed record QrSigningKey(string Id, byte[] Secret, DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset? RetiredAt, string? RetiredBy)
{
    public bool IsRetired => RetiredAt is not null;
}

public enum RetireOutcome { Retired, NotFound, InUse }

/// <summary>
/// The QR signing keys as a ring: every token names its key; new links are signed with the newest key that is not
/// retired; links signed with an older key keep working until an admin retires that key. Kept behind
/// <see cref="IQrKeyStore"/> and re-read every few seconds, so servers sharing the store agree.
/// A key from before key ids (<c>qr-signing.key</c>, or <c>ParSurvey:Security:QrSigningKey</c>) becomes the key
/// <see cref="LegacyId"/>, which checks tokens that name no key.
/// </summary>
public sealed class QrKeyRing
{
    public const string LegacyId = "legacy";
    private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(5);
    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile Ring? _ring;
    private readonly IQrKeyStore store;
    private readonly IOptions<SecurityOptions> security;
    private readonly IOptions<ParSurveyOptions> options;
    private readonly TimeProvider clock;
    private readonly AuditTrail audit;
    private readonly ILogger<QrKeyRing> logger;
    private readonly IChangeFeed changes;

    private sealed record Ring(IReadOnlyList<QrSigningKey> Keys, DateTimeOffset LoadedAt);

    public QrKeyRing(IQrKeyStore store, IOptions<SecurityOptions> security, IOptions<ParSurveyOptions> options,
        TimeProvider clock, AuditTrail audit, ILogger<QrKeyRing> logger, IChangeFeed changes)
    {
        this.store = store;
        this.security = security;
        this.options = options;
        this.clock = clock;
        this.audit = audit;
        this.logger = logger;
        this.changes = changes;
        // A key added or retired on another server counts here at once, not after the refresh.
        changes.Subscribe(signal =>
        {
            if (signal.Kind is ChangeKind.QrKeys or ChangeKind.Resync) _ring = null;
        });
    }

    public async Task<IReadOnlyList<QrSigningKey>> KeysAsync(CancellationToken ct)
    {
        if (_ring is { } ring && clock.GetUtcNow() - ring.LoadedAt < Refresh) return ring.Keys;
        await _loading.WaitAsync(ct);
        try
        {
            if (_ring is { } again && clock.GetUtcNow() - again.LoadedAt < Refresh) return again.Keys;
            var keys = await store.ListAsync(ct);
            if (keys.Count == 0)
            {
                await SeedAsync(ct);
                keys = await store.ListAsync(ct);
            }
            _ring = new Ring(keys, clock.GetUtcNow());
            return keys;
        }
        finally
        {
            _loading.Release();
        }
    }

    /// <summary>The key new links are signed with: the newest one not retired.</summary>
    public async Task<QrSigningKey> ActiveAsync(CancellationToken ct) =>
        (await KeysAsync(ct)).Where(k => !k.IsRetired).MaxBy(k => k.CreatedAt)
        ?? throw new InvalidOperationException("Every QR signing key is retired; add one with POST /api/admin/qr-keys");

    public async Task<QrSigningKey?> FindAsync(string? id, CancellationToken ct) =>
        (await KeysAsync(ct)).FirstOrDefault(k => k.Id == (id ?? LegacyId));

    /// <summary>Adds a fresh random key, which signs new links from now on.</summary>
    public async Task<QrSigningKey> AddAsync(string actor, CancellationToken ct)
    {
        var key = new QrSigningKey("k" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)), RandomNumberGenerator.GetBytes(32),
            clock.GetUtcNow(), actor, null, null);
        await store.AddAsync(key, ct);
        _ring = null;
        await changes.PublishAsync(new ChangeSignal(ChangeKind.QrKeys, key.Id), CancellationToken.None);
        await audit.RecordAsync(actor, "qr.key-add", $"qr-key:{key.Id}", null, ct);
        return key;
    }

    /// <summary>Retires a key: links signed with it are refused from now on. The key that signs new links cannot be retired.</summary>
    public async Task<RetireOutcome> RetireAsync(string id, string actor, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is not { IsRetired: false } key) return RetireOutcome.NotFound;
        if ((await ActiveAsync(ct)).Id == key.Id) return RetireOutcome.InUse;
        if (!await store.RetireAsync(id, clock.GetUtcNow(), actor, ct)) return RetireOutcome.NotFound;
        _ring = null;
        await changes.PublishAsync(new ChangeSignal(ChangeKind.QrKeys, id), CancellationToken.None);
        await audit.RecordAsync(actor, "qr.key-retire", $"qr-key:{id}", null, ct);
        return RetireOutcome.Retired;
    }

    private async Task SeedAsync(CancellationToken ct)
    {
        var file = SafePath.Under(options.Value.DataDirectoryFullPath, "qr-signing.key");
        var configured = security.Value.QrSigningKey;
        QrSigningKey key;
        if (!string.IsNullOrWhiteSpace(configured))
            key = new QrSigningKey(LegacyId, Convert.FromBase64String(configured), clock.GetUtcNow(), "configuration", null, null);
        else if (File.Exists(file))
            key = new QrSigningKey(LegacyId, Convert.FromBase64String((await File.ReadAllTextAsync(file, ct)).Trim()), clock.GetUtcNow(), "qr-signing.key", null, null);
        else
            key = new QrSigningKey("k" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)), RandomNumberGenerator.GetBytes(32), clock.GetUtcNow(), "first-start", null, null);
        // false: another server sharing the store seeded it first.
        if (await store.AddAsync(key, ct))
            logger.LogInformation("QR signing key ring started with key {KeyId} ({Source})", key.Id, key.CreatedBy);
    }
}
