using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace ParSurvey.SurveyApi.Security;

/// <summary>
/// Abuse limits with ASP.NET Core's rate limiter. A client address is used only as a partition key (in memory, or hashed
/// in Redis when the nodes share their counts: <see cref="SharedRateLimits"/>); it is never stored with a rating
/// (Decree 13/2023/NĐ-CP). Behind a balancer the address is the client's, from X-Forwarded-For (Hosting/ProxyOptions).
/// </summary>
public static class RateLimits
{
    public const string Login = "login";
    public const string Pairing = "pairing";
    public const string Submit = "submit";
    /// <summary>Citizens filing feedback: as many per address as QR ratings (a hall's phones share one address).</summary>
    public const string Feedback = "feedback";

    public static void Add(RateLimiterOptions options, SecurityOptions limits, SharedRateLimits counters)
    {
        RateLimitPartition<string> PerMinute(string key, int permits) => counters.PerMinute(key, permits);

        options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        options.AddPolicy(Login, context => PerMinute("login:" + Address(context), limits.LoginPerMinute));
        options.AddPolicy(Pairing, context => PerMinute("pair:" + Address(context), limits.PairingPerMinute));
        options.AddPolicy(Submit, context => context.User.KindOf() == ParSurveyClaims.DeviceKind
            ? PerMinute("device:" + context.User.FindFirst(ParSurveyClaims.Device)!.Value, limits.DeviceRatingsPerMinute)
            : PerMinute("qr:" + Address(context), limits.QrRatingsPerMinute));
        options.AddPolicy(Feedback, context => PerMinute("feedback:" + Address(context), limits.QrRatingsPerMinute));
        options.OnRejected = async (context, token) =>
        {
            var retry = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? (int)Math.Ceiling(after.TotalSeconds) : 60;
            context.HttpContext.Response.Headers.RetryAfter = retry.ToString();
            await TypedResults.Problem(
                title: "Quá nhiều yêu cầu / Too many requests",
                detail: $"Vui lòng thử lại sau {retry} giây / please try again in {retry} seconds",
                statusCode: StatusCodes.Status429TooManyRequests).ExecuteAsync(context.HttpContext);
        };
    }

    private static string Address(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
