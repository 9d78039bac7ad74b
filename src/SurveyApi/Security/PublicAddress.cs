using System.Net;
using Microsoft.Extensions.Options;
using ParSurvey.SurveyApi.Audit;
using ParSurvey.SurveyApi.Storage;

namespace ParSurvey.SurveyApi.Security;

/// <summary>Where the public address in force comes from.</summary>
public enum PublicAddressSource { Default, Console, Configuration }

/// <param name="Reachable">False for a loopback or localhost address: a phone scanning a QR code cannot open it.</param>
/// <param name="Editable">False when the configuration names the address: the console cannot change it.</param>
public sealed record PublicAddressState(string Url, PublicAddressSource Source, bool Reachable, bool Editable, DateTimeOffset? ChangedAt, string? ChangedBy);

/// <summary>
/// The one answer to "what address do citizens' phones reach?", used by every link the server builds (posters, dossier
/// QR links, kiosk pairing, invitations, e-mails, the kiosk's tracking page, the same-origin check). In order:
/// ParSurvey:Security:PublicBaseUrl when a configuration source names it (appsettings, environment, command line — the
/// class's default does not count), else the address an administrator set in the console (kept in the store, so every
/// server sharing it follows through the change feed), else the default http://localhost:5080.
/// </summary>
public sealed class PublicAddress
{
    public const string SettingName = "public-base-url", ConfigurationKey = "ParSurvey:Security:PublicBaseUrl";
    private readonly string? _configured;
    private readonly string _default;
    private readonly ISettingsStore _store;
    private readonly IChangeFeed _changes;
    private readonly AuditTrail _audit;
    private readonly TimeProvider _clock;
    private readonly ILogger<PublicAddress> _logger;
    private volatile StoredSetting? _stored;

    public PublicAddress(IConfiguration configuration, IOptions<SecurityOptions> options, ISettingsStore store, IChangeFeed changes, AuditTrail audit,
        TimeProvider clock, ILogger<PublicAddress> logger)
    {
        _configured = string.IsNullOrWhiteSpace(configuration[ConfigurationKey]) ? null : options.Value.PublicBaseUrl;
        _default = new SecurityOptions().PublicBaseUrl;
        (_store, _changes, _audit, _clock, _logger) = (store, changes, audit, clock, logger);
        // Another server's change (or a reconnected feed) is read again from the store; the handler only starts the read.
        changes.Subscribe(signal =>
        {
            if (signal.Kind is ChangeKind.PublicAddress or ChangeKind.Resync) _ = ReloadAsync(CancellationToken.None);
        });
    }

    /// <summary>The base of every public link, without a trailing slash.</summary>
    public string BaseUrl => State.Url.TrimEnd('/');

    public PublicAddressState State
    {
        get
        {
            var stored = _stored;
            var (url, source) = _configured is not null ? (_configured, PublicAddressSource.Configuration)
                : stored is not null ? (stored.Value, PublicAddressSource.Console)
                : (_default, PublicAddressSource.Default);
            return new PublicAddressState(url.TrimEnd('/'), source, IsReachable(url), _configured is null,
                source == PublicAddressSource.Console ? stored!.ChangedAt : null, source == PublicAddressSource.Console ? stored!.ChangedBy : null);
        }
    }

    public async Task ReloadAsync(CancellationToken ct)
    {
        try
        {
            _stored = await _store.GetAsync(SettingName, ct);
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "Could not read the public address from the store; keeping {Url}", State.Url);
        }
    }

    /// <summary>Checks an address typed in the console: null when it is an absolute http(s) address without query or fragment, else why not.</summary>
    public static string? Problem(string? url) =>
        !Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
            ? "Cần một địa chỉ tuyệt đối http:// hoặc https://, ví dụ https://hailong.phuong-saigon.gov.vn / an absolute http:// or https:// address is needed, e.g. https://hailong.phuong-saigon.gov.vn"
            : uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0
                ? "Địa chỉ không được có ?…, #… hoặc tên đăng nhập / the address may not carry ?…, #… or a user name"
                : url!.Trim().Length > 200 ? "Tối đa 200 ký tự / at most 200 characters" : null;

    /// <summary>Stores the address, audits it and tells every server. Call <see cref="Problem"/> first.</summary>
    public async Task SetAsync(string url, string actor, CancellationToken ct)
    {
        var before = State.Url;
        var setting = new StoredSetting(SettingName, url.Trim().TrimEnd('/'), _clock.GetUtcNow(), actor);
        await _store.SetAsync(setting, ct);
        _stored = setting;
        await _audit.RecordAsync(actor, "settings.public-address", "setting:" + SettingName, $"{before} → {setting.Value}", ct);
        await _changes.PublishAsync(new ChangeSignal(ChangeKind.PublicAddress), ct);
    }

    public static bool IsReachable(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && !uri.IsLoopback
        && !uri.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase) && !uri.Host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
        && !(IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && (IPAddress.IsLoopback(ip) || ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any)));
}

/// <summary>Reads the stored public address before the server answers its first request.</summary>
public sealed class PublicAddressLoader(PublicAddress address) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => address.ReloadAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
