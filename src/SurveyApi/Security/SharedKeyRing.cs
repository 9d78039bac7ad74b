using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;
using ParSurvey.SurveyApi.Hosting;
using ParSurvey.SurveyApi.Storage;

namespace ParSurvey.SurveyApi.Security;

/// <summary>
/// Data protection's key ring (sign-in cookies, antiforgery tokens, invitation links) in the store
/// (<see cref="IDataProtectionKeyStore"/>), so a cookie issued by one server is read by every server sharing the store,
/// and a backup of the database holds the keys.
/// </summary>
public sealed class StoreXmlRepository(IDataProtectionKeyStore store) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements() => store.ListXml().Select(XElement.Parse).ToArray();

    public void StoreElement(XElement element, string friendlyName) => store.Add(friendlyName, element.ToString(SaveOptions.DisableFormatting));
}

/// <summary>
/// At start-up, under a lock every server respects: the keys an older version kept in the data folder (<c>keys/</c>) go
/// into the store, and a first key is made if there is none, so servers starting together share one key rather than
/// each making its own (a cookie signed with a key another server has not read yet would be refused there).
/// </summary>
public sealed class SharedKeyRing(IClusterLock locks, IDataProtectionKeyStore store, IKeyManager keys, IOptions<ParSurveyOptions> options,
    TimeProvider clock, ILogger<SharedKeyRing> logger) : IHostedService
{
    private static readonly TimeSpan KeyLife = TimeSpan.FromDays(90);

    public static void AddTo(IServiceCollection services)
    {
        // Before data protection's own start-up service, which reads the key ring and would make a key of its own.
        services.AddHostedService<SharedKeyRing>();
        services.AddDataProtection().SetApplicationName("ParSurvey");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(o =>
            o.XmlRepository = new StoreXmlRepository(sp.GetRequiredService<IDataProtectionKeyStore>())));
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var held = await locks.AcquireAsync("data-protection-keys", cancellationToken);
        var stored = store.ListXml();
        if (stored.Count == 0) ImportFolder();
        var now = clock.GetUtcNow();
        if (!keys.GetAllKeys().Any(k => !k.IsRevoked && k.ActivationDate <= now && k.ExpirationDate > now.AddDays(2)))
        {
            keys.CreateNewKey(now, now + KeyLife);
            logger.LogInformation("Data-protection key created in the store");
        }
    }

    /// <summary>Keys from before they were kept in the store: staff stay signed in across the upgrade.</summary>
    private void ImportFolder()
    {
        var folder = SafePath.Under(options.Value.DataDirectoryFullPath, "keys");
        if (!Directory.Exists(folder)) return;
        var files = Directory.GetFiles(folder, "*.xml");
        foreach (var file in files) store.Add(Path.GetFileNameWithoutExtension(file), XElement.Load(file).ToString(SaveOptions.DisableFormatting));
        if (files.Length > 0) logger.LogInformation("{Count} data-protection key(s) read from {Folder} into the store", files.Length, folder);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
