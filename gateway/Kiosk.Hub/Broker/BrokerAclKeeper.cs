using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kiosk.Ledger;
using Kiosk.Mesh;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Kiosk.Hub.Broker;

/// <summary>
/// Keeps the roles of Mosquitto's dynamic-security plugin in step with the hub's ledgers (<see cref="BrokerAcl"/>),
/// through the plugin's command topic, as the hub (its client certificate; the plugin's admin). On each connection it
/// lists the roles the broker has and creates or deletes what differs; after that it sends only the changes. A
/// broker that does not answer is tried again at the next <see cref="SyncAsync"/>.
/// </summary>
public sealed class BrokerAclKeeper : IBrokerAccessKeeper
{
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(10);
    private readonly Uri _broker;
    private readonly BrokerTls _tls;
    private readonly Bytes32 _hub;
    private readonly ILogger _log;
    private readonly SemaphoreSlim _one = new(1, 1);
    private IMqttClient? _client;
    private TaskCompletionSource<JsonElement>? _answer;
    private HashSet<string>? _applied;

    /// <summary>Keeps the ACLs of the broker at <paramref name="broker"/>, connecting with <paramref name="tls"/> as the hub <paramref name="hub"/>.</summary>
    public BrokerAclKeeper(Uri broker, BrokerTls tls, Bytes32 hub, ILogger log)
    {
        _broker = broker ?? throw new ArgumentNullException(nameof(broker));
        _tls = tls ?? throw new ArgumentNullException(nameof(tls));
        _hub = hub;
        _log = log ?? throw new ArgumentNullException(nameof(log));
    }

    /// <summary>True when the broker holds exactly <paramref name="desired"/>'s roles (as far as this keeper knows).</summary>
    public bool InStep(IReadOnlyDictionary<string, (AssemblyId Assembly, Bytes32 Node)> desired)
    {
        ArgumentNullException.ThrowIfNull(desired);
        var applied = _applied;
        return applied is not null && applied.Count == desired.Count && desired.Keys.All(applied.Contains);
    }

