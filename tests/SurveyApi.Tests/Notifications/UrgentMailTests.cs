using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MimeKit;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Notifications;

/// <summary>
/// "Nhũng nhiễu, tiêu cực" goes to the unit head and the city office at once (issue 18): by e-mail through the store's
/// outbox, to a real SMTP server (aiosmtpd), never with the citizen's contact.
/// </summary>
public class UrgentMailTests
{
    private const string Head = "truong.bpmc@phuong-a.test";
    private const string CityOffice = "vanphong@ubnd.test";
    private const string Contact = "0912 345 678";
    private const string Text = "Cán bộ quầy gợi ý nộp thêm 500.000 đồng để làm nhanh. Số của tôi 0912 345 678.";

    private static string[] Recipients(params string[] more) =>
        [$"--ParSurvey:Notifications:CityOffice={CityOffice}", $"--ParSurvey:Notifications:UnitHeads:ward-a={Head}", .. more];

    private static string[] Smtp(int port) =>
        [$"--ParSurvey:Mail:Host=127.0.0.1", $"--ParSurvey:Mail:Port={port}", "--ParSurvey:Mail:Security=none",
         "--ParSurvey:Mail:From=ParSurvey <khong-tra-loi@parsurvey.test>", "--ParSurvey:Mail:RetrySeconds=1", "--ParSurvey:Mail:PollSeconds=1"];

    private static async Task<string> FileUrgentAsync(ParSurveyServer server)
    {
        var response = await server.Client.PostAsJsonAsync("/api/feedback",
            new { counterId = "a1", category = "nhung-nhieu", text = Text, contact = Contact, consent = true, channel = "qr" });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("code").GetString()!;
    }

    private static async Task<JsonElement> MailStatusAsync(ParSurveyServer server) =>
        await (await server.AdminAsync()).GetFromJsonAsync<JsonElement>("/api/notifications/mail");

    private static void AssertTheMessage(MimeMessage message, string code)
    {
        Assert.Equal(new[] { Head, CityOffice }, message.To.Mailboxes.Select(m => m.Address).ToArray());
        Assert.Equal($"[ParSurvey] Phản ánh khẩn: Nhũng nhiễu, tiêu cực – Phường A ({code})", message.Subject);
        Assert.True(message.Subject.IsNormalized(NormalizationForm.FormC));
        var body = message.TextBody;
        Assert.Contains($"Mã theo dõi: {code}", body);
        Assert.Contains("Đơn vị: Phường A", body);
        Assert.Contains("Quầy: Quầy a1", body);
        Assert.Contains("Cán bộ quầy gợi ý nộp thêm", body);
        Assert.DoesNotContain("0912", body);          // neither the contact nor the number typed into the text
        Assert.DoesNotContain("345 678", message.ToString());
        Assert.Equal("utf-8", message.BodyParts.OfType<TextPart>().Single().ContentType.Charset, ignoreCase: true);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task HarassmentIsMailedToTheUnitHeadAndTheCityOfficeInVietnameseWithoutTheContactRetryingUntilTheMailServerAnswers(string provider)
    {
        // The mail server is down when the complaint comes in: the mail waits in the outbox and is retried.
        var port = SmtpSink.FreePort();
        await using var server = await ParSurveyServer.StartAsync(provider: provider, extraArgs: [.. Recipients(), .. Smtp(port)]);
        var code = await FileUrgentAsync(server);
        Assert.True(await Eventually.TrueAsync(async () => (await MailStatusAsync(server)).GetProperty("lastError").ValueKind == JsonValueKind.String,
            TimeSpan.FromSeconds(20)), "no failed attempt recorded while the mail server was down");
        var waiting = await MailStatusAsync(server);
        Assert.True(waiting.GetProperty("configured").GetBoolean());
        Assert.Equal((1, 0), (waiting.GetProperty("pending").GetInt64(), waiting.GetProperty("sent").GetInt64()));

        await using var smtp = await SmtpSink.StartAsync(port);
        Assert.True(await Eventually.TrueAsync(() => smtp.Messages.Count == 1, TimeSpan.FromSeconds(30)), $"no message arrived: {smtp.Output}");
        AssertTheMessage(smtp.Messages.Single(), code);
        Assert.True(await Eventually.TrueAsync(async () => (await MailStatusAsync(server)).GetProperty("sent").GetInt64() == 1, TimeSpan.FromSeconds(10)));
        Assert.Equal(0, (await MailStatusAsync(server)).GetProperty("pending").GetInt64());

        // Sent once: an ordinary complaint sends nothing, and nothing is sent again.
        var ordinary = await server.Client.PostAsJsonAsync("/api/feedback", new { counterId = "a1", category = "tre-hen", text = "Hồ sơ trễ hẹn ba ngày." });
        Assert.Equal(HttpStatusCode.Created, ordinary.StatusCode);
        var after = await MailStatusAsync(server);
        Assert.Equal((0L, 1L), (after.GetProperty("pending").GetInt64(), after.GetProperty("sent").GetInt64()));
        Assert.Single(smtp.Messages);
        Assert.DoesNotContain(server.Logs.Lines, line => line.Contains("0912") || line.Contains("345 678"));
        Assert.DoesNotContain("0912", await (await server.AdminAsync()).GetStringAsync("/api/admin/audit?limit=200"));
    }

    [Fact]
    public async Task WithoutAMailServerTheOutboxKeepsTheMailAndItGoesOutOnceOneIsConfigured()
    {
        string data;
        string code;
        await using (var server = await ParSurveyServer.StartAsync(extraArgs: Recipients()))
        {
            data = server.DataDirectory;
            code = await FileUrgentAsync(server);
            var status = await MailStatusAsync(server);
            Assert.False(status.GetProperty("configured").GetBoolean());
            Assert.Equal(1, status.GetProperty("pending").GetInt64());
            Assert.Contains(server.Logs.Lines, l => l.Contains("E-mail is not configured"));
        }
        await using var smtp = await SmtpSink.StartAsync();
        await using var restarted = await ParSurveyServer.StartAsync(dataDirectory: data, extraArgs: [.. Recipients(), .. Smtp(smtp.Port)]);
        Assert.True(await Eventually.TrueAsync(() => smtp.Messages.Count == 1, TimeSpan.FromSeconds(30)), $"the kept mail did not arrive: {smtp.Output}");
        AssertTheMessage(smtp.Messages.Single(), code);
    }

    [Theory]
    [InlineData("--ParSurvey:Mail:From=không phải địa chỉ", "ParSurvey:Mail:From")]
    [InlineData("--ParSurvey:Mail:Security=tls13", "ParSurvey:Mail:Security")]
    [InlineData("--ParSurvey:Notifications:CityOffice=vanphong", "ParSurvey:Notifications:CityOffice")]
    [InlineData("--ParSurvey:Notifications:UnitHeads:ward-a=truong at phuong", "ParSurvey:Notifications:UnitHeads:ward-a")]
    [InlineData("--ParSurvey:Mail:Username=parsurvey", "ParSurvey:Mail:Password")]
    public async Task AWrongMailSettingStopsTheStartNamingTheKey(string setting, string key)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => ParSurveyServer.StartAsync(extraArgs: [setting]));
        Assert.Contains(key, error.ToString());
    }
}
