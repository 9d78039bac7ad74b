using System.Collections.Concurrent;

namespace ParSurvey.SurveyApi.Board;

/// <summary>
/// How many boards watch each group, so that <see cref="BoardBroadcaster"/> builds snapshots only for units somebody
/// watches: with no wall screen open, every rating used to cost a share of a whole-city snapshot every interval.
/// A board that starts watching gets its snapshot from <see cref="BoardHub.Subscribe"/> itself.
/// </summary>
public sealed class BoardAudience
{
    private readonly ConcurrentDictionary<string, int> _watchers = new();

    public void Watch(string group) => _watchers.AddOrUpdate(group, 1, (_, n) => n + 1);

    public void Unwatch(string group) => _watchers.AddOrUpdate(group, 0, (_, n) => Math.Max(0, n - 1));

    public bool IsWatched(string group) => _watchers.GetValueOrDefault(group) > 0;
}
