using ParSurvey.Analytics;

namespace ParSurvey.SurveyApi.Catalog;

/// <summary>Đơn vị: the city, a department (Sở), a ward public-service centre… in a tree of any depth.</summary>
/// <param name="Scale">Id of the rating scale used by this unit's counters; inherited from the parent when null.</param>
/// <param name="Target">Satisfaction target for this unit; inherited from the parent when null.</param>
/// <param name="NameEn">English name, shown when a citizen switches the kiosk to English; optional.</param>
/// <param name="Document">The header its reports are issued under; each empty item is inherited from the parent (see <see cref="UnitDocument"/>).</param>
public sealed record Unit(string Id, string Name, string? ParentId, string? Scale = null, double? Target = null, string? NameEn = null,
    UnitDocument? Document = null);

/// <summary>
/// A unit's own document header (Nghị định 30/2020/NĐ-CP): cơ quan chủ quản, cơ quan ban hành, ký hiệu ("BC-UBND"), địa
/// danh, the signer ("KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH" / name) and Nơi nhận. Every key is optional: what a unit leaves out
/// comes from its nearest ancestor that has it, and finally from ParSurvey:Reports:Document.
/// </summary>
public sealed record UnitDocument(
    string? ParentBody = null, string? IssuingBody = null, string? Symbol = null, string? Place = null,
    string? SignerAuthority = null, string? SignerTitle = null, string? SignerName = null, IReadOnlyList<string>? Recipients = null)
{
    public bool IsEmpty => ParentBody is null && IssuingBody is null && Symbol is null && Place is null && SignerAuthority is null
                           && SignerTitle is null && SignerName is null && Recipients is not { Count: > 0 };
}

/// <summary>Quầy: a counter in a one-stop hall; serves one or more fields.</summary>
public sealed record Counter(string Id, string UnitId, string Name, IReadOnlyList<string> FieldCodes, string? NameEn = null);

/// <summary>Lĩnh vực TTHC: the field an administrative procedure belongs to, with a stable code.</summary>
public sealed record Field(string Code, string Name, string? NameEn = null, double? Target = null);

/// <summary>A reason a citizen may give for being unhappy (lý do chưa hài lòng), offered as data; <c>labelEn</c> is its English name.</summary>
public sealed record Reason(string Code, string Label, string? LabelEn = null);

/// <summary>
/// A kind of citizens' feedback (phản ánh, kiến nghị). <c>urgent</c> ones (harassment, asking for money) alert the unit
/// and the city office the moment they are filed.
/// </summary>
public sealed record FeedbackCategory(string Code, string Label, string? LabelEn = null, bool Urgent = false)
{
    public static readonly IReadOnlyList<FeedbackCategory> Defaults =
    [
        new("thai-do", "Thái độ phục vụ", "Staff attitude"),
        new("tre-hen", "Trễ hẹn", "Late"),
        new("them-giay-to", "Yêu cầu thêm giấy tờ", "Extra documents asked for"),
        new("nhung-nhieu", "Nhũng nhiễu, tiêu cực", "Harassment or asking for money", Urgent: true),
        new("co-so-vat-chat", "Cơ sở vật chất", "Premises and equipment"),
        new("khac", "Khác", "Other"),
    ];
}

/// <summary>
/// The catalog file as an administrator writes it (JSON): the one model read from ParSurvey:CatalogPath, uploaded with
/// PUT /api/admin/catalog, answered by GET /api/admin/catalog and kept as data/catalog.json, all through
/// <see cref="CatalogJson"/>. A key it does not name is refused, never ignored.
/// </summary>
public sealed record CatalogFile
{
    public string? Name { get; init; }
    public bool Demo { get; init; }
    public string? DefaultScale { get; init; }
    public List<RatingScale>? Scales { get; init; }
    public List<Unit>? Units { get; init; }
    public List<Counter>? Counters { get; init; }
    public List<Field>? Fields { get; init; }
    public List<Reason>? Reasons { get; init; }
    /// <summary>Kinds of citizens' feedback (PAKN) offered when filing; absent: <see cref="FeedbackCategory.Defaults"/>.</summary>
    public List<FeedbackCategory>? FeedbackCategories { get; init; }
}
