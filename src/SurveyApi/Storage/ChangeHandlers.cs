namespace ParSurvey.SurveyApi.Storage;

/// <summary>The handlers of a change feed, each called in turn; one that fails is logged and the others still run.</summary>
public sealed class ChangeHandlers(ILogger logger)
{
    private readonly List<Action<ChangeSignal>> _handlers = [];

    public void Add(Action<ChangeSignal> handler)
    {
        lock (_handlers) _handlers.Add(handler);
    }

    public void Deliver(ChangeSignal signal)
    {
        Action<ChangeSignal>[] handlers;
        lock (_handlers) handlers = [.. _handlers];
        foreach (var handler in handlers)
        {
            try
            {
                handler(signal);
            }
            catch (Exception e)
            {
                logger.LogError(e, "A handler of the change feed failed on {Kind} {Subject}", signal.Kind, signal.Subject);
            }
        }
    }

    /// <summary>"kind:subject", as NOTIFY carries it (at most 8,000 bytes).</summary>
    public static string Encode(ChangeSignal signal) => $"{signal.Kind}:{signal.Subject}";

    public static ChangeSignal? Decode(string payload)
    {
        var colon = payload.IndexOf(':');
        return colon > 0 && Enum.TryParse<ChangeKind>(payload[..colon], out var kind) ? new ChangeSignal(kind, payload[(colon + 1)..]) : null;
    }
}
