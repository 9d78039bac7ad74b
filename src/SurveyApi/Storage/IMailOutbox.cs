namespace ParSurvey.SurveyApi.Storage;

/// <summary>
/// An e-mail waiting in the outbox, or sent. Written in the same transaction as what it reports (a piece of feedback),
/// so a notification is never lost to a crash or a mail server that is down or not configured yet.
/// </summary>
/// <param name="About">What it reports (a feedback tracking code): for the audit and the console, never personal data.</param>
public sealed record OutgoingMail(Guid Id, string Kind, string About, IReadOnlyList<string> To, string Subject, string Body,
    DateTimeOffset CreatedAt, int Attempts = 0, DateTimeOffset? NextAttemptAt = null, DateTimeOffset? SentAt = null, string? LastError = null,
    MailState State = MailState.Pending);

public enum MailState { Pending, Sent, Failed }

/// <summary>How many mails are waiting, sent, given up; the last error while some wait (for the console).</summary>
public sealed record MailOutboxCounts(long Pending, long Sent, long Failed, string? LastError, DateTimeOffset? OldestPendingAt);

/// <summary>The e-mail outbox. Mails enter it with the record they report (<see cref="IFeedbackStore.AddAsync(ParSurvey.SurveyApi.Feedback.FeedbackItem, ParSurvey.SurveyApi.Feedback.FeedbackContact?, IReadOnlyList{OutgoingMail}, CancellationToken)"/>).</summary>
public interface IMailOutbox
{
    /// <summary>Pending mails whose next attempt is due, oldest first.</summary>
    Task<IReadOnlyList<OutgoingMail>> DueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default);

    Task MarkSentAsync(Guid id, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Records a failed attempt; <paramref name="nextAttemptAt"/> null: given up (state failed, kept for the console).</summary>
    Task MarkFailedAsync(Guid id, int attempts, DateTimeOffset? nextAttemptAt, string error, CancellationToken cancellationToken = default);

    Task<MailOutboxCounts> CountsAsync(CancellationToken cancellationToken = default);
}
