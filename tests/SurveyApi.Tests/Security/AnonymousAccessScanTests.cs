using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Security;

public class AnonymousAccessScanTests
{
    /// <summary>The routes that are public on purpose, and why.</summary>
    private static readonly HashSet<string> PublicRoutes =
    [
        "GET /health", "GET /health/ready", // load balancers and monitoring: alive; store (and feed) answering
        "GET /openapi/{documentName}.json", // the integrators' contract
        "GET /api/catalog",                 // kiosks and survey pages draw their screens from it
        "GET /login", "POST /login",        // signing in
        "GET /invite/{token}", "POST /invite/{token}", // a new colleague's invitation link (secret, 72 h, used once)
        "POST /api/devices/pair",           // a tablet trades its one-time pairing code (rate-limited)
        "GET /api/survey/{token}",          // a citizen's phone asks what its QR link is for
        "GET /kiosk", "GET /kiosk-sw.js",   // the counter tablet's page; it pairs itself
        "GET /api/kiosk/config",            // its timings
        "GET /s/{token}",                   // the page a QR code opens
        "GET /lib/signalr.min.js",          // the SignalR browser client (a library, no data)
        "GET /cong-khai", "GET /cong-khai/{unitId}",   // every unit's published results (counts and rates only)
        "GET /embed/{unitId}", "GET /badge/{unitId}.svg", // the same for a ward's own website: widget and badge
        "GET /api/public/units/{unitId}/satisfaction",   // the same as open data (JSON, CSV)
        "POST /api/feedback", "GET /phan-anh", "POST /phan-anh", // a citizen files feedback (PAKN), rate-limited per address
        "GET /api/feedback/track/{code}", "GET /phan-anh/{code}", "GET /phan-anh/tra-cuu", // and follows it by its code
    ];

    [Fact]
    public async Task EveryEndpointOutsideThePublicListRefusesAnonymousCallers()
    {
        await using var server = await ParSurveyServer.StartAsync();
        var endpoints = server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        var offenders = new List<string>();
        var scanned = 0;
        foreach (var endpoint in endpoints)
        foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
        {
            var route = "/" + endpoint.RoutePattern.RawText!.Trim('/');
            if (PublicRoutes.Contains($"{method} {route}")) continue;
            scanned++;
            var path = Fill(endpoint.RoutePattern);
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            // Send the kind of body the endpoint takes (a form for the sign-in pages, JSON for the API), so routing
            // does not answer 415 before authorization has had its say.
            var accepts = endpoint.Metadata.GetMetadata<IAcceptsMetadata>()?.ContentTypes.FirstOrDefault() ?? "application/json";
            if (method is "POST" or "PUT" or "PATCH")
                request.Content = accepts.Contains("form")
                    ? new FormUrlEncodedContent(new Dictionary<string, string>())
                    : new StringContent("{}", Encoding.UTF8, "application/json");
            var response = await server.Client.SendAsync(request);
            var refused = response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden ||
                          (!path.StartsWith("/api") && response.StatusCode == HttpStatusCode.Redirect &&
                           response.Headers.Location!.AbsolutePath.EndsWith("/login"));
            if (!refused) offenders.Add($"{method} {route} answered an anonymous caller with {(int)response.StatusCode}");
        }
        Assert.True(offenders.Count == 0, "Endpoints open to anonymous callers but not on the public list:\n" + string.Join("\n", offenders));
        Assert.True(scanned >= 15, $"only {scanned} endpoints were scanned; the scan is not seeing the app");
        // Hangfire's dashboard is an endpoint too, so the scan covers it.
        Assert.Contains(endpoints, e => e.RoutePattern.RawText!.StartsWith("/admin/jobs", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PublicRoutesAreAllStillThere()
    {
        // If a public route is renamed, its entry here must go too, or the list quietly grows stale.
        await using var server = await ParSurveyServer.StartAsync();
        var routes = server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => $"{m} /{e.RoutePattern.RawText!.Trim('/')}"))
            .ToHashSet();
        Assert.Empty(PublicRoutes.Where(r => !routes.Contains(r)));
    }

    [Fact]
    public async Task EveryRouteOnThePublicListAnswersAnonymousCallers()
    {
        // The other half of "the public list is exactly the public routes": nothing on it asks for a sign-in.
        await using var server = await ParSurveyServer.StartAsync();
        var endpoints = server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        var refused = new List<string>();
        foreach (var endpoint in endpoints)
        foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
        {
            var route = "/" + endpoint.RoutePattern.RawText!.Trim('/');
            if (!PublicRoutes.Contains($"{method} {route}")) continue;
            var path = Fill(endpoint.RoutePattern).Replace("/v1", route.Contains("{unitId}") ? "/ward-a" : "/v1");
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            var accepts = endpoint.Metadata.GetMetadata<IAcceptsMetadata>()?.ContentTypes.FirstOrDefault() ?? "application/json";
            if (method is "POST") request.Content = accepts.Contains("form") || route is "/login" or "/phan-anh" || route.StartsWith("/invite")
                ? new FormUrlEncodedContent(new Dictionary<string, string>()) : new StringContent("{}", Encoding.UTF8, "application/json");
            var response = await server.Client.SendAsync(request);
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden ||
                (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString.Contains("/login") && route != "/login"))
                refused.Add($"{method} {route} ({path}) refused an anonymous caller with {(int)response.StatusCode}");
        }
        Assert.True(refused.Count == 0, string.Join("\n", refused));
    }

    private static string Fill(Microsoft.AspNetCore.Routing.Patterns.RoutePattern pattern)
    {
        var path = "/" + pattern.RawText!.Trim('/');
        foreach (var parameter in pattern.Parameters)
        {
            var value = parameter.ParameterPolicies.Any(p => p.Content == "guid") ? Guid.NewGuid().ToString() : "v1";
            if (parameter.IsCatchAll) path = path.Replace("{**" + parameter.Name + "}", "").Replace("{*" + parameter.Name + "}", "");
            path = path.Replace("{" + parameter.Name + (parameter.ParameterPolicies.Count > 0 ? ":" + string.Join(":", parameter.ParameterPolicies.Select(p => p.Content)) : "") + "}", value);
        }
        return path;
    }
}
