using ParSurvey.SurveyApi.Feedback;

namespace ParSurvey.SurveyApi.Storage;

/// <summary>Citizens' feedback (PAKN), stored apart from ratings; contacts apart from the items.</summary>
public interface IFeedbackStore
{
    /// <summary>
    /// The item, its contact (if any) and the mails reporting it (the outbox, <see cref="IMailOutbox"/>) in one transaction;
    /// false, with nothing written, when the id or the tracking code is taken.
    /// </summary>
    Task<bool> AddAsync(FeedbackItem item, FeedbackContact? contact, IReadOnlyList<OutgoingMail> mails, CancellationToken cancellationToken = default);

    Task<bool> AddAsync(FeedbackItem item, FeedbackContact? contact, CancellationToken cancellationToken = default) =>
        AddAsync(item, contact, [], cancellationToken);

    Task<FeedbackItem?> FindAsync(Guid id, CancellationToken cancellationToken = default);

    Task<FeedbackItem?> FindByCodeAsync(string code, CancellationToken cancellationToken = default);

    /// <summary>Newest first.</summary>
    Task<IReadOnlyList<FeedbackItem>> ListAsync(FeedbackQuery query, CancellationToken cancellationToken = default);

    /// <summary>Replaces the item if it still has the status it was read with; false if someone else moved it on.</summary>
    Task<bool> UpdateAsync(FeedbackItem item, FeedbackStatus expected, CancellationToken cancellationToken = default);

    Task<FeedbackContact?> ContactAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>Deletes every contact given before <paramref name="cutoff"/>; returns how many.</summary>
    Task<int> DeleteContactsBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default);
}
