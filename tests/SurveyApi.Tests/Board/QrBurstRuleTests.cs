using ParSurvey.Analytics;
using ParSurvey.SurveyApi.Board;
using ParSurvey.SurveyApi.Catalog;
using ParSurvey.SurveyApi.Ratings;

namespace ParSurvey.SurveyApi.Tests.Board;

/// <summary>The QR burst rule with its defaults: ≥ 10 QR ratings in 10 minutes and ≥ 5 × the counter's usual number for 10 minutes today.</summary>
public class QrBurstRuleTests
{
    private static readonly DateTimeOffset Opening = new(2026, 11, 20, 0, 0, 0, TimeSpan.Zero); // 07:00 in Vietnam
    private static readonly Counter Counter = new("a1", "ward-a", "Quầy a1", ["ho-tich"]);

    private static Rating Qr(DateTimeOffset at, string channel = "qr") =>
        new(Guid.NewGuid(), "a1", "ward-a", "ho-tich", "4-muc", 4, LevelGroup.Satisfied, channel, [], null, null, null, at, at, VietnamTime.LocalDate(at), "h");

    private static List<BoardAlert> Feed(QrBurstRule rule, IEnumerable<DateTimeOffset> times, string channel = "qr") =>
        times.Select(t => rule.Check(Counter, Qr(t, channel))).OfType<BoardAlert>().ToList();

    private static IEnumerable<DateTimeOffset> Every(DateTimeOffset from, int count, TimeSpan step) =>
        Enumerable.Range(0, count).Select(i => from + i * step);

    [Fact]
    public void TenQrRatingsInTenMinutesAtAQuietCounterRaiseOneAlert()
    {
        var rule = new QrBurstRule(() => new BoardOptions());
        var start = Opening.AddHours(2);
        Assert.Empty(Feed(rule, Every(start, 9, TimeSpan.FromSeconds(30))));
        var alerts = Feed(rule, Every(start.AddMinutes(5), 6, TimeSpan.FromSeconds(10)));
        var alert = Assert.Single(alerts); // the tenth raises it; the next five in the same span do not raise it again
        Assert.Equal("qr-burst", alert.Kind);
        Assert.Equal("ward-a", alert.UnitId);
        Assert.Contains("10 đánh giá qua mã QR trong 10 phút", alert.Message);
    }

    [Fact]
    public void ABusyCounterAtItsUsualRateRaisesNothing()
    {
        var rule = new QrBurstRule(() => new BoardOptions());
        // One QR rating every two minutes for three hours: 5 per 10 minutes is this counter's usual number.
        Assert.Empty(Feed(rule, Every(Opening, 90, TimeSpan.FromMinutes(2))));
        // Ten in ten minutes reaches the count but is only twice the usual: nothing.
        Assert.Empty(Feed(rule, Every(Opening.AddMinutes(181), 10, TimeSpan.FromMinutes(1))));
        // Thirty in six minutes passes five times the usual (about 5.1 per 10 minutes by then): one alert.
        var alert = Assert.Single(Feed(rule, Every(Opening.AddMinutes(200), 30, TimeSpan.FromSeconds(12))));
        Assert.Contains("26 đánh giá qua mã QR", alert.Message);
    }

    [Fact]
    public void KioskRatingsAreNotQrRatings()
    {
        var rule = new QrBurstRule(() => new BoardOptions());
        Assert.Empty(Feed(rule, Every(Opening, 30, TimeSpan.FromSeconds(5)), channel: "kiosk"));
    }

    [Fact]
    public void TheRuleIsConfigurable()
    {
        var rule = new QrBurstRule(() => new BoardOptions { QrBurstCount = 3, QrBurstMinutes = 1 });
        Assert.Empty(Feed(rule, Every(Opening, 3, TimeSpan.FromSeconds(40)))); // 3 within 80 s, never 3 within one minute
        Assert.Single(Feed(rule, Every(Opening.AddMinutes(5), 3, TimeSpan.FromSeconds(1))));
    }
}
