using System.Text.Json;
using Microsoft.Extensions.Options;
using ParSurvey.SurveyApi.Hosting;

namespace ParSurvey.SurveyApi.Catalog;

/// <summary>
/// The catalog in force. It starts from the catalog an administrator last uploaded (kept as catalog.json in the data
/// folder), else ParSurvey:CatalogPath, else the bundled demo; an upload is checked whole and replaces it at once.
/// </summary>
public sealed class CatalogProvider
{
    private readonly string _uploadedPath;
    private readonly object _gate = new();
    private volatile SurveyCatalog _current;

    public CatalogProvider(IOptions<ParSurveyOptions> options)
    {
        _uploadedPath = Path.Combine(options.Value.DataDirectoryFullPath, "catalog.json");
        Source = File.Exists(_uploadedPath) ? _uploadedPath : options.Value.CatalogFullPath;
        _current = CatalogLoader.Load(Source);
    }

    public SurveyCatalog Current => _current;

    /// <summary>Where the catalog in force was read from.</summary>
    public string Source { get; private set; }

    /// <summary>Checks and installs a new catalog; throws <see cref="CatalogException"/> listing every problem, changing nothing.</summary>
    public SurveyCatalog Replace(JsonElement json)
    {
        CatalogFile? file;
        try
        {
            file = json.Deserialize<CatalogFile>(CatalogLoader.Json);
        }
        catch (JsonException e)
        {
            throw new CatalogException("upload", [e.Message]);
        }
        var catalog = CatalogLoader.Build(file ?? new CatalogFile(), "upload");
        lock (_gate)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(_uploadedPath)!);
            var temporary = _uploadedPath + ".tmp";
            File.WriteAllText(temporary, json.GetRawText());
            File.Move(temporary, _uploadedPath, overwrite: true); // atomic: a crash leaves the old file or the new one
            _current = catalog;
            Source = _uploadedPath;
        }
        return catalog;
    }
}
