using System.Text;
using Microsoft.Extensions.Options;
using ParSurvey.Analytics;
using ParSurvey.SurveyApi.Board;
using ParSurvey.SurveyApi.Catalog;
using ParSurvey.SurveyApi.Hosting;
using ParSurvey.SurveyApi.Ratings;
using ParSurvey.SurveyApi.Satisfaction;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Board;

/// <summary>The board's tallies and alert rules, without SignalR or HTTP.</summary>
public class LiveBoardTests
{
    private static readonly DateTimeOffset Morning = new(2026, 11, 20, 2, 0, 0, TimeSpan.Zero); // 09:00 in Vietnam

    private static (LiveBoard Board, SettableClock Clock) NewBoard(int minSample = 30)
    {
        var folder = TempFolder.Create();
        var catalogPath = Path.Combine(folder, "catalog.json");
        File.WriteAllText(catalogPath, TestCatalog.Json(), Encoding.UTF8);
        var catalog = new CatalogProvider(Options.Create(new ParSurveyOptions { DataDirectory = folder, CatalogPath = catalogPath }));
        var clock = new SettableClock(Morning);
        var board = new LiveBoard(catalog, new AnalyticsOptions { MinSample = minSample }.ToPolicy(), Options.Create(new BoardOptions()), clock);
        return (board, clock);
    }

    private static Rating Rated(string counter, int score, DateTimeOffset at, string? field = null) =>
        new(Guid.NewGuid(), counter, TestCatalog.UnitOf[counter], field ?? TestCatalog.FieldsOf[counter][0], TestCatalog.ScaleIdOf(counter), score,
            TestCatalog.GroupOf(counter, score), "kiosk", [], null, null, null, at, at, VietnamTime.LocalDate(at), "h");

    [Fact]
    public void SnapshotCountsTodayForTheUnitAndItsSubUnitsOnly()
    {
        var (board, _) = NewBoard();
        board.Observe([Rated("a1", 4, Morning), Rated("ax1", 1, Morning), Rated("b1", 2, Morning), Rated("a2", 3, Morning, "dat-dai")]);

        var wardA = board.Snapshot("ward-a");
        Assert.Equal(3, wardA.Overall.Total);
        Assert.Equal(2, wardA.Overall.Satisfied);
        Assert.Equal(["a1", "a2", "ax1"], wardA.Counters.Select(c => c.Key).Order());
        Assert.Equal(1, wardA.Counters.Single(c => c.Key == "a2").Total);
        Assert.Equal(2, wardA.Fields.Single(f => f.Key == "ho-tich").Total);
        Assert.Equal(3, wardA.Hourly[9]);
        Assert.Equal(3, wardA.Ticker.Count);
        Assert.Equal(4, board.Snapshot(null).Overall.Total);
        Assert.Equal(1, board.Snapshot("ward-b").Overall.Total);
    }

    [Fact]
    public void RowsComeWorstFirst()
    {
        var (board, _) = NewBoard(minSample: 2);
        board.Observe([Rated("a1", 4, Morning), Rated("a1", 4, Morning), Rated("a2", 1, Morning, "chung-thuc"), Rated("a2", 4, Morning, "chung-thuc")]);
        var counters = board.Snapshot("ward-a").Counters;
        Assert.Equal("a2", counters[0].Key);
        Assert.Equal(SatisfactionStatus.Below, counters[0].Status);
        Assert.Equal("a1", counters[1].Key);
        Assert.Equal("ax1", counters[2].Key); // no ratings: last
    }

