using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using ParSurvey.SurveyApi.Ratings;

namespace ParSurvey.SurveyApi.Survey;

/// <summary>
/// Fair QR limits per phone: a phone (its <see cref="PhoneCookie"/>) rates a counter's poster once in
/// <see cref="SurveyOptions.RepeatMinutes"/>; the same rating sent again (same id, a retry) is let through to be answered
/// as a duplicate. Kept in memory only: phone ids are never written anywhere, and a restart forgets them.
/// </summary>
public sealed class RepeatGuard(PhoneCookie cookies, IOptions<SurveyOptions> options, TimeProvider clock)
{
    public const string ProblemType = "urn:parsurvey:problem:already-rated";
    public const string RepeatCode = "already-rated";
    public const string UnknownPhoneCode = "phone-unknown";
    private const int SweepEvery = 1024;

    private readonly object _gate = new();
    private readonly Dictionary<(string Phone, string Counter), (Guid Rating, DateTimeOffset At)> _last = new();
    private int _sinceSweep;

    /// <summary>
    /// Lets a QR rating through, or refuses it: no phone cookie (the page was not opened), or this phone rated this
    /// counter's poster within the repeat window. A one-time (dossier) link has its own rule and is not counted here.
    /// </summary>
    /// <param name="phone">The phone that was let through and remembered, for <see cref="Forget"/>.</param>
    public ProblemHttpResult? Admit(HttpContext context, Rating rating, bool poster, out string? phone)
    {
        phone = cookies.Read(context);
        if (phone is null) return TypedResults.Problem(UnknownPhone());
        if (!poster) { phone = null; return null; }
        var now = clock.GetUtcNow();
        var window = TimeSpan.FromMinutes(options.Value.RepeatMinutes);
        lock (_gate)
        {
            var key = (phone, rating.CounterId);
            if (_last.TryGetValue(key, out var last) && last.Rating != rating.Id && now - last.At < window)
            {
                phone = null;
                return TypedResults.Problem(AlreadyRated(options.Value.RepeatMinutes, last.At + window - now));
            }
            _last[key] = (rating.Id, now);
            if (++_sinceSweep >= SweepEvery) Sweep(now - window);
        }
        return null;
    }

    /// <summary>
    /// When the phone calling may rate this counter's poster again, while it may not yet (it rated within the repeat
    /// window); null when it may now. The survey page says so when it opens, before any tap.
    /// </summary>
    public DateTimeOffset? RatedUntil(HttpContext context, string counterId)
    {
        if (cookies.Read(context) is not { } phone) return null;
        var until = (DateTimeOffset?)null;
        lock (_gate)
            if (_last.TryGetValue((phone, counterId), out var last)) until = last.At + TimeSpan.FromMinutes(options.Value.RepeatMinutes);
        return until > clock.GetUtcNow() ? until : null;
    }

    /// <summary>The rating was not stored after all (a reused id): the phone has not rated the counter.</summary>
    public void Forget(string phone, Rating rating)
    {
        lock (_gate)
        {
            if (_last.TryGetValue((phone, rating.CounterId), out var last) && last.Rating == rating.Id) _last.Remove((phone, rating.CounterId));
        }
    }

    private void Sweep(DateTimeOffset before)
    {
        _sinceSweep = 0;
        foreach (var key in _last.Where(e => e.Value.At <= before).Select(e => e.Key).ToArray()) _last.Remove(key);
    }

    private static ProblemDetails AlreadyRated(int minutes, TimeSpan left) => new()
    {
        Type = ProblemType,
        Status = StatusCodes.Status409Conflict,
        Title = "Ông/Bà đã đánh giá quầy này / You have already rated this counter",
        Detail = $"Mỗi điện thoại đánh giá một quầy một lần trong {minutes} phút. Cảm ơn Ông/Bà! / " +
                 $"each phone rates a counter once in {minutes} minutes. Thank you!",
        Extensions = { ["code"] = RepeatCode, ["repeatMinutes"] = minutes, ["retryAfterSeconds"] = (int)Math.Ceiling(left.TotalSeconds) },
    };

    private static ProblemDetails UnknownPhone() => new()
    {
        Status = StatusCodes.Status400BadRequest,
        Title = "Vui lòng mở lại liên kết khảo sát / Please open the survey link again",
        Detail = $"Thiếu cookie '{PhoneCookie.Name}' do trang khảo sát đặt (không chứa dữ liệu cá nhân) / the '{PhoneCookie.Name}' cookie " +
                 "set by the survey page is missing or expired (it holds no personal data)",
        Extensions = { ["code"] = UnknownPhoneCode, ["errors"] = new Dictionary<string, string[]>
        {
            ["cookie"] = [$"Mở /s/<token> trước để nhận cookie '{PhoneCookie.Name}' / open /s/<token> first to get the '{PhoneCookie.Name}' cookie"],
        } },
    };
}
