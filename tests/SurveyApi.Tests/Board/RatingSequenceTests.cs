using ParSurvey.SurveyApi.Board;
using ParSurvey.SurveyApi.Ratings;
using ParSurvey.SurveyApi.Storage;

namespace ParSurvey.SurveyApi.Tests.Board;

/// <summary>The board's reading of the store's sequence, with commits out of order and sequences that never commit.</summary>
public class RatingSequenceTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 29, 2, 0, 0, TimeSpan.Zero);

    private static SequencedRating At(long sequence) => new(sequence, new Rating(Guid.NewGuid(), "a1", "ward-a", "ho-tich", "4-muc", 4,
        Analytics.LevelGroup.Satisfied, "kiosk", [], null, null, null, T0, T0, DateOnly.FromDateTime(T0.Date), "h", null, null, false));

    private static RatingFeedPage Page(long finishedBefore, long startedBefore, params SequencedRating[] ratings) =>
        new(ratings, 0, finishedBefore, startedBefore);

    [Fact]
    public void ALaterSequenceSeenFirstLeavesAGapThatIsAppliedWhenItCommitsAndNeverTwice()
    {
        var sequence = new RatingSequence();
        sequence.Start(new RatingFeedPage([], 0, 10, 10), 100, T0);
        var (one, two, three) = (At(1), At(2), At(3));

        // 2 and 3 committed; 1 (taken earlier) not yet.
        Assert.Equal(new[] { two.Rating, three.Rating }, sequence.Accept(Page(10, 12, two, three), T0));
        Assert.Equal(new[] { 1L }, sequence.Missing);
        // Read again before 1 commits: nothing new, nothing twice.
        Assert.Empty(sequence.Accept(Page(10, 12, two, three), T0.AddMilliseconds(100)));
        // 1 commits: applied once, late.
        Assert.Equal(new[] { one.Rating }, sequence.Accept(Page(12, 12, one), T0.AddMilliseconds(200)));
        Assert.Empty(sequence.Missing);
        Assert.Empty(sequence.Accept(Page(12, 12, one, two, three), T0.AddMilliseconds(300)));
        Assert.Equal(3, sequence.High);
    }

    [Fact]
    public void AGapIsForgottenOnlyOnceEveryTransactionThatMightHoldItHasEnded()
    {
        var sequence = new RatingSequence();
        sequence.Start(new RatingFeedPage([], 0, 10, 10), 100, T0);
        sequence.Accept(Page(10, 12, At(2)), T0); // 1 missing
        // Within the grace its horizon is not noted, whatever the snapshot says.
        sequence.Accept(Page(50, 50), T0.AddMilliseconds(500));
        Assert.Equal(new[] { 1L }, sequence.Missing);
        // After the grace: horizon 60 noted (transactions below 60 might hold it); still running ones keep it.
        sequence.Accept(Page(55, 60), T0 + RatingSequence.Grace);
        Assert.Equal(new[] { 1L }, sequence.Missing);
        sequence.Accept(Page(59, 61), T0 + RatingSequence.Grace * 2);
        Assert.Equal(new[] { 1L }, sequence.Missing);
        // Every transaction below 60 has ended and 1 is still absent: rolled back, or a repeated id. Forgotten.
        sequence.Accept(Page(60, 61), T0 + RatingSequence.Grace * 3);
        Assert.Empty(sequence.Missing);
    }

    [Fact]
    public void StartingUpTreatsSequencesNearTheTopThatAreNeitherTodaysNorAnotherDaysAsGaps()
    {
        var sequence = new RatingSequence();
        var today = sequence.Start(new RatingFeedPage([At(7), At(9)], 10, 3, 5) { OtherDays = [8] }, 5, T0);
        Assert.Equal(2, today.Count);
        Assert.Equal(new[] { 6L, 10L }, sequence.Missing.Order());
        Assert.Equal(10, sequence.High);
        var ten = At(10);
        Assert.Equal(new[] { ten.Rating }, sequence.Accept(Page(3, 5, ten), T0));
    }
}
