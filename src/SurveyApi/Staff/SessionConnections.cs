using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.SignalR;
using ParSurvey.SurveyApi.Security;

namespace ParSurvey.SurveyApi.Staff;

/// <summary>
/// Open hub connections by staff session, so ending a session closes its sockets (issue 13, finding 3): at once on
/// this server, and within a few seconds through <see cref="SessionSweep"/> when another server ended it.
/// </summary>
public sealed class SessionConnections
{
    private readonly ConcurrentDictionary<string, (Guid Session, HubCallerContext Context)> _open = new();

    public void Add(Guid session, HubCallerContext context) => _open[context.ConnectionId] = (session, context);

    public void Remove(HubCallerContext context) => _open.TryRemove(context.ConnectionId, out _);

    public IReadOnlyCollection<Guid> Sessions => _open.Values.Select(v => v.Session).Distinct().ToArray();

    public void Abort(IReadOnlyCollection<Guid> sessions)
    {
        if (sessions.Count == 0) return;
        foreach (var (_, (session, context)) in _open)
            if (sessions.Contains(session)) context.Abort();
    }

    public static Guid? SessionOf(ClaimsPrincipal? user) =>
        Guid.TryParse(user?.FindFirstValue(ParSurveyClaims.Session), out var id) ? id : null;
}

/// <summary>Every hub call of a staff member checks the session is still open; a closed one loses its socket.</summary>
public sealed class SessionHubFilter(StaffSessions sessions, SessionConnections connections) : IHubFilter
{
    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        if (SessionConnections.SessionOf(context.Context.User) is { } session)
        {
            if (!await sessions.IsOpenAsync(session, context.Context.ConnectionAborted))
                throw new HubException("Phiên đăng nhập đã kết thúc / the session has ended");
            connections.Add(session, context.Context);
        }
        await next(context);
    }

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocation, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        if (SessionConnections.SessionOf(invocation.Context.User) is { } session &&
            !await sessions.IsOpenAsync(session, invocation.Context.ConnectionAborted))
        {
            invocation.Context.Abort();
            throw new HubException("Phiên đăng nhập đã kết thúc / the session has ended");
        }
        return await next(invocation);
    }

    public Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        connections.Remove(context.Context);
        return next(context, exception);
    }
}

/// <summary>Once a second, closes the sockets of sessions ended elsewhere (another server sharing the store, or a direct store change).</summary>
public sealed class SessionSweep(SessionConnections connections, StaffSessions sessions, ILogger<SessionSweep> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var ended = new List<Guid>();
                foreach (var session in connections.Sessions)
                    if (!await sessions.IsOpenAsync(session, stoppingToken)) ended.Add(session);
                connections.Abort(ended);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Checking the sessions of open board connections failed; trying again in a second");
            }
        }
    }
}
