using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using ParSurvey.SurveyApi.Hosting;

namespace ParSurvey.SurveyApi.Catalog;

/// <summary>
/// Reads and writes <see cref="CatalogFile"/> with one set of options, so what GET /api/admin/catalog answers is exactly
/// what PUT accepts. Before binding, the JSON is walked against the model itself: every key the model does not name and
/// every value of the wrong kind is listed with its path (not only the first), and nothing is silently dropped.
/// </summary>
public static class CatalogJson
{
    public static readonly JsonSerializerOptions Options = CreateOptions();

    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = 16,
    };

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            ReadCommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            // "Scale" is not "scale": a key that would bind only by luck is refused by the walk below.
            PropertyNameCaseInsensitive = false,
            // Computed members (a scale's MinScore…) are not part of the file.
            IgnoreReadOnlyProperties = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            WriteIndented = true,
        };
        ParSurveyApp.Configure(options);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>Reads a catalog file from disk (comments and trailing commas allowed, as in appsettings).</summary>
    public static (CatalogFile File, IReadOnlyList<CatalogProblem> UnknownKeys) Load(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var document = JsonDocument.Parse(stream, DocumentOptions);
            return Read(document.RootElement, path);
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new CatalogException(path, [new CatalogProblem("$", e.Message)]);
        }
    }

    /// <summary>Reads a catalog kept as text (the uploaded one, in the store), with the same rules as a file.</summary>
    public static (CatalogFile File, IReadOnlyList<CatalogProblem> UnknownKeys) Parse(string json, string source)
    {
        try
        {
            using var document = JsonDocument.Parse(json, DocumentOptions);
            return Read(document.RootElement, source);
        }
        catch (JsonException e)
        {
            throw new CatalogException(source, [new CatalogProblem("$", e.Message)]);
        }
    }

    /// <summary>
    /// Binds a catalog and lists every key the model does not name (and every missing number or choice), for
    /// <see cref="CatalogLoader.Build"/> to report with the other problems. A value of the wrong kind cannot be bound: that throws <see cref="CatalogException"/> at once,
    /// listing every such value and every unknown key.
    /// </summary>
    public static (CatalogFile File, IReadOnlyList<CatalogProblem> UnknownKeys) Read(JsonElement json, string source)
    {
        var unknown = new List<CatalogProblem>();
        var wrongKind = new List<CatalogProblem>();
        Walk(json, typeof(CatalogFile), "", unknown, wrongKind);
        if (wrongKind.Count > 0) throw new CatalogException(source, [.. wrongKind, .. unknown]);
        try
        {
            return (json.Deserialize<CatalogFile>(Options) ?? new CatalogFile(), unknown);
        }
        catch (JsonException e)
        {
            var path = e.Path is { Length: > 1 } p ? p.TrimStart('$', '.') : "$";
            throw new CatalogException(source, [new CatalogProblem(path, "Giá trị không đọc được / unreadable value: " + e.Message), .. unknown]);
        }
    }

    public static string Serialize(CatalogFile file) => JsonSerializer.Serialize(file, Options);

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    private static void Walk(JsonElement element, Type type, string path, List<CatalogProblem> unknown, List<CatalogProblem> problems)
    {
        var nullable = Nullable.GetUnderlyingType(type);
        if (element.ValueKind == JsonValueKind.Null)
        {
            if (type.IsValueType && nullable is null) problems.Add(new(Where(path), Expected(type)));
            return;
        }
        type = nullable ?? type;
        var info = Options.GetTypeInfo(type);
        switch (info.Kind)
        {
            case JsonTypeInfoKind.Object when element.ValueKind == JsonValueKind.Object:
                var known = info.Properties.Where(p => p.Set is not null || p.AssociatedParameter is not null)
                    .ToDictionary(p => p.Name, StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    var at = path.Length == 0 ? property.Name : $"{path}.{property.Name}";
                    if (known.TryGetValue(property.Name, out var member)) Walk(property.Value, member.PropertyType, at, unknown, problems);
                    else unknown.Add(new(at, $"Khóa không được hỗ trợ; các khóa hợp lệ: {string.Join(", ", known.Keys)} / " +
                                              $"unknown key; allowed keys: {string.Join(", ", known.Keys)}"));
                }
                // A missing number or choice would bind as 0 or the first choice (a level silently "satisfied"): name it.
                foreach (var missing in known.Values.Where(IsRequiredValue).Where(p => !element.TryGetProperty(p.Name, out _)))
                    unknown.Add(new(path.Length == 0 ? missing.Name : $"{path}.{missing.Name}", $"Bắt buộc / required: {Expected(missing.PropertyType)}"));
                break;
            case JsonTypeInfoKind.Enumerable when element.ValueKind == JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray()) Walk(item, info.ElementType!, $"{path}[{index++}]", unknown, problems);
                break;
            case JsonTypeInfoKind.None when Fits(element, type):
                break;
            default:
                problems.Add(new(Where(path), Expected(type)));
                break;
        }
    }

    private static bool IsRequiredValue(JsonPropertyInfo property) =>
        property.AssociatedParameter is { HasDefaultValue: false, ParameterType: var type } && type.IsValueType && Nullable.GetUnderlyingType(type) is null;

    private static string Where(string path) => path.Length == 0 ? "$" : path;

    private static bool Fits(JsonElement value, Type type) => value.ValueKind switch
    {
        JsonValueKind.String => type == typeof(string) || type.IsEnum && EnumNames(type).Contains(value.GetString()),
        JsonValueKind.Number => IsNumber(type),
        JsonValueKind.True or JsonValueKind.False => type == typeof(bool),
        _ => false,
    };

    /// <summary>An enum's words in the file: its JsonStringEnumMemberName, else its name in camelCase.</summary>
    private static string[] EnumNames(Type type) => type.GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
        .Select(f => f.GetCustomAttributes(typeof(JsonStringEnumMemberNameAttribute), false).OfType<JsonStringEnumMemberNameAttribute>().FirstOrDefault()?.Name
                     ?? JsonNamingPolicy.CamelCase.ConvertName(f.Name))
        .ToArray();

    private static bool IsNumber(Type type) =>
        type == typeof(int) || type == typeof(long) || type == typeof(double) || type == typeof(decimal) || type == typeof(float);

    private static string Expected(Type type)
    {
        var info = Options.GetTypeInfo(type);
        return info.Kind switch
        {
            JsonTypeInfoKind.Object => "Phải là một đối tượng JSON {…} / must be a JSON object {…}",
            JsonTypeInfoKind.Enumerable => "Phải là một mảng […] / must be an array […]",
            _ when type == typeof(string) => "Phải là chuỗi \"…\" / must be a string \"…\"",
            _ when type == typeof(bool) => "Phải là true hoặc false / must be true or false",
            _ when type.IsEnum => $"Một trong / one of: {string.Join(", ", EnumNames(type))}",
            _ when IsNumber(type) => "Phải là số / must be a number",
            _ => $"Kiểu không hợp lệ / wrong type ({type.Name})",
        };
    }
}
