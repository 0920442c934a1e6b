using Microsoft.AspNetCore.DataProtection;

namespace Kiosk.Gateway.Host;

/// <summary>
/// Keeps ASP.NET Core's data protection from loading a key ring the gateway never uses. <c>AddDataProtection</c> (which
/// antiforgery and Razor components call too) registers a hosted service that reads or creates the XML key ring at
/// start-up, so that the first request need not. The gateway protects its antiforgery tokens with the ephemeral provider,
/// whose keys live in memory and which never asks that key ring for anything: the start-up load only made an XML key
/// that nothing reads, on every start.
/// </summary>
internal static class DataProtectionKeyRing
{
    /// <summary>Removes data protection's start-up hosted service from <paramref name="services"/>.</summary>
    public static void SkipStartupLoad(IServiceCollection services)
    {
        // The service is internal to the data protection assembly: it is recognised by the assembly it comes from, the
        // one that defines the ephemeral provider; that assembly registers no other hosted service.
        var dataProtection = typeof(EphemeralDataProtectionProvider).Assembly;
        for (var i = services.Count - 1; i >= 0; i--)
        {
            var descriptor = services[i];
            if (descriptor.ServiceType == typeof(IHostedService) && !descriptor.IsKeyedService && descriptor.ImplementationType?.Assembly == dataProtection)
                services.RemoveAt(i);
        }
    }
}
