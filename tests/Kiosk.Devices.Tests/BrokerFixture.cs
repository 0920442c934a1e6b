using Kiosk.Devices.Tests.Support;

namespace Kiosk.Devices.Tests;

/// <summary>One gateway with its broker on 127.0.0.1, shared by a test class, with ballot "b1" open for buttons.</summary>
public sealed class BrokerFixture : IAsyncLifetime
{
    public const string Ballot = "b1";

    public DeviceWorld World { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        World = await DeviceWorld.CreateAsync();
        await World.OpenRollCallAsync(Ballot);
    }

    public async Task DisposeAsync() => await World.DisposeAsync();
}
