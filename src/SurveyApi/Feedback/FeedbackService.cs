using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using ParSurvey.Analytics;
using ParSurvey.SurveyApi.Audit;
using ParSurvey.SurveyApi.Board;
using ParSurvey.SurveyApi.Catalog;
using ParSurvey.SurveyApi.Notifications;
using ParSurvey.SurveyApi.Ratings;
using ParSurvey.SurveyApi.Security;
using ParSurvey.SurveyApi.Staff;
using ParSurvey.SurveyApi.Storage;

namespace ParSurvey.SurveyApi.Feedback;

/// <summary>
/// What a citizen sends: <c>POST /api/feedback</c>, or a kiosk's queue <c>POST /api/kiosk/feedback</c>. <c>Id</c> (a UUID the
/// sender makes) makes a resend harmless: the same item again answers the same receipt. Only a paired kiosk may bring its
/// own tracking <c>Code</c> (shown to the citizen even while the tablet is offline) and the time it was filed (<c>SubmittedAt</c>).
/// </summary>
public sealed record FeedbackRequest(string? UnitId, string? CounterId, string? Category, string? Text, string? Contact, bool? Consent, string? Channel,
    Guid? Id = null, string? Code = null, DateTimeOffset? SubmittedAt = null);

public enum FilingOutcome { Created, Repeated, Invalid, Conflict }

/// <summary>The answer to a filing: the item (new or, for a resend, the one stored before) or the problems per field.</summary>
public sealed record FilingResult(FilingOutcome Outcome, FeedbackItem? Item, Dictionary<string, string[]> Errors);

/// <summary>A step a handler takes: assign (unitId and/or staff), answer (text), publish, close (reason).</summary>
public sealed record FeedbackStep(string? UnitId, string? AssignedTo, string? Text, string? Reason);

public enum StepOutcome { Done, NotFound, Forbidden, Invalid, Conflict }

