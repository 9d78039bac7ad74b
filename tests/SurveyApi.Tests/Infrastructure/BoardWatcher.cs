using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace ParSurvey.SurveyApi.Tests.Infrastructure;

/// <summary>
/// A wall board without a browser: SignalR's JSON hub protocol over one WebSocket to <c>/hubs/board</c> (no negotiate,
/// as the npm client's skipNegotiation), signed in with a staff cookie. Keeps the latest snapshot it was sent, so a test
/// can wait for a counter's total on a board of a given node.
/// </summary>
public sealed class BoardWatcher : IAsyncDisposable
{
    private const char Separator = '\u001e';
    private readonly ClientWebSocket _socket = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _receiving = Task.CompletedTask;
    private Task _pinging = Task.CompletedTask;
    private readonly Lock _gate = new();
    private JsonElement _latest;
    private readonly TaskCompletionSource<JsonElement> _subscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Updates { get; private set; }

    /// <summary>Connects to <paramref name="node"/>'s hub and subscribes to <paramref name="unitId"/>'s board.</summary>
    public static async Task<BoardWatcher> ConnectAsync(Uri node, CookieContainer cookies, string? unitId)
    {
        var watcher = new BoardWatcher();
        watcher._socket.Options.Cookies = cookies;
        var hub = new UriBuilder(node) { Scheme = "ws", Path = "/hubs/board" }.Uri;
        await watcher._socket.ConnectAsync(hub, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));
        await watcher.SendAsync("""{"protocol":"json","version":1}""");
        watcher._receiving = watcher.ReceiveAsync();
        watcher._pinging = watcher.PingAsync();
        await watcher.SendAsync(JsonSerializer.Serialize(new { type = 1, invocationId = "subscribe", target = "Subscribe", arguments = new[] { unitId } }));
        var snapshot = await watcher._subscribed.Task.WaitAsync(TimeSpan.FromSeconds(20));
        lock (watcher._gate) if (watcher.Updates == 0) watcher._latest = snapshot;
        return watcher;
    }

    /// <summary>A counter's total on this board now (0 when it has none yet).</summary>
    public long CounterTotal(string counterId)
    {
        JsonElement latest;
        lock (_gate) latest = _latest;
        return latest.GetProperty("counters").EnumerateArray()
            .Where(c => c.GetProperty("key").GetString() == counterId).Select(c => c.GetProperty("total").GetInt64()).FirstOrDefault();
    }

    private Task SendAsync(string message) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(message + Separator), WebSocketMessageType.Text, true, _stop.Token);

    // The server drops a client it has not heard from in 30 s.
    private async Task PingAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(10));
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token)) await SendAsync("""{"type":6}""");
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException) { }
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[64 * 1024];
        var text = new StringBuilder();
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var received = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (received.MessageType == WebSocketMessageType.Close) break;
                text.Append(Encoding.UTF8.GetString(buffer, 0, received.Count));
                int end;
                while ((end = text.ToString().IndexOf(Separator)) >= 0)
                {
                    var message = text.ToString(0, end);
                    text.Remove(0, end + 1);
                    Handle(message);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException) { }
        _subscribed.TrySetException(new InvalidOperationException("the board's connection closed before it subscribed"));
    }

    private void Handle(string message)
    {
        using var document = JsonDocument.Parse(message);
        var root = document.RootElement;
        if (!root.TryGetProperty("type", out var type)) return; // the handshake's answer
        switch (type.GetInt32())
        {
            case 1 when root.GetProperty("target").GetString() == "Update":
                lock (_gate)
                {
                    _latest = root.GetProperty("arguments")[0].Clone();
                    Updates++;
                }
                break;
            case 3 when root.TryGetProperty("error", out var error):
                _subscribed.TrySetException(new InvalidOperationException("Subscribe failed: " + error.GetString()));
                break;
            case 3:
                _subscribed.TrySetResult(root.GetProperty("result").Clone());
                break;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            if (_socket.State == WebSocketState.Open)
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception e) when (e is WebSocketException or TimeoutException) { }
        await Task.WhenAll(_receiving, _pinging).WaitAsync(TimeSpan.FromSeconds(10));
        _socket.Dispose();
    }
}
