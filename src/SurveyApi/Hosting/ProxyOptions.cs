using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using IPNetwork = System.Net.IPNetwork;

namespace ParSurvey.SurveyApi.Hosting;

/// <summary>
/// The reverse proxies in front of the nodes ("ParSurvey:Proxy"). A request from one of them has its client address
/// and scheme taken from <c>X-Forwarded-For</c> / <c>X-Forwarded-Proto</c>: the rate limits partition by the citizen's
/// address (or the hall's Wi-Fi), not by the balancer's, and cookies know the request came in over HTTPS. Loopback is
/// always trusted (nginx on the node's own machine, <c>deploy/</c>); a balancer on another machine is named here. The
/// headers of any other peer are ignored, so a client cannot choose its own rate-limit partition.
/// </summary>
public sealed class ProxyOptions : IValidatableObject
{
    public const string Section = "ParSurvey:Proxy";

    /// <summary>Addresses of balancers on other machines, e.g. <c>["10.0.0.5"]</c>.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks of balancers, in CIDR notation, e.g. <c>["10.0.0.0/24"]</c>.</summary>
    public List<string> KnownNetworks { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var proxy in KnownProxies.Where(p => !IPAddress.TryParse(p, out _)))
            yield return new ValidationResult($"ParSurvey:Proxy:KnownProxies: '{proxy}' is not an IP address", [nameof(KnownProxies)]);
        foreach (var network in KnownNetworks.Where(n => !IPNetwork.TryParse(n, out _)))
            yield return new ValidationResult($"ParSurvey:Proxy:KnownNetworks: '{network}' is not a network in CIDR notation (10.0.0.0/24)", [nameof(KnownNetworks)]);
    }

    /// <summary>One balancer in front (ForwardLimit 1): the last address it appended is the client's; anything a client wrote before it is not believed.</summary>
    public void ApplyTo(ForwardedHeadersOptions options)
    {
        options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        options.ForwardLimit = 1;
        // The defaults already trust 127.0.0.0/8 and ::1.
        foreach (var proxy in KnownProxies) options.KnownProxies.Add(IPAddress.Parse(proxy));
        foreach (var network in KnownNetworks) options.KnownIPNetworks.Add(IPNetwork.Parse(network));
    }
}
