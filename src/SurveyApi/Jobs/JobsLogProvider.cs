using Hangfire.Logging;
using MsLogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace ParSurvey.SurveyApi.Jobs;

/// <summary>
/// Hangfire's log, into the app's logging. Hangfire keeps its log provider in a static, shared by every app in the
/// process (the tests run several): its own provider held the logger factory of the last app started, and once that
/// app stopped, another app's Hangfire client failed creating a logger from the disposed factory (an HTTP 500 on
/// POST /api/reports/jobs). Loggers here are made per message, and a message after the factory is gone is dropped.
/// </summary>
internal sealed class JobsLogProvider(ILoggerFactory factory) : ILogProvider
{
    public ILog GetLogger(string name) => new ForwardingLog(factory, name);

    private sealed class ForwardingLog(ILoggerFactory factory, string name) : ILog
    {
        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            try
            {
                var logger = factory.CreateLogger(name);
                var level = logLevel switch
                {
                    Hangfire.Logging.LogLevel.Trace => MsLogLevel.Trace,
                    Hangfire.Logging.LogLevel.Debug => MsLogLevel.Debug,
                    Hangfire.Logging.LogLevel.Info => MsLogLevel.Information,
                    Hangfire.Logging.LogLevel.Warn => MsLogLevel.Warning,
                    Hangfire.Logging.LogLevel.Error => MsLogLevel.Error,
                    _ => MsLogLevel.Critical,
                };
                if (messageFunc is null) return logger.IsEnabled(level);
                if (!logger.IsEnabled(level)) return false;
                logger.Log(level, exception, "{Message}", messageFunc());
                return true;
            }
            catch (ObjectDisposedException)
            {
                return false;
            }
        }
    }
}
