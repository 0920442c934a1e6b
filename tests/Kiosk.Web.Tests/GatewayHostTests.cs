using Kiosk.Gateway.Data;
using System.Net.Sockets;
using Kiosk.Gateway.Cli;
using Kiosk.Gateway.Host;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Kiosk.Web.Tests;

/// <summary>The gateway host: the device broker runs alongside the web surfaces when asked; no unused key ring is loaded at start-up.</summary>
public sealed class GatewayHostTests
{
    [Fact]
    public async Task The_device_broker_runs_in_the_same_host_as_the_web_surfaces()
    {
        var data = Directory.CreateTempSubdirectory("kiosk-host").FullName;
        try
        {
            await DemoAssembly.CreateAsync(new DataFolder(new DirectoryInfo(data)), 0, CancellationToken.None, argonMemoryKiB: 8 * 1024);
            await using (var host = await GatewayHost.StartAsync(WebFixture.Options(data) with { DeviceBrokerPort = 0 }))
            {
                var broker = Assert.IsType<Uri>(host.DeviceBrokerUri);
                Assert.Equal("mqtt", broker.Scheme);
                using var client = new TcpClient();
                await client.ConnectAsync(broker.Host, broker.Port);
                Assert.True(client.Connected);
                Assert.NotEqual(broker.Port, host.ResidentUri.Port);
            }
            await using (var without = await GatewayHost.StartAsync(WebFixture.Options(data)))
                Assert.Null(without.DeviceBrokerUri);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task The_host_starts_without_loading_a_data_protection_key_ring_and_still_protects_with_the_ephemeral_keys()
    {
        var data = Directory.CreateTempSubdirectory("kiosk-host").FullName;
        try
        {
            await DemoAssembly.CreateAsync(new DataFolder(new DirectoryInfo(data)), 0, CancellationToken.None, argonMemoryKiB: 8 * 1024);
            await using var host = await GatewayHost.StartAsync(WebFixture.Options(data));
            // AddDataProtection's start-up service would read or make an XML key ring the ephemeral provider never uses.
            var dataProtection = typeof(EphemeralDataProtectionProvider).Assembly;
            Assert.DoesNotContain(host.Services.GetServices<IHostedService>(), s => s.GetType().Assembly == dataProtection);
            var provider = host.Services.GetRequiredService<IDataProtectionProvider>();
            Assert.IsType<EphemeralDataProtectionProvider>(provider);
            var protector = provider.CreateProtector("test");
            Assert.Equal("token", protector.Unprotect(protector.Protect("token")));
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
