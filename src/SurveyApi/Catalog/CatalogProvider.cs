using Microsoft.Extensions.Options;
using ParSurvey.SurveyApi.Hosting;

namespace ParSurvey.SurveyApi.Catalog;

/// <summary>
/// The catalog in force. It starts from the catalog an administrator last uploaded (kept as catalog.json in the data
/// folder), else ParSurvey:CatalogPath, else the bundled demo. <see cref="CatalogEditor"/> decides what may replace it.
/// </summary>
public sealed class CatalogProvider
{
    private readonly string _uploadedPath;
    private readonly object _gate = new();
    private volatile SurveyCatalog _current;

    public CatalogProvider(IOptions<ParSurveyOptions> options)
    {
        _uploadedPath = SafePath.Under(options.Value.DataDirectoryFullPath, "catalog.json");
        Source = File.Exists(_uploadedPath) ? _uploadedPath : options.Value.CatalogFullPath;
        _current = CatalogLoader.Load(Source);
    }

    public SurveyCatalog Current => _current;

    /// <summary>Where the catalog in force was read from.</summary>
    public string Source { get; private set; }

    /// <summary>Keeps a checked catalog as data/catalog.json (in the upload format) and puts it in force at once.</summary>
    public void Install(SurveyCatalog catalog)
    {
        lock (_gate)
        {
            PrivateFiles.CreateFolder(Path.GetDirectoryName(_uploadedPath)!);
            var temporary = _uploadedPath + ".tmp";
            PrivateFiles.WriteAllText(temporary, CatalogJson.Serialize(catalog.File));
            File.Move(temporary, _uploadedPath, overwrite: true); // atomic: a crash leaves the old file or the new one
            _current = catalog;
            Source = _uploadedPath;
        }
    }
}
