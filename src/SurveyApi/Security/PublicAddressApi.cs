using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using ParSurvey.SurveyApi.Staff;

namespace ParSurvey.SurveyApi.Security;

/// <summary>The public address in the console: every staff page reads it (for the banner), administrators set it.</summary>
public static class PublicAddressApi
{
    public sealed record PublicAddressRequest([property: Description("An absolute http:// or https:// address citizens' phones reach")] string? Url);

    public static IServiceCollection AddPublicAddress(this IServiceCollection services) =>
        services.AddSingleton<PublicAddress>().AddHostedService<PublicAddressLoader>();

    public static IEndpointRouteBuilder MapPublicAddress(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/public-address").WithTags("Settings").RequireAuthorization(Policies.Staff)
            .MapGet("/", (PublicAddress address) => TypedResults.Ok(address.State))
            .WithSummary("The address printed in QR codes and links, where it comes from, and whether a phone can reach it");
        routes.MapGroup("/api/admin/public-address").WithTags("Settings").RequireAuthorization(Policies.Admin)
            .MapPut("/", Set)
            .WithSummary("Set the public address (audited; every server follows). Refused with 409 while ParSurvey:Security:PublicBaseUrl is configured.");
        return routes;
    }

    private static async Task<Results<Ok<PublicAddressState>, ValidationProblem, ProblemHttpResult>> Set(PublicAddressRequest? request,
        PublicAddress address, HttpContext context, CancellationToken ct)
    {
        if (PublicAddress.Problem(request?.Url) is { } problem)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["url"] = [problem] },
                title: "Địa chỉ công khai không hợp lệ, không thay đổi gì / Invalid public address, nothing changed");
        if (!address.State.Editable)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
                title: "Địa chỉ công khai do cấu hình máy chủ quy định / The public address is set by the server's configuration",
                detail: $"{PublicAddress.ConfigurationKey} = {address.State.Url}; sửa cấu hình và khởi động lại / change the configuration and restart",
                extensions: new Dictionary<string, object?> { ["field"] = "url" });
        await address.SetAsync(request!.Url!, context.User.Actor(), ct);
        return TypedResults.Ok(address.State);
    }
}
