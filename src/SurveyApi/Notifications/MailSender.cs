using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using ParSurvey.SurveyApi.Storage;

namespace ParSurvey.SurveyApi.Notifications;

/// <summary>
/// Sends what waits in the outbox through the configured SMTP server (MailKit): at once when a mail enters it, and
/// every PollSeconds. A failed attempt is retried after RetrySeconds, doubled each time (at most an hour), until
/// MaxAttempts; then the mail is kept as failed for the console. With no SMTP server configured nothing is sent.
/// Each mail carries a Message-Id made from its outbox id, so a retry after a half-finished attempt is recognisable.
/// </summary>
public sealed class MailSender(IMailOutbox outbox, IOptions<MailOptions> options, TimeProvider clock, ILogger<MailSender> logger) : BackgroundService
{
    private readonly SemaphoreSlim _wake = new(0);

    /// <summary>Something entered the outbox: look now rather than at the next poll.</summary>
    public void Wake()
    {
        if (_wake.CurrentCount == 0) _wake.Release();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var mail = options.Value;
        if (!mail.Configured)
        {
            logger.LogWarning("E-mail is not configured ({Section}:Host): notifications wait in the outbox", MailOptions.Section);
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try { await SendDueAsync(stoppingToken); }
            catch (Exception e) when (e is not OperationCanceledException) { logger.LogWarning(e, "Reading the mail outbox failed; trying again"); }
            try { await _wake.WaitAsync(TimeSpan.FromSeconds(mail.PollSeconds), stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }

    /// <summary>One round: every due mail over one SMTP connection; a failure postpones the mails not yet sent.</summary>
    internal async Task SendDueAsync(CancellationToken ct)
    {
        var due = await outbox.DueAsync(clock.GetUtcNow(), 50, ct);
        if (due.Count == 0) return;
        var mail = options.Value;
        using var smtp = new SmtpClient { Timeout = mail.TimeoutSeconds * 1000 };
        var index = 0;
        try
        {
            await smtp.ConnectAsync(mail.Host, mail.Port, SecurityOf(mail.Security), ct);
            if (!string.IsNullOrEmpty(mail.Username)) await smtp.AuthenticateAsync(mail.Username, mail.Password, ct);
            for (; index < due.Count; index++)
            {
                await smtp.SendAsync(Message(due[index], mail), ct);
                await outbox.MarkSentAsync(due[index].Id, clock.GetUtcNow(), ct);
                logger.LogInformation("Mail {Kind} about {About} sent to {Count} recipient(s)", due[index].Kind, due[index].About, due[index].To.Count);
            }
            await smtp.DisconnectAsync(quit: true, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            for (; index < due.Count; index++) await PostponeAsync(due[index], e, mail, ct);
        }
    }

    private async Task PostponeAsync(OutgoingMail item, Exception error, MailOptions mail, CancellationToken ct)
    {
        var attempts = item.Attempts + 1;
        var wait = TimeSpan.FromSeconds(Math.Min(3600, mail.RetrySeconds * Math.Pow(2, Math.Min(attempts - 1, 20))));
        DateTimeOffset? next = attempts >= mail.MaxAttempts ? null : clock.GetUtcNow() + wait;
        var reason = $"{error.GetType().Name}: {error.Message}";
        await outbox.MarkFailedAsync(item.Id, attempts, next, reason.Length > 500 ? reason[..500] : reason, ct);
        logger.LogWarning("Mail {Kind} about {About} not sent (attempt {Attempts} of {Max}): {Reason}", item.Kind, item.About, attempts, mail.MaxAttempts, reason);
    }

    private static MimeMessage Message(OutgoingMail item, MailOptions mail)
    {
        var message = new MimeMessage { Subject = item.Subject, MessageId = $"{item.Id:N}@parsurvey", Date = item.CreatedAt };
        message.From.Add(MailboxAddress.Parse(mail.From));
        foreach (var to in item.To) message.To.Add(MailboxAddress.Parse(to));
        var body = new TextPart("plain");
        body.SetText("utf-8", item.Body);
        message.Body = body;
        return message;
    }

    private static SecureSocketOptions SecurityOf(string setting) => setting switch
    {
        "none" => SecureSocketOptions.None,
        "starttls" => SecureSocketOptions.StartTls,
        "ssl" => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.Auto,
    };
}
