using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MimeKit;

namespace ParSurvey.SurveyApi.Tests.Infrastructure;

/// <summary>
/// A real SMTP server on loopback: Debian's aiosmtpd (python3-aiosmtpd, installed by ./test.sh) with its Debugging
/// handler, which prints every message it accepts to stdout; each one is parsed back with MimeKit.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private const string Begin = "---------- MESSAGE FOLLOWS ----------";
    private const string End = "------------ END MESSAGE ------------";
    private readonly Process _process;
    private readonly ConcurrentQueue<MimeMessage> _messages = new();
    private readonly StringBuilder _output = new();
    private List<string>? _current;

    private SmtpSink(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }
    public IReadOnlyCollection<MimeMessage> Messages => _messages;
    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <summary>A loopback port nobody listens on right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task<SmtpSink> StartAsync(int? port = null)
    {
        var chosen = port ?? FreePort();
        var info = new ProcessStartInfo("/usr/bin/python3", $"-u -m aiosmtpd -n -l 127.0.0.1:{chosen}")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, StandardOutputEncoding = Encoding.UTF8,
        };
        var process = Process.Start(info) ?? throw new InvalidOperationException("python3 -m aiosmtpd did not start");
        var sink = new SmtpSink(process, chosen);
        process.OutputDataReceived += (_, e) => sink.Read(e.Data);
        process.ErrorDataReceived += (_, e) => { lock (sink._output) sink._output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException($"aiosmtpd exited ({process.ExitCode}): {sink.Output}");
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, chosen);
                return sink;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    private void Read(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
        if (line == Begin) { _current = []; return; }
        if (line == End && _current is not null)
        {
            // "mail options: [...]" and a blank line may come before the headers; the peer line sits among them.
            var lines = _current.SkipWhile(l => l.StartsWith("mail options:", StringComparison.Ordinal) || l.Length == 0).ToList();
            using var stream = new MemoryStream(Encoding.UTF8.GetBytes(string.Join("\r\n", lines) + "\r\n"));
            _messages.Enqueue(MimeMessage.Load(stream));
            _current = null;
            return;
        }
        _current?.Add(line);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        _process.Dispose();
    }
}
