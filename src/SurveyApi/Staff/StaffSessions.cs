using Microsoft.Extensions.Caching.Memory;
using ParSurvey.SurveyApi.Audit;
using ParSurvey.SurveyApi.Storage;

namespace ParSurvey.SurveyApi.Staff;

/// <summary>
/// Starts, checks and ends staff sessions. A check reads the store at most every <see cref="CheckInterval"/> per
/// session (several servers sharing one store learn of an ended session within that time); on this server an ended
/// session is forgotten at once and its open hub connections are closed (<see cref="SessionConnections"/>).
/// </summary>
public sealed class StaffSessions
{
    private readonly ISessionStore store;
    private readonly AuditTrail audit;
    private readonly TimeProvider clock;
    private readonly IMemoryCache cache;
    private readonly SessionConnections connections;
    private readonly IChangeFeed changes;

    public StaffSessions(ISessionStore store, AuditTrail audit, TimeProvider clock, IMemoryCache cache, SessionConnections connections, IChangeFeed changes)
    {
        this.store = store;
        this.audit = audit;
        this.clock = clock;
        this.cache = cache;
        this.connections = connections;
        this.changes = changes;
        // Sessions ended on another server: closed here too at once, not after the cache's few seconds.
        changes.Subscribe(signal =>
        {
            if (signal.Kind == ChangeKind.SessionsEnded)
                Forget(signal.Subject.Split(',').Select(id => Guid.TryParse(id, out var g) ? g : Guid.Empty).Where(g => g != Guid.Empty).ToArray());
        });
    }

    /// <summary>How stale a "still open" answer may be; with the hub sweep every second, a socket closes within ~3 s.</summary>
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan TouchInterval = TimeSpan.FromMinutes(1);

    public async Task<Guid> StartAsync(StaffAccount account, string? userAgent, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var client = string.IsNullOrWhiteSpace(userAgent) ? null : userAgent.Length > 200 ? userAgent[..200] : userAgent;
        var session = new StaffSession(Guid.NewGuid(), account.Id, now, now, client, null, null, null);
        await store.CreateAsync(session, ct);
        await audit.RecordAsync(account.Email, "staff.signin", $"staff:{account.Email}", $"session {Short(session.Id)}", ct);
        return session.Id;
    }

    public async Task<bool> IsOpenAsync(Guid id, CancellationToken ct)
    {
        if (cache.TryGetValue(Key(id), out bool open)) return open;
        var session = await store.FindAsync(id, ct);
        open = session is { IsOpen: true };
        cache.Set(Key(id), open, CheckInterval);
        var now = clock.GetUtcNow();
        if (open && now - session!.LastSeenAt > TouchInterval) await store.TouchAsync(id, now, ct);
        return open;
    }

    public Task<IReadOnlyList<StaffSession>> ListOpenAsync(Guid staffId, CancellationToken ct) => store.ListOpenAsync(staffId, ct);

    /// <summary>Ends one session (sign-out, or an admin's choice).</summary>
    public async Task<bool> EndAsync(Guid id, string staffEmail, string actor, string reason, CancellationToken ct)
    {
        if (!await store.EndAsync(id, clock.GetUtcNow(), actor, reason, ct)) return false;
        await EndedAsync([id]);
        await audit.RecordAsync(actor, reason == SessionEnd.SignOut ? "staff.signout" : "staff.session-end", $"staff:{staffEmail}",
            $"session {Short(id)}: {reason}", ct);
        return true;
    }

    /// <summary>Ends every session of the account but <paramref name="except"/> (password change, disabling, a new role).</summary>
    public async Task<int> EndAllAsync(StaffAccount account, Guid? except, string actor, string reason, CancellationToken ct)
    {
        var ended = await store.EndAllAsync(account.Id, except, clock.GetUtcNow(), actor, reason, ct);
        await EndedAsync(ended);
        if (ended.Count > 0)
            await audit.RecordAsync(actor, "staff.session-end", $"staff:{account.Email}",
                $"{ended.Count} session(s) {string.Join(", ", ended.Select(Short))}: {reason}", ct);
        return ended.Count;
    }

    /// <summary>Forgets the ended sessions here, then tells every server (a hundred ids per signal, within NOTIFY's size).</summary>
    private async Task EndedAsync(IReadOnlyList<Guid> ended)
    {
        Forget(ended);
        foreach (var chunk in ended.Chunk(100))
            await changes.PublishAsync(new ChangeSignal(ChangeKind.SessionsEnded, string.Join(',', chunk.Select(g => g.ToString("N")))), CancellationToken.None);
    }

    private void Forget(IReadOnlyCollection<Guid> ended)
    {
        foreach (var id in ended) cache.Set(Key(id), false, CheckInterval);
        connections.Abort(ended);
    }

    private static string Key(Guid id) => "session:" + id.ToString("N");

    /// <summary>Enough of the id to match the admin list, not the whole: the audit log is read more widely than sessions.</summary>
    public static string Short(Guid id) => id.ToString("N")[..8];
}
