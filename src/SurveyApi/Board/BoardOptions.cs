using System.ComponentModel.DataAnnotations;

namespace ParSurvey.SurveyApi.Board;

/// <summary>The live board ("ParSurvey:Board").</summary>
public sealed class BoardOptions
{
    public const string Section = "ParSurvey:Board";

    /// <summary>
    /// Boards get at most one update per this many milliseconds (about 7 a second by default; measured in docs/BENCHMARKS.md): a burst of ratings costs a few
    /// messages, not thousands. A rating after a quiet spell goes out at once.
    /// </summary>
    [Range(20, 10_000)]
    public int UpdateIntervalMilliseconds { get; set; } = 150;

    /// <summary>
    /// Servers sharing a store (PostgreSQL): each server reads the ratings committed by any of them at most once per
    /// this many milliseconds, everything since its last read at once. A read after a quiet spell starts at once; under
    /// load the reads (one snapshot transaction on every server) stay a handful a second instead of one per commit of
    /// every server, which took most of the database's work (docs/BENCHMARKS.md, "Several nodes behind nginx").
    /// </summary>
    [Range(0, 2_000)]
    public int FeedReadIntervalMilliseconds { get; set; } = 100;

    /// <summary>A burst alert: this many ratings at the scale's lowest level ("Không hài lòng")…</summary>
    [Range(2, 1000)]
    public int BurstCount { get; set; } = 3;

    /// <summary>…at one counter within this many minutes.</summary>
    [Range(1, 24 * 60)]
    public int BurstMinutes { get; set; } = 15;

    /// <summary>A QR burst alert (<see cref="QrBurstRule"/>): at least this many QR ratings at one counter…</summary>
    [Range(2, 100_000)]
    public int QrBurstCount { get; set; } = 10;

    /// <summary>…within this many minutes…</summary>
    [Range(1, 24 * 60)]
    public int QrBurstMinutes { get; set; } = 10;

    /// <summary>…and at least this many times the counter's usual number of QR ratings for that span today.</summary>
    [Range(1.0, 1000.0)]
    public double QrBurstFactor { get; set; } = 5;

    /// <summary>Latest ratings shown on the board's ticker.</summary>
    [Range(1, 200)]
    public int TickerSize { get; set; } = 20;
}