    /// <summary>Brings the broker's roles to <paramref name="desired"/>; false (logged) when the broker could not be reached or refused.</summary>
    public async Task<bool> SyncAsync(IReadOnlyDictionary<string, (AssemblyId Assembly, Bytes32 Node)> desired, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(desired);
        await _one.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_client is not { IsConnected: true }) await ConnectAsync(cancellationToken).ConfigureAwait(false);
            var existing = _applied ?? await ListRolesAsync(cancellationToken).ConfigureAwait(false);
            var commands = new List<JsonObject>();
            var created = 0;
            foreach (var (role, (assembly, node)) in desired)
                if (!existing.Contains(role))
                {
                    commands.AddRange(BrokerAcl.CreateCommands(role, assembly, node));
                    created++;
                }
            var deleted = existing.Where(r => !desired.ContainsKey(r)).ToList();
            commands.AddRange(deleted.Select(BrokerAcl.DeleteCommand));
            if (commands.Count > 0)
            {
                var answer = await SendAsync(commands, cancellationToken).ConfigureAwait(false);
                foreach (var response in answer.GetProperty("responses").EnumerateArray())
                    if (response.TryGetProperty("error", out var error) && !IsHarmless(response.GetProperty("command").GetString(), error.GetString()))
                        _log.LogWarning("Hub: the broker refused {Command}: {Error}", response.GetProperty("command").GetString(), error.GetString());
                _log.LogInformation("Hub: broker ACLs in step with the ledgers ({Created} roles added, {Deleted} removed, {Total} in all)", created, deleted.Count, desired.Count);
            }
            _applied = [.. desired.Keys];
            return true;
        }
        catch (Exception e) when (e is not OutOfMemoryException && !(e is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            _log.LogWarning("Hub: cannot keep the broker's ACLs in step ({Broker}): {Problem}", _broker.Authority, e.Message);
            await DropAsync().ConfigureAwait(false);
            return false;
        }
        finally
        {
            _one.Release();
        }
    }

    // A role or client made before (by an earlier run, or by another assembly of the same node) is no problem.
    private static bool IsHarmless(string? command, string? error) =>
        command is "createClient" or "createRole" && error?.Contains("already exists", StringComparison.OrdinalIgnoreCase) == true;

    private async Task<HashSet<string>> ListRolesAsync(CancellationToken cancellationToken)
    {
        var answer = await SendAsync([new JsonObject { ["command"] = "listRoles", ["verbose"] = false, ["count"] = -1, ["offset"] = 0 }], cancellationToken).ConfigureAwait(false);
        var response = answer.GetProperty("responses")[0];
        if (response.TryGetProperty("error", out var error)) throw new IOException($"listRoles: {error.GetString()}");
        return [.. response.GetProperty("data").GetProperty("roles").EnumerateArray().Select(r => r.GetString()!).Where(r => r.StartsWith(BrokerAcl.RolePrefix, StringComparison.Ordinal))];
    }

    private async Task<JsonElement> SendAsync(IReadOnlyList<JsonObject> commands, CancellationToken cancellationToken)
    {
        var client = _client ?? throw new IOException("not connected");
        var answer = _answer = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        // Built as JSON nodes, not serialized from objects, so no reflection is needed (Native AOT).
        var payload = Encoding.UTF8.GetBytes(new JsonObject { ["commands"] = new JsonArray([.. commands]) }.ToJsonString());
        var result = await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(BrokerAcl.ControlTopic).WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), cancellationToken).ConfigureAwait(false);
        if (!result.IsSuccess) throw new IOException($"publish refused: {result.ReasonCode}");
        return await answer.Task.WaitAsync(AnswerTimeout, cancellationToken).ConfigureAwait(false);
    }

    private async Task ConnectAsync(CancellationToken cancellationToken)
    {
        await DropAsync().ConfigureAwait(false);
        var client = new MqttClientFactory().CreateMqttClient();
        client.ApplicationMessageReceivedAsync += e =>
        {
            try
            {
                _answer?.TrySetResult(JsonDocument.Parse(e.ApplicationMessage.Payload.ToArray()).RootElement.Clone());
            }
            catch (JsonException problem)
            {
                _answer?.TrySetException(new IOException($"unreadable answer: {problem.Message}"));
            }
            return Task.CompletedTask;
        };
        var tls = _tls;
        var options = new MqttClientOptionsBuilder().WithTcpServer(_broker.Host, _broker.Port)
            .WithTlsOptions(o => o.UseTls().WithTargetHost(_broker.Host).WithClientCertificates([tls.ClientCertificate])
                .WithCertificateValidationHandler(e => tls.Trusts(e.Certificate, e.SslPolicyErrors)))
            .WithProtocolVersion(MqttProtocolVersion.V311)
            .WithClientId("k" + _hub.ToHex()[..11] + "acl-keeper")
            .WithCleanSession(true)
            .WithTimeout(AnswerTimeout)
            .Build();
        _client = client;
        var connected = await client.ConnectAsync(options, cancellationToken).ConfigureAwait(false);
        if (connected.ResultCode != MqttClientConnectResultCode.Success) throw new IOException($"the broker refused the hub ({connected.ResultCode})");
        var subscribed = await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(BrokerAcl.ResponseTopic, MqttQualityOfServiceLevel.AtLeastOnce).Build(), cancellationToken).ConfigureAwait(false);
        if ((int)subscribed.Items.First().ResultCode > 2) throw new IOException($"the broker does not let the hub manage its ACLs ({subscribed.Items.First().ResultCode}): is its dynamic-security file the one kiosk hub broker-config wrote?");
        _applied = null;
    }

    private async Task DropAsync()
    {
        _applied = null;
        if (Interlocked.Exchange(ref _client, null) is { } client)
        {
            try
            {
                if (client.IsConnected) await client.DisconnectAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                _log.LogDebug("Hub: closing the ACL connection: {Problem}", e.Message);
            }
            client.Dispose();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await DropAsync().ConfigureAwait(false);
        _one.Dispose();
    }
}
