using Microsoft.AspNetCore.Http.HttpResults;
using ParSurvey.SurveyApi.Storage;

namespace ParSurvey.SurveyApi.Hosting;

public static class HealthApi
{
    /// <summary>
    /// <c>/health</c>: the process serves requests (liveness). <c>/health/ready</c>: it can do its work — the store answers
    /// and, where servers share it, the change feed listens — so a load balancer sends it nothing while it cannot.
    /// Both anonymous: they say nothing but that.
    /// </summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        var health = app.MapGroup("/health").WithTags("Health").AllowAnonymous();
        health.MapGet("", () => TypedResults.Ok(new HealthStatus("ok")))
            .WithSummary("Liveness: answers as long as the process serves requests");
        health.MapGet("/ready", ReadyAsync)
            .WithSummary("Readiness: 200 when the store (and, for PostgreSQL, the change feed between servers) answers, else 503");
        return app;
    }

    private static async Task<Results<Ok<HealthStatus>, ProblemHttpResult>> ReadyAsync(IStoreHealth store, CancellationToken ct) =>
        await store.ProblemAsync(ct) is { } problem
            ? TypedResults.Problem(title: "Máy chủ chưa sẵn sàng / not ready", detail: problem, statusCode: StatusCodes.Status503ServiceUnavailable)
            : TypedResults.Ok(new HealthStatus("ready"));
}

public sealed record HealthStatus(string Status);
