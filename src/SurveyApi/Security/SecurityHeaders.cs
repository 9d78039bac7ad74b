namespace ParSurvey.SurveyApi.Security;

/// <summary>Headers on every response: no inline script, no framing, no sniffing, and no referrer (QR links carry tokens).</summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public const string FramablePolicy =
        "default-src 'self'; script-src 'none'; style-src 'self'; img-src 'self' data:; connect-src 'none'; " +
        "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'none'; frame-ancestors *";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            // Only pages marked for it (a ward website's widget) may be framed, by any site; every other page by none.
            if (context.GetEndpoint()?.Metadata.GetMetadata<AllowFramingMetadata>() is null)
            {
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XFrameOptions = "DENY";
            }
            else headers.ContentSecurityPolicy = FramablePolicy;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            return Task.CompletedTask;
        });
        return next(context);
    });
}

/// <summary>Marks an endpoint whose page other sites may frame (a ward website's results widget); every other page refuses.</summary>
public sealed class AllowFramingMetadata
{
    public static readonly AllowFramingMetadata Instance = new();
}
