namespace ParSurvey.SurveyApi.Devices;

public static class DevicesServices
{
    /// <summary>Kiosk tablets: pairing, keys, revocation.</summary>
    public static IServiceCollection AddDevices(this IServiceCollection services) => services.AddSingleton<DeviceService>();
}