    [Fact]
    public void BurstAlertFiresOnTheThirdLowestRatingWithinFifteenMinutesAndNotBefore()
    {
        var (board, _) = NewBoard();
        board.Observe([Rated("a1", 1, Morning), Rated("a1", 1, Morning.AddMinutes(5))]);
        Assert.DoesNotContain(board.TakeChanges().Alerts, a => a.Kind == "burst");
        Assert.DoesNotContain(board.Snapshot("ward-a").Alerts, a => a.Kind == "burst");

        board.Observe([Rated("a1", 1, Morning.AddMinutes(14))]);
        var alert = Assert.Single(board.TakeChanges().Alerts);
        Assert.Equal("burst", alert.Kind);
        Assert.Equal("a1", alert.Subject);
        Assert.Contains("Không hài lòng", alert.Message);
        Assert.Single(board.Snapshot("ward-a").Alerts, a => a.Kind == "burst");
        Assert.Single(board.Snapshot("city").Alerts, a => a.Kind == "burst");
        Assert.Empty(board.Snapshot("ward-b").Alerts);
    }

    [Fact]
    public void LowestRatingsSpreadOverMoreThanTheWindowRaiseNoBurst()
    {
        var (board, _) = NewBoard();
        board.Observe([Rated("a1", 1, Morning), Rated("a1", 1, Morning.AddMinutes(10)), Rated("a1", 1, Morning.AddMinutes(20)), Rated("a1", 2, Morning.AddMinutes(21))]);
        Assert.DoesNotContain(board.TakeChanges().Alerts, a => a.Kind == "burst");
    }

    [Fact]
    public void CounterBelowTargetWithEnoughRatingsRaisesOneAlert()
    {
        var (board, _) = NewBoard(minSample: 5);
        // 4 of 5 satisfied is 80 %, an interval reaching 96 %: nothing to say before the 5th rating…
        board.Observe(Enumerable.Range(0, 4).Select(i => Rated("b1", 4, Morning.AddMinutes(i * 20), "ho-tich")).ToArray());
        Assert.Empty(board.TakeChanges().Alerts);
        board.Observe([Rated("b1", 2, Morning.AddMinutes(90), "ho-tich")]);
        var alerts = board.TakeChanges().Alerts;
        // …which makes 5 ratings at 80 % against 95 %: below.
        Assert.Contains(alerts, a => a.Kind == "below" && a.Subject == "b1");
        Assert.Contains(alerts, a => a.Kind == "below" && a.Subject == "ho-tich");
        board.Observe([Rated("b1", 2, Morning.AddMinutes(95), "ho-tich")]);
        Assert.Empty(board.TakeChanges().Alerts); // said once
    }

    [Fact]
    public void ACounterClearlyBelowTargetIsBelowEvenWithFewRatings()
    {
        var (board, _) = NewBoard();
        board.Observe([Rated("b1", 4, Morning, "ho-tich")]);
        Assert.Empty(board.TakeChanges().Alerts); // 1 of 1: too few to judge
        Assert.Equal(SatisfactionStatus.Insufficient, board.Snapshot("ward-b").Overall.Status);
        // 12 of 20 (60,0 %, interval 38,7–78,1 %): the upper bound is under 95 %, so below, not "too few".
        board.Observe([.. Enumerable.Range(0, 11).Select(i => Rated("b1", 4, Morning.AddMinutes(i + 1), "ho-tich")),
            .. Enumerable.Range(0, 8).Select(i => Rated("b1", 1, Morning.AddMinutes(20 + i * 3), "ho-tich"))]);
        var snapshot = board.Snapshot("ward-b");
        Assert.Equal(20, snapshot.Overall.Total);
        Assert.Equal(SatisfactionStatus.Below, snapshot.Overall.Status);
        Assert.Equal(SatisfactionStatus.Below, snapshot.Counters.Single(c => c.Key == "b1").Status);
        Assert.Contains(board.TakeChanges().Alerts, a => a.Kind == "below" && a.Subject == "b1");
    }

    [Fact]
    public void ChangesNameTheUnitItsAncestorsAndTheCity()
    {
        var (board, _) = NewBoard();
        board.Observe([Rated("ax1", 4, Morning)]);
        Assert.Equal(new string?[] { null, "city", "ward-a", "ward-a-annex" }, board.TakeChanges().Units.OrderBy(u => u));
        Assert.Empty(board.TakeChanges().Units);
    }

