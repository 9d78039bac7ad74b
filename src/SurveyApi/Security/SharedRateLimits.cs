using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ParSurvey.SurveyApi.Security;

/// <summary>
/// Where the rate limits count ("ParSurvey:RateLimits"). With no Redis each node counts alone, in memory (one server:
/// the default). Behind a balancer, N nodes counting alone would let a client through N times the limit, so a city's
/// nodes share one Redis (Debian's redis-server) and every request is counted there.
/// </summary>
public sealed class RateLimitOptions : IValidatableObject
{
    public const string Section = "ParSurvey:RateLimits";

    /// <summary>A StackExchange.Redis configuration, e.g. <c>redis.city.internal:6379,password=…</c>. Empty: per node, in memory.</summary>
    public string? Redis { get; set; }

    /// <summary>Prefix of the counters' keys, so several installations (staging, production) can share one Redis.</summary>
    [Required(AllowEmptyStrings = false), RegularExpression("^[A-Za-z0-9:_.-]{1,64}$")]
    public string KeyPrefix { get; set; } = "parsurvey:rate:";

    /// <summary>How long a request waits for Redis before its node counts alone (see <see cref="SharedRateLimits"/>).</summary>
    [Range(10, 10_000)]
    public int TimeoutMilliseconds { get; set; } = 250;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(Redis)) yield break;
        string? problem = null;
        try
        {
            if (ConfigurationOptions.Parse(Redis).EndPoints.Count == 0) problem = "names no server (host:port)";
        }
        catch (ArgumentException e)
        {
            problem = e.Message;
        }
        if (problem is not null) yield return new ValidationResult($"ParSurvey:RateLimits:Redis: {problem}", [nameof(Redis)]);
    }
}

/// <summary>
/// The counters behind every rate-limit policy: per node in memory, or shared by all nodes in Redis (a fixed window per
/// key: INCR and PEXPIRE in one script, so the nodes need no common clock).
/// <para>
/// When Redis does not answer within <see cref="RateLimitOptions.TimeoutMilliseconds"/> (down, restarting, cut off),
/// each node <b>fails open to its own in-memory limits</b>: a client then gets at most N times the limit through N nodes
/// instead of being refused. The limits guard against abuse; a Redis outage must not stop citizens' ratings or staff
/// sign-ins, and lock-out after failed sign-ins (kept in the store) still holds. A warning is logged once a minute
/// meanwhile; shared counting resumes by itself when Redis is back.
/// </para>
/// Keys are hashed before they reach Redis: a client address is a partition key only, never written anywhere readable
/// (Decree 13/2023/NĐ-CP), and it expires with its window.
/// </summary>
public sealed class SharedRateLimits : IDisposable
{
    private const string Script = """
        local n = redis.call('INCR', KEYS[1])
        if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
        local ttl = redis.call('PTTL', KEYS[1])
        if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) ttl = tonumber(ARGV[1]) end
        return { n, ttl }
        """;

    private readonly RateLimitOptions _options;
    private readonly ILogger<SharedRateLimits> _logger;
    private readonly Task<ConnectionMultiplexer>? _redis;
    private long _lastWarning = long.MinValue;

    public SharedRateLimits(IOptions<RateLimitOptions> options, ILogger<SharedRateLimits> logger)
    {
        _options = options.Value;
        _logger = logger;
        if (string.IsNullOrWhiteSpace(_options.Redis))
        {
            logger.LogInformation("Rate limits are counted per node, in memory (ParSurvey:RateLimits:Redis is not set)");
            return;
        }
        var configuration = ConfigurationOptions.Parse(_options.Redis);
        // Start even when Redis is down (reconnect in the background), and fail at once rather than queue while it is.
        configuration.AbortOnConnectFail = false;
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        configuration.AsyncTimeout = _options.TimeoutMilliseconds;
        configuration.ConnectTimeout = Math.Max(1000, _options.TimeoutMilliseconds);
        configuration.ClientName ??= "parsurvey-" + Environment.MachineName;
        _redis = ConnectionMultiplexer.ConnectAsync(configuration);
        logger.LogInformation("Rate limits are shared by every node through Redis at {Servers}", string.Join(", ", configuration.EndPoints));
    }

