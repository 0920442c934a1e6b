using Kiosk.Gateway.Data;
using System.Net.Sockets;
using Kiosk.Gateway.Cli;
using Kiosk.Gateway.Host;

namespace Kiosk.Web.Tests;

/// <summary>The gateway host: the device broker runs alongside the web surfaces when asked.</summary>
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
}