    [Fact]
    public void ANewDayInVietnamStartsFromZero()
    {
        var (board, clock) = NewBoard();
        board.Observe([Rated("a1", 4, Morning)]);
        clock.Now = new DateTimeOffset(2026, 11, 20, 17, 1, 0, TimeSpan.Zero); // 00:01 on 21 Nov in Vietnam
        var snapshot = board.Snapshot("ward-a");
        Assert.Equal(new DateOnly(2026, 11, 21), snapshot.Date);
        Assert.Equal(0, snapshot.Overall.Total);
        board.Observe([Rated("a1", 4, Morning)]); // yesterday's, arriving late: not today's board
        Assert.Equal(0, board.Snapshot("ward-a").Overall.Total);
    }

    [Fact]
    public void LoadRebuildsTheDayWithoutRepeatingOldAlerts()
    {
        var (board, _) = NewBoard();
        board.Load([Rated("a1", 1, Morning), Rated("a1", 1, Morning.AddMinutes(1)), Rated("a1", 1, Morning.AddMinutes(2)), Rated("a1", 4, Morning)]);
        Assert.Equal(4, board.Snapshot("ward-a").Overall.Total);
        Assert.Single(board.Snapshot("ward-a").Alerts, a => a.Kind == "burst");
        Assert.Empty(board.TakeChanges().Alerts);
    }

    [Fact]
    public void AboveOneUnitCountersTickerAndAlertsCarryTheUnitsShortName()
    {
        var (board, _) = NewBoard();
        board.Observe([Rated("a1", 1, Morning), Rated("a1", 1, Morning.AddMinutes(1)), Rated("a1", 1, Morning.AddMinutes(2)), Rated("b1", 4, Morning)]);

        var city = board.Snapshot(null);
        Assert.Equal("Thành phố", city.UnitName); // the root unit, not the catalog's title "Danh mục kiểm thử"
        Assert.Equal("P. A · Quầy a1", city.Counters.Single(c => c.Key == "a1").Name);
        Assert.Equal("Điểm tiếp nhận phường A · Quầy ax1", city.Counters.Single(c => c.Key == "ax1").Name);
        Assert.Equal("Sở X · Quầy x1", city.Counters.Single(c => c.Key == "x1").Name);
        Assert.Equal("P. B · Quầy b1", city.Ticker[0].CounterName);
        // Three unhappy ratings at a1: a burst, and a1 and its field clearly below target; each alert names ward A.
        Assert.All(city.Alerts.Where(a => a.Subject == "a1"), a => Assert.StartsWith("P. A · Quầy a1", a.Message));
        Assert.All(city.Alerts, a => Assert.StartsWith("P. A · ", a.Message));
        Assert.StartsWith("P. A · ", board.ForBoard(null, board.TakeChanges().Alerts.First()).Message);

        // Ward A spans its annex too; ward B is one unit and reads as before.
        Assert.Equal("P. A · Quầy a1", board.Snapshot("ward-a").Counters.Single(c => c.Key == "a1").Name);
        var wardB = board.Snapshot("ward-b");
        Assert.Equal("Phường B", wardB.UnitName);
        Assert.Equal("Quầy b1", wardB.Counters.Single().Name);
        Assert.Equal("Quầy b1", wardB.Ticker[0].CounterName);
    }

    [Theory]
    [InlineData("Trung tâm phục vụ hành chính công phường Sài Gòn", "P. Sài Gòn")]
    [InlineData("Trung tâm Phục vụ hành chính công Thành phố", "TTPVHCC Thành phố")]
    [InlineData("UBND Thành phố Hồ Chí Minh", "TP. Hồ Chí Minh")]
    [InlineData("Sở Tài chính (Đăng ký kinh doanh)", "Sở Tài chính")]
    [InlineData("Bộ phận Một cửa xã Bình Chánh", "X. Bình Chánh")]
    [InlineData("Phường B", "P. B")]
    [InlineData("Sở Tư pháp", "Sở Tư pháp")]
    [InlineData("Phường", "Phường")]
    public void ShortNamesFollowVietnameseSigns(string name, string expected) => Assert.Equal(expected, BoardNames.ShortName(name));
}