    public bool Shared => _redis is not null;

    /// <summary>At most <paramref name="permits"/> requests a minute under this key, across every node when shared.</summary>
    public RateLimitPartition<string> PerMinute(string key, int permits)
    {
        var window = TimeSpan.FromMinutes(1);
        return Shared
            ? RateLimitPartition.Get(key, k => new SharedWindowLimiter(this, Hash(k), permits, window, LocalWindow(permits, window)))
            : RateLimitPartition.Get(key, _ => LocalWindow(permits, window));
    }

    private static FixedWindowRateLimiter LocalWindow(int permits, TimeSpan window) => new(new FixedWindowRateLimiterOptions
    {
        PermitLimit = permits,
        Window = window,
        QueueLimit = 0,
    });

    private string Hash(string key) =>
        _options.KeyPrefix + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(key)), 0, 16).TrimEnd('=');

    /// <summary>Counts one request in Redis: (count in this window, time left in it), or null when Redis did not answer.</summary>
    internal async Task<(long Count, TimeSpan Left)?> CountAsync(string key, TimeSpan window, CancellationToken ct)
    {
        try
        {
            var redis = _redis!.IsCompletedSuccessfully ? _redis.Result : await _redis!.WaitAsync(TimeSpan.FromMilliseconds(_options.TimeoutMilliseconds), ct);
            var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(Script, [key], [(long)window.TotalMilliseconds])
                .WaitAsync(TimeSpan.FromMilliseconds(_options.TimeoutMilliseconds), ct))!;
            return ((long)result[0], TimeSpan.FromMilliseconds(Math.Max(0, (long)result[1])));
        }
        catch (Exception e) when (e is RedisException or TimeoutException or InvalidCastException)
        {
            var now = Stopwatch.GetTimestamp();
            var last = Interlocked.Read(ref _lastWarning);
            if ((last == long.MinValue || Stopwatch.GetElapsedTime(last, now) > TimeSpan.FromMinutes(1))
                && Interlocked.CompareExchange(ref _lastWarning, now, last) == last)
                _logger.LogWarning(e, "Redis did not answer for the rate limits; each node counts alone until it does (at most N times the limit through N nodes)");
            return null;
        }
    }

    public void Dispose()
    {
        if (_redis is { IsCompletedSuccessfully: true }) _redis.Result.Dispose();
    }
}

/// <summary>One key's window, counted in Redis; its node's own window stands in while Redis does not answer.</summary>
internal sealed class SharedWindowLimiter(SharedRateLimits counters, string key, int permits, TimeSpan window, RateLimiter local) : RateLimiter
{
    private long _lastUsed = Stopwatch.GetTimestamp();

    // Idle (and so disposable by the partitioned limiter) only when the stand-in holds no count either.
    public override TimeSpan? IdleDuration => local.IdleDuration is null ? null : Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastUsed));

    public override RateLimiterStatistics? GetStatistics() => local.GetStatistics();

    // The answer needs a round trip: refusing here sends the middleware to AcquireAsync, which asks Redis.
    protected override RateLimitLease AttemptAcquireCore(int permitCount) => permitCount == 0 ? WindowLease.Granted : WindowLease.Pending;

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        if (permitCount == 0) return WindowLease.Granted;
        Interlocked.Exchange(ref _lastUsed, Stopwatch.GetTimestamp());
        if (await counters.CountAsync(key, window, cancellationToken) is not { } counted)
            return await local.AcquireAsync(permitCount, cancellationToken);
        return counted.Count <= permits ? WindowLease.Granted : new WindowLease(false, counted.Left);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) local.Dispose();
        base.Dispose(disposing);
    }

    private sealed class WindowLease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly WindowLease Granted = new(true, null);
        public static readonly WindowLease Pending = new(false, null);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter is { } after && metadataName == MetadataName.RetryAfter.Name ? after : null;
            return metadata is not null;
        }

        protected override void Dispose(bool disposing) { }
    }
}
