using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using ParSurvey.Analytics;

namespace ParSurvey.SurveyApi.Reports;

/// <summary>One CCHC window as a form lists it: <c>kind</c> is the key without its year (cchc-q1 …).</summary>
public sealed record CchcWindow(string Kind, string Key, string Label, string LabelEn, DateOnly From, DateOnly To);

/// <summary>The days a preset leaves out of every window (Kế hoạch 19: 1–14 December), with the sentence pages show.</summary>
public sealed record CchcGap(DateOnly From, DateOnly To, string Note, string NoteEn);

/// <summary>The city's CCHC windows for a reporting year, so the console never hard-codes a preset's dates.</summary>
public sealed record CchcWindows(string Preset, string PresetName, string PresetNameEn, int Year, IReadOnlyList<CchcWindow> Windows,
    CchcGap? Gap, DateOnly Today, CchcGap? TodayInGap);

public static class CchcWindowsApi
{
    public static Results<Ok<CchcWindows>, ValidationProblem> Get(
        [Description("Reporting year (default the CCHC year today belongs to)")] int? year, CchcPreset preset, TimeProvider clock)
    {
        if (year is < ReportPeriod.MinYear or > ReportPeriod.MaxYear)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["year"] = [$"Năm từ {ReportPeriod.MinYear} đến {ReportPeriod.MaxYear} / a year from {ReportPeriod.MinYear} to {ReportPeriod.MaxYear}"],
            }, title: "Tham số không hợp lệ / Invalid parameters");
        var today = VietnamTime.Today(clock);
        return TypedResults.Ok(Of(preset, year ?? CchcPreset.YearOf(today), today));
    }

    public static CchcWindows Of(CchcPreset preset, int year, DateOnly today) => new(preset.Id, preset.Name, preset.NameEn, year,
        preset.WindowsOf(year).Select(w => new CchcWindow($"cchc-{CchcPreset.KeyWord(w.Kind)}", w.Key, w.Label, w.LabelEn, w.From, w.To)).ToArray(),
        GapOf(preset, year), today, preset.GapHolding(today) is not null ? GapOf(preset, today.Year) : null);

    /// <summary>The gap in calendar year <paramref name="year"/> (the days after that CCHC year's end).</summary>
    public static CchcGap? GapOf(CchcPreset preset, int year) =>
        preset.GapIn(year) is { } g ? new CchcGap(g.From, g.To, preset.GapNote(year)!, preset.GapNoteEn(year)!) : null;
}
