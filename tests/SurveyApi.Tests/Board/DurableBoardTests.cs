using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Win32.SafeHandles;
using ParSurvey.SurveyApi.Board;
using ParSurvey.SurveyApi.Storage;
using ParSurvey.SurveyApi.Storage.Sqlite;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Board;

/// <summary>
/// The board shows only what survives a crash: a rating reaches it after the log flush its 201 waits for. The flush
/// step alone is held back here (the acceptance asks for it); the SQLite store, the writer and the board are real.
/// </summary>
public class DurableBoardTests
{
    /// <summary>A disk flush that waits while held, then flushes for real.</summary>
    private sealed class HeldFlush : IDiskFlush
    {
        private readonly ManualResetEventSlim _open = new(true);
        private int _waiting;

        public int Waiting => Volatile.Read(ref _waiting);

        public void Hold() => _open.Reset();

        public void Release() => _open.Set();

        public void Flush(SafeFileHandle file)
        {
            Interlocked.Increment(ref _waiting);
            try
            {
                if (!_open.Wait(TimeSpan.FromSeconds(60))) throw new TimeoutException("the test never released the flush");
                RandomAccess.FlushToDisk(file);
            }
            finally
            {
                Interlocked.Decrement(ref _waiting);
            }
        }
    }

    [Fact]
    public async Task BoardNeverShowsARatingBeforeItsCreatedAnswer()
    {
        var flush = new HeldFlush();
        await using var server = await ParSurveyServer.StartAsync(services: s => s.AddSingleton<IDiskFlush>(flush));
        var board = server.Services.GetRequiredService<LiveBoard>();
        var kiosk = await server.KioskAsync("a1");

        flush.Hold();
        var posting = kiosk.PostAsJsonAsync("/api/ratings", RatingBody.New("a1", 4));
        // The rating is committed and its flush has begun: the moment a board fed on commit would already show it.
        Assert.True(await Eventually.TrueAsync(() => flush.Waiting > 0, TimeSpan.FromSeconds(20)), "the rating's flush never began");
        Assert.False(posting.IsCompleted, "the 201 came before the flush ended");
        Assert.Equal(0, board.Snapshot(null).Overall.Total);
        Assert.Equal(0, board.Snapshot("ward-a").Overall.Total);
        Assert.Equal(1, server.StoredRatings); // committed, readable, not yet durable

        flush.Release();
        var response = await posting.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        // By the time the 201 is sent the board has it.
        Assert.Equal(1, board.Snapshot("ward-a").Overall.Total);
        Assert.Equal(1, board.Snapshot(null).Overall.Total);
    }

    [Fact]
    public async Task ABatchReachesTheBoardOnlyAfterItsFlushToo()
    {
        var flush = new HeldFlush();
        await using var server = await ParSurveyServer.StartAsync(services: s => s.AddSingleton<IDiskFlush>(flush),
            extraArgs: [ParSurveyServer.NoPressFilter]);
        var board = server.Services.GetRequiredService<LiveBoard>();

        flush.Hold();
        var posting = server.PostBatchAsync("b1", Enumerable.Range(0, 5).Select(_ => RatingBody.New("b1", 3, fieldCode: "ho-tich")));
        Assert.True(await Eventually.TrueAsync(() => flush.Waiting > 0, TimeSpan.FromSeconds(20)), "the batch's flush never began");
        Assert.False(posting.IsCompleted);
        Assert.Equal(0, board.Snapshot("ward-b").Overall.Total);

        flush.Release();
        Assert.Equal(HttpStatusCode.OK, (await posting.WaitAsync(TimeSpan.FromSeconds(30))).StatusCode);
        Assert.Equal(5, board.Snapshot("ward-b").Overall.Total);
    }
}
