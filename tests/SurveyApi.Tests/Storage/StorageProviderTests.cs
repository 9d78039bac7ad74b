using System.Net;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Storage;

/// <summary>ParSurvey:Storage chooses the database; a wrong setting stops the start with a message naming it.</summary>
public class StorageProviderTests
{
    [Fact]
    public async Task UnknownProviderIsRefusedAtStartNamingTheSettingAndTheChoices()
    {
        var e = await Assert.ThrowsAnyAsync<Exception>(() => ParSurveyServer.StartAsync(extraArgs: "--ParSurvey:Storage:Provider=mongodb"));
        Assert.Contains("ParSurvey:Storage:Provider must be 'sqlite' or 'postgres', not 'mongodb'", e.ToString());
    }

    [Fact]
    public async Task PostgresWithoutConnectionStringIsRefusedAtStart()
    {
        var e = await Assert.ThrowsAnyAsync<Exception>(() => ParSurveyServer.StartAsync(extraArgs: "--ParSurvey:Storage:Provider=postgres"));
        Assert.Contains("ParSurvey:Storage:ConnectionString is required when ParSurvey:Storage:Provider is 'postgres'", e.ToString());
    }

    [Fact]
    public async Task InvalidConnectionStringIsRefusedAtStartNamingTheSetting()
    {
        var e = await Assert.ThrowsAnyAsync<Exception>(() => ParSurveyServer.StartAsync(extraArgs:
            ["--ParSurvey:Storage:Provider=postgres", "--ParSurvey:Storage:ConnectionString=Host=127.0.0.1;Colour=blue"]));
        Assert.Contains("ParSurvey:Storage:ConnectionString is not a valid PostgreSQL connection string", e.ToString());
        Assert.Contains("colour", e.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task UnreachableServerStopsTheStartNamingTheSettingAndTheServer()
    {
        // A loopback port nothing listens on (freed again at once).
        var port = FreeLoopbackPort();
        var e = await Assert.ThrowsAnyAsync<Exception>(() => ParSurveyServer.StartAsync(extraArgs:
            ["--ParSurvey:Storage:Provider=postgres", $"--ParSurvey:Storage:ConnectionString=Host=127.0.0.1;Port={port};Database=parsurvey;Username=parsurvey;Timeout=5"]));
        Assert.Contains($"ParSurvey:Storage:ConnectionString: cannot use the PostgreSQL server 127.0.0.1:{port}/parsurvey", e.ToString());
    }

    [Fact]
    public async Task ProviderNameIsReadWhateverItsCaseAndPostgresServesTheApp()
    {
        var cluster = await PostgresCluster.SharedAsync();
        var connectionString = await cluster.CreateDatabaseAsync();
        try
        {
            await using var server = await ParSurveyServer.StartAsync(extraArgs:
                ["--ParSurvey:Storage:Provider=PostgreS", $"--ParSurvey:Storage:ConnectionString={connectionString}"]);
            Assert.Equal(HttpStatusCode.Created, (await server.PostRatingAsync(RatingBody.New("a1", 4))).StatusCode);
            Assert.Equal(1, new PostgresStoreProbe(connectionString).Count(r => r.CounterId == "a1" && r.Score == 4));
            Assert.False(File.Exists(Path.Combine(server.DataDirectory, "parsurvey.db")), "the postgres provider wrote a SQLite file");
        }
        finally
        {
            await cluster.DropDatabaseAsync(connectionString);
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
