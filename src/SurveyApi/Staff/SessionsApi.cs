using Microsoft.AspNetCore.Http.HttpResults;
using ParSurvey.Analytics;
using ParSurvey.SurveyApi.Security;
using ParSurvey.SurveyApi.Storage;

namespace ParSurvey.SurveyApi.Staff;

/// <summary>An admin sees a staff member's open sessions and ends one or all (a lost phone, a shared PC left signed in).</summary>
public static class SessionsApi
{
    /// <param name="CreatedAtLocal">The same instant in Vietnam time (UTC+7), for display.</param>
    /// <param name="Current">Whether this is the session making the request.</param>
    public sealed record SessionView(Guid Id, DateTimeOffset CreatedAt, DateTimeOffset CreatedAtLocal, DateTimeOffset LastSeenAt,
        DateTimeOffset LastSeenAtLocal, string? Client, bool Current);

    public sealed record EndedSessions(int Ended);

    public static IEndpointRouteBuilder MapStaffSessions(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/admin/staff/{id:guid}/sessions").WithTags("Staff").RequireAuthorization(Policies.Admin);
        api.MapGet("/", List).WithSummary("A staff member's open sessions, newest first (times in UTC and Vietnam time)");
        api.MapDelete("/{sessionId:guid}", EndOne)
            .WithSummary("End one session: its cookie stops working at the next request and its board sockets close within 5 s");
        api.MapDelete("/", EndAll).WithSummary("End every session of the staff member");
        return routes;
    }

    private static async Task<Results<Ok<SessionView[]>, ProblemHttpResult>> List(Guid id, HttpContext context, IStaffStore staff,
        StaffSessions sessions, CancellationToken ct)
    {
        if (await staff.FindAsync(id, ct) is null) return NoSuchAccount(id);
        var current = SessionConnections.SessionOf(context.User);
        return TypedResults.Ok((await sessions.ListOpenAsync(id, ct)).Select(s => new SessionView(s.Id, s.CreatedAt, VietnamTime.ToLocal(s.CreatedAt),
            s.LastSeenAt, VietnamTime.ToLocal(s.LastSeenAt), s.Client, s.Id == current)).ToArray());
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> EndOne(Guid id, Guid sessionId, HttpContext context, IStaffStore staff,
        ISessionStore store, StaffSessions sessions, CancellationToken ct)
    {
        if (await staff.FindAsync(id, ct) is not { } account) return NoSuchAccount(id);
        // The session must be this account's: an id from another account's list is "not found", not ended.
        if (await store.FindAsync(sessionId, ct) is not { IsOpen: true } session || session.StaffId != id ||
            !await sessions.EndAsync(sessionId, account.Email, context.User.Actor(), SessionEnd.Admin, ct))
            return TypedResults.Problem(statusCode: 404, title: "Không tìm thấy / Not found",
                detail: $"Không có phiên đang mở {sessionId} của tài khoản này / no open session {sessionId} of this account");
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<EndedSessions>, ProblemHttpResult>> EndAll(Guid id, HttpContext context, IStaffStore staff,
        StaffSessions sessions, CancellationToken ct) =>
        await staff.FindAsync(id, ct) is not { } account
            ? NoSuchAccount(id)
            : TypedResults.Ok(new EndedSessions(await sessions.EndAllAsync(account, null, context.User.Actor(), SessionEnd.Admin, ct)));

    private static ProblemHttpResult NoSuchAccount(Guid id) =>
        TypedResults.Problem(statusCode: 404, title: "Không tìm thấy / Not found", detail: $"No staff account {id}");
}