/// <summary>
/// Citizens' feedback from filing to a published answer: received → assigned → answered → published, or closed
/// without publishing with a reason. Every step is audited — without the citizen's contact, which only the handlers'
/// detail view reads and which is deleted after <see cref="FeedbackOptions.ContactRetentionDays"/>.
/// </summary>
public sealed partial class FeedbackService(IFeedbackStore store, CatalogProvider catalogs, AuditTrail audit, LiveBoard board,
    TimeProvider clock, IOptions<FeedbackOptions> options, IOptions<IngestOptions> ingest, FeedbackNotifier notifier, MailSender mailer,
    IChangeFeed changes, ILogger<FeedbackService> logger)
{
    public static readonly string[] Channels = ["web", "qr", "kiosk"];
    private const string CodeAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"; // no 0/O, 1/I

    public WorkingDays Calendar => new(options.Value.Holidays.Select(h => DateOnly.ParseExact(h, "yyyy-MM-dd", CultureInfo.InvariantCulture)));

    /// <param name="kioskCounterId">The counter of the paired kiosk filing it (its queue), else null: the counter is the
    /// kiosk's, the channel <c>kiosk</c>, and it may bring its own code and filing time.</param>
    public async Task<FilingResult> FileAsync(FeedbackRequest request, string? kioskCounterId, CancellationToken ct)
    {
        var catalog = catalogs.Current;
        var errors = new Dictionary<string, string[]>();
        var counterId = Clean(request.CounterId);
        var unitId = Clean(request.UnitId);
        if (kioskCounterId is not null)
        {
            if (counterId is not null && counterId != kioskCounterId)
                errors["counterId"] = [$"Máy tính bảng này thuộc quầy '{kioskCounterId}', không phải '{counterId}' / this kiosk serves counter '{kioskCounterId}'"];
            counterId = kioskCounterId;
        }
        if (counterId is not null)
        {
            if (catalog.FindCounter(counterId) is not { } counter) errors.TryAdd("counterId", [$"Không có quầy '{counterId}' / no such counter"]);
            else if (unitId is not null && unitId != counter.UnitId) errors.TryAdd("counterId", [$"Quầy '{counterId}' không thuộc đơn vị '{unitId}' / the counter is not in that unit"]);
            else unitId = counter.UnitId;
        }
        if (unitId is null) errors.TryAdd("unitId", ["Chọn đơn vị / the unit is required"]);
        else if (catalog.FindUnit(unitId) is null) errors["unitId"] = [$"Không có đơn vị '{unitId}' / no such unit"];
        var category = Clean(request.Category);
        if (category is null || catalog.FindFeedbackCategory(category) is null)
            errors["category"] = [$"Chọn một loại: {string.Join(", ", catalog.FeedbackCategories.Select(c => c.Code))} / choose a category"];
        var text = Clean(request.Text);
        if (text is null || text.Length < 5) errors["text"] = ["Nội dung cần ít nhất 5 ký tự / at least 5 characters"];
        else if (text.EnumerateRunes().Count() > options.Value.MaxTextLength) errors["text"] = [$"Tối đa {options.Value.MaxTextLength} ký tự / at most {options.Value.MaxTextLength} characters"];
        var contact = Clean(request.Contact);
        if (contact is not null)
        {
            if (contact.Length > 200 || !(PhonePattern().IsMatch(contact) || EmailAddressPattern().IsMatch(contact)))
                errors["contact"] = ["Số điện thoại hoặc địa chỉ email / a phone number or an e-mail address"];
            else if (request.Consent != true)
                errors["consent"] = ["Cần đồng ý cho phép dùng thông tin liên hệ để trả lời (Nghị định 13/2023/NĐ-CP) / consent is required to keep a contact"];
        }
        var channel = kioskCounterId is not null ? "kiosk" : Clean(request.Channel) ?? "web";
        if (!Channels.Contains(channel)) errors["channel"] = [$"Một trong: {string.Join(", ", Channels)} / one of these"];
        else if (channel == "kiosk" && kioskCounterId is null)
            errors["channel"] = ["Chỉ máy tính bảng đã ghép nối gửi qua kênh kiosk (POST /api/kiosk/feedback) / only a paired kiosk files on the kiosk channel"];
        var code = Clean(request.Code)?.ToUpperInvariant();
        if (code is not null && kioskCounterId is null)
            errors["code"] = ["Mã theo dõi do máy chủ cấp; chỉ máy tính bảng đã ghép nối được tự tạo mã / the server gives the code; only a paired kiosk brings its own"];
        else if (code is not null && !CodePattern().IsMatch(code))
            errors["code"] = ["Mã dạng PA-XXXX-XXXX (chữ A–Z trừ I, O và số 2–9) / a code like PA-XXXX-XXXX (A–Z without I and O, 2–9)"];
        var now = clock.GetUtcNow();
        var receivedAt = now;
        if (request.SubmittedAt is { } submitted)
        {
            if (kioskCounterId is null) errors["submittedAt"] = ["Chỉ máy tính bảng gửi hàng đợi mới ghi thời điểm / only a kiosk's queue sends submittedAt"];
            else if (submitted > now.AddMinutes(ingest.Value.MaxClockSkewMinutes))
                errors["submittedAt"] = [$"Thời gian nằm trong tương lai (lệch hơn {ingest.Value.MaxClockSkewMinutes} phút); kiểm tra đồng hồ thiết bị / submittedAt is in the future"];
            else if (submitted < now.AddDays(-ingest.Value.MaxOfflineAgeDays))
                errors["submittedAt"] = [$"Phản ánh cũ hơn {ingest.Value.MaxOfflineAgeDays} ngày / older than {ingest.Value.MaxOfflineAgeDays} days"];
            else receivedAt = submitted < now ? submitted : now;
        }
        if (errors.Count > 0) return new(FilingOutcome.Invalid, null, errors);

        // The deadline runs from the day the citizen filed it at the counter, not from when a queued tablet got through.
        var due = Calendar.Add(VietnamTime.LocalDate(receivedAt), options.Value.DueWorkingDays);
        var id = request.Id ?? Guid.NewGuid();
        for (var attempt = 0; ; attempt++)
        {
            var item = new FeedbackItem(id, code ?? NewCode(), unitId!, counterId, category!, text!, channel, receivedAt, due, FeedbackStatus.Received,
                HasContact: contact is not null);
            if (request.Id is not null && await store.FindAsync(id, ct) is { } stored) return Repeat(stored, item, code);
            var urgent = catalog.FindFeedbackCategory(category!)!.Urgent;
            var mail = urgent ? notifier.Urgent(catalog, item) : null;
            if (await store.AddAsync(item, contact is null ? null : new FeedbackContact(item.Id, contact, now), mail is null ? [] : [mail], ct))
            {
                await audit.RecordAsync("citizen", "feedback.received", item.Code, $"unit={item.UnitId}; category={item.Category}; channel={channel}; due={due:yyyy-MM-dd}", ct);
                if (urgent) await AlertUrgentAsync(catalog, item, mail, ct);
                return new(FilingOutcome.Created, item, errors);
            }
            // Someone else's insert won: the same id (a resend racing itself) or the code.
            if (await store.FindAsync(id, ct) is { } raced) return Repeat(raced, item, code);
            if (code is not null)
            {
                errors["code"] = [$"Mã {code} đã được dùng cho phản ánh khác; tạo mã mới / the code is taken by other feedback; make a new one"];
                return new(FilingOutcome.Conflict, null, errors);
            }
            if (attempt == 5) throw new InvalidOperationException("Could not find a free tracking code.");
        }
    }

    /// <summary>A resend of what is stored answers the stored receipt; other content under the same id is a conflict.</summary>
    private static FilingResult Repeat(FeedbackItem stored, FeedbackItem sent, string? code)
    {
        var same = stored.UnitId == sent.UnitId && stored.CounterId == sent.CounterId && stored.Category == sent.Category && stored.Text == sent.Text &&
                   stored.Channel == sent.Channel && (code is null || stored.Code == code);
        return same ? new(FilingOutcome.Repeated, stored, [])
            : new(FilingOutcome.Conflict, null, new() { ["id"] = ["Mã này đã dùng cho một phản ánh khác / this id belongs to other feedback"] });
    }

    /// <summary>The unit's board and the city office's board (every board above the unit) show it at once; audited.</summary>
    private async Task AlertUrgentAsync(SurveyCatalog catalog, FeedbackItem item, OutgoingMail? mail, CancellationToken ct)
    {
        var unit = catalog.FindUnit(item.UnitId)!;
        var label = catalog.FindFeedbackCategory(item.Category)!.Label;
        board.RaiseAlert(new BoardAlert($"feedback-urgent:{item.Code}", "feedback-urgent", item.UnitId, item.Code,
            $"Phản ánh khẩn \"{label}\" tại {unit.Name} ({item.Code}): cần xử lý ngay", item.ReceivedAt));
        await audit.RecordAsync("system", "feedback.urgent-alert", item.Code,
            $"unit={item.UnitId}; category={item.Category}; mail={(mail is null ? "no recipient configured" : $"queued to {mail.To.Count} recipient(s)")}", ct);
        if (mail is not null) mailer.Wake();
        logger.LogWarning("Urgent feedback {Code} ({Category}) for unit {Unit}", item.Code, item.Category, item.UnitId);
    }

    public Task<FeedbackItem?> TrackAsync(string code, CancellationToken ct) =>
        store.FindByCodeAsync(code.Trim().ToUpperInvariant(), ct);

    public async Task<IReadOnlyList<FeedbackItem>> ListAsync(ClaimsPrincipal user, string? unitId, FeedbackStatus? status, CancellationToken ct)
    {
        var catalog = catalogs.Current;
        var scope = ScopeOf(user, catalog, unitId);
        return await store.ListAsync(new FeedbackQuery(scope, status), ct);
    }

    public async Task<(FeedbackItem? Item, FeedbackContact? Contact, bool Allowed)> DetailAsync(ClaimsPrincipal user, Guid id, CancellationToken ct)
    {
        if (await store.FindAsync(id, ct) is not { } item) return (null, null, true);
        if (!MayHandle(user, item)) return (item, null, false);
        // Past its retention a contact is never shown, even in the moments before the sweeper deletes it.
        var contact = await store.ContactAsync(id, ct);
        return (item, contact?.ConsentAt < clock.GetUtcNow().AddDays(-options.Value.ContactRetentionDays) ? null : contact, true);
    }

    public async Task<(StepOutcome Outcome, FeedbackItem? Item, Dictionary<string, string[]> Errors)> StepAsync(
        ClaimsPrincipal user, Guid id, string step, FeedbackStep body, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (await store.FindAsync(id, ct) is not { } item) return (StepOutcome.NotFound, null, errors);
        if (!MayHandle(user, item)) return (StepOutcome.Forbidden, item, errors);
        var now = clock.GetUtcNow();
        var actor = user.Actor();
        var catalog = catalogs.Current;
        FeedbackItem next;
        string details;
        switch (step)
        {
            case "assign" when item.Status is FeedbackStatus.Received or FeedbackStatus.Assigned:
                var unit = Clean(body.UnitId) ?? item.AssignedUnitId ?? item.UnitId;
                if (catalog.FindUnit(unit) is null || !user.MaySee(catalog, unit)) errors["unitId"] = [$"Không có đơn vị '{unit}' trong phạm vi của bạn / not a unit of yours"];
                var to = Clean(body.AssignedTo);
                if (to is { Length: > 200 }) errors["assignedTo"] = ["Tối đa 200 ký tự / at most 200 characters"];
                next = item with { Status = FeedbackStatus.Assigned, AssignedUnitId = unit, AssignedTo = to };
                details = $"unit={unit}; to={to ?? "-"}";
                break;
            case "answer" when item.Status is FeedbackStatus.Received or FeedbackStatus.Assigned:
                var answer = Clean(body.Text);
                if (answer is null || answer.Length < 5) errors["text"] = ["Câu trả lời cần ít nhất 5 ký tự / at least 5 characters"];
                else if (answer.Length > options.Value.MaxTextLength * 2) errors["text"] = ["Câu trả lời quá dài / too long"];
                next = item with { Status = FeedbackStatus.Answered, Answer = answer, AnsweredAt = now, AnsweredBy = actor };
                details = VietnamTime.LocalDate(now) <= item.DueDate ? "on time" : "late";
                break;
            case "publish" when item.Status is FeedbackStatus.Answered:
                next = item with { Status = FeedbackStatus.Published, PublishedAt = now };
                details = "published anonymised";
                break;
            case "close" when item.Status is not (FeedbackStatus.Published or FeedbackStatus.Closed):
                var reason = Clean(body.Reason);
                if (reason is null || reason.Length < 5) errors["reason"] = ["Ghi lý do đóng, ít nhất 5 ký tự / give the reason (at least 5 characters)"];
                next = item with { Status = FeedbackStatus.Closed, ClosedReason = reason, ClosedAt = now };
                details = "closed without publishing";
                break;
            case "assign" or "answer" or "publish" or "close":
                errors["status"] = [$"Không thể '{step}' khi trạng thái là '{item.Status.ToString().ToLowerInvariant()}' / not possible in this status"];
                return (StepOutcome.Conflict, item, errors);
            default:
                return (StepOutcome.NotFound, item, errors);
        }
        if (errors.Count > 0) return (StepOutcome.Invalid, item, errors);
        if (!await store.UpdateAsync(next, item.Status, ct))
        {
            errors["status"] = ["Người khác vừa xử lý phản ánh này; tải lại / someone else just changed it, reload"];
            return (StepOutcome.Conflict, item, errors);
        }
        await audit.RecordAsync(actor, "feedback." + step, item.Code, details, ct);
        // Through the change feed, not an in-process event: every server's public pages drop their copy, not only this one's.
        if (step == "publish") await changes.PublishAsync(new ChangeSignal(ChangeKind.FeedbackPublished, item.UnitId), ct);
        return (StepOutcome.Done, next, errors);
    }

    /// <summary>Answers to show on a unit's public page: anonymised, newest first.</summary>
    public async Task<IReadOnlyList<FeedbackItem>> PublishedAsync(IReadOnlyCollection<string> unitIds, int limit, CancellationToken ct) =>
        (await store.ListAsync(new FeedbackQuery(unitIds, FeedbackStatus.Published, Limit: limit), ct))
        .Select(i => i with { Text = Anonymise(i.Text), Answer = i.Answer is null ? null : Anonymise(i.Answer) }).ToArray();

    private readonly HashSet<string> _overdueAlerted = [];
    private DateOnly _overdueDay;

    /// <summary>Deletes contacts past retention and flags overdue items on the board (run by <see cref="FeedbackSweeper"/>).</summary>
    public async Task SweepAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var deleted = await store.DeleteContactsBeforeAsync(now.AddDays(-options.Value.ContactRetentionDays), ct);
        if (deleted > 0) await audit.RecordAsync("system", "feedback.contacts-deleted", "retention", $"{deleted} contact(s) older than {options.Value.ContactRetentionDays} days", ct);
        var today = VietnamTime.LocalDate(now);
        var catalog = catalogs.Current;
        foreach (var status in new[] { FeedbackStatus.Received, FeedbackStatus.Assigned })
        foreach (var item in await store.ListAsync(new FeedbackQuery(Status: status, Limit: 10_000), ct))
        {
            if (item.DueDate >= today) continue;
            lock (_overdueAlerted)
            {
                if (_overdueDay != today) { _overdueAlerted.Clear(); _overdueDay = today; }
                if (!_overdueAlerted.Add(item.Code)) continue;
            }
            var unit = catalog.FindUnit(item.AssignedUnitId ?? item.UnitId);
            board.RaiseAlert(new BoardAlert($"feedback-overdue:{item.Code}:{today:yyyyMMdd}", "feedback-overdue", unit?.Id ?? item.UnitId, item.Code,
                $"Phản ánh {item.Code} quá hạn trả lời (hạn {item.DueDate:dd/MM/yyyy})", now));
        }
    }

    public bool IsOverdue(FeedbackItem item) =>
        item.Status is FeedbackStatus.Received or FeedbackStatus.Assigned && item.DueDate < VietnamTime.Today(clock);

    private bool MayHandle(ClaimsPrincipal user, FeedbackItem item)
    {
        var catalog = catalogs.Current;
        return user.MaySee(catalog, item.UnitId) || (item.AssignedUnitId is { } a && user.MaySee(catalog, a));
    }

    private static IReadOnlyCollection<string>? ScopeOf(ClaimsPrincipal user, SurveyCatalog catalog, string? unitId)
    {
        if (unitId is not null) return catalog.FindUnit(unitId) is null || !user.MaySee(catalog, unitId) ? [] : catalog.Subtree(unitId).Select(u => u.Id).ToArray();
        if (user.RoleOf() == Roles.Supervisor) return user.UnitOf() is { } own ? catalog.Subtree(own).Select(u => u.Id).ToArray() : [];
        return null;
    }

    /// <summary>Hides what could identify someone before text is published: e-mail addresses and long numbers (phones, ID cards, dossiers).</summary>
    public static string Anonymise(string text) =>
        LongNumberPattern().Replace(EmailPattern().Replace(text, "[email]"), "[số]");

    private static string NewCode()
    {
        Span<byte> bytes = stackalloc byte[8];
        RandomNumberGenerator.Fill(bytes);
        var code = new StringBuilder("PA-", 12);
        for (var i = 0; i < 8; i++)
        {
            if (i == 4) code.Append('-');
            code.Append(CodeAlphabet[bytes[i] % CodeAlphabet.Length]);
        }
        return code.ToString();
    }

    private static string? Clean(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : text.Trim().Normalize(NormalizationForm.FormC);

    [GeneratedRegex(@"^\+?[0-9][0-9 .\-]{7,18}$")] private static partial Regex PhonePattern();
    [GeneratedRegex("^PA-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$")] private static partial Regex CodePattern();
    [GeneratedRegex(@"[^\s@]+@[^\s@]+\.[^\s@]+")] private static partial Regex EmailPattern();
    [GeneratedRegex(@"^[^\s@]+@[^\s@]+\.[^\s@]+$")] private static partial Regex EmailAddressPattern();
    [GeneratedRegex(@"\+?\d[\d .\-]{4,}\d")] private static partial Regex LongNumberPattern();
}
