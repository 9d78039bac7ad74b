using Microsoft.Extensions.Options;
using ParSurvey.SurveyApi.Hosting;
using ParSurvey.SurveyApi.Storage;
using ParSurvey.SurveyApi.Storage.Sqlite;

namespace ParSurvey.SurveyApi.Catalog;

/// <summary>
/// The catalog in force. It starts from the catalog an administrator last uploaded (kept by <see cref="ICatalogStore"/>:
/// catalog.json in the data folder, or the database that several servers share), else ParSurvey:CatalogPath, else the
/// bundled demo. <see cref="CatalogEditor"/> decides what may replace it; when another server replaced it, the change
/// feed says so and it is read again.
/// </summary>
public sealed class CatalogProvider
{
    private readonly ICatalogStore _store;
    private readonly string _configuredPath;
    private readonly object _gate = new();
    private volatile SurveyCatalog _current;

    private readonly ILogger? _logger;

    public CatalogProvider(IOptions<ParSurveyOptions> options) : this(options, new FileCatalogStore(options), null, null)
    {
    }

    public CatalogProvider(IOptions<ParSurveyOptions> options, ICatalogStore store, IChangeFeed? changes, ILogger<CatalogProvider>? logger)
    {
        _store = store;
        _logger = logger;
        _configuredPath = options.Value.CatalogFullPath;
        (_current, Source) = Read();
        changes?.Subscribe(signal =>
        {
            if (signal.Kind is ChangeKind.Catalog or ChangeKind.Resync) Reload();
        });
    }

    public SurveyCatalog Current => _current;

    /// <summary>Where the catalog in force was read from.</summary>
    public string Source { get; private set; }

    /// <summary>Keeps a checked catalog (in the upload format) and puts it in force at once.</summary>
    public void Install(SurveyCatalog catalog)
    {
        lock (_gate)
        {
            Source = _store.Save(CatalogJson.Serialize(catalog.File));
            _current = catalog;
        }
    }

    /// <summary>Reads the uploaded catalog again (another server replaced it); a catalog that does not load leaves the one in force.</summary>
    private void Reload()
    {
        lock (_gate)
        {
            try
            {
                (_current, Source) = Read();
            }
            catch (Exception e) when (e is CatalogException or IOException or InvalidOperationException or Npgsql.NpgsqlException)
            {
                _logger?.LogError(e, "The catalog saved by another server could not be read; the catalog in force stays");
            }
        }
    }

    private (SurveyCatalog, string) Read() => _store.Load() is { } stored
        ? (CatalogLoader.Parse(stored.Json, stored.Source), stored.Source)
        : (CatalogLoader.Load(_configuredPath), _configuredPath);
}
