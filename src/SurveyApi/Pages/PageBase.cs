using Microsoft.AspNetCore.Components;

namespace ParSurvey.SurveyApi.Pages;

/// <summary>Every server-rendered page: its texts in the request's language (<see cref="Language.TextCatalog"/>).</summary>
public abstract class PageBase : ComponentBase
{
    [Parameter, EditorRequired] public Language.Texts T { get; set; } = default!;
}
