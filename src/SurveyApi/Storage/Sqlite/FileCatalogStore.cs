using Microsoft.Extensions.Options;
using ParSurvey.SurveyApi.Hosting;

namespace ParSurvey.SurveyApi.Storage.Sqlite;

/// <summary>The uploaded catalog as <c>catalog.json</c> in the data folder, beside the SQLite file (one server).</summary>
public sealed class FileCatalogStore(IOptions<ParSurveyOptions> options) : ICatalogStore
{
    private readonly string _path = SafePath.Under(options.Value.DataDirectoryFullPath, "catalog.json");

    public StoredCatalog? Load() => File.Exists(_path) ? new StoredCatalog(File.ReadAllText(_path), _path) : null;

    public string Save(string json)
    {
        PrivateFiles.CreateFolder(Path.GetDirectoryName(_path)!);
        var temporary = _path + ".tmp";
        PrivateFiles.WriteAllText(temporary, json);
        File.Move(temporary, _path, overwrite: true); // atomic: a crash leaves the old file or the new one
        return _path;
    }
}
