using System.Text.Json;
using System.Text.Json.Serialization;
using Kiosk.Gateway.Data;
using Kiosk.Gateway.Host;

namespace Kiosk.Gateway;

/// <summary>
/// Source-generated JSON contracts of the gateway's own files (mesh status, settings, passphrase locks, backups' manifests),
/// of the control socket's messages and of the web answers, so the program reads and writes JSON without reflection
/// (Native AOT). Web names; <see cref="Default"/> writes indented (files a person may read), <see cref="Compact"/> one line.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(MeshStatusFile))]
[JsonSerializable(typeof(HubSettings))]
[JsonSerializable(typeof(PassphraseLock))]
[JsonSerializable(typeof(JoinRecord))]
[JsonSerializable(typeof(List<FederationEntry>))]
[JsonSerializable(typeof(IReadOnlyList<FederationEntry>))]
[JsonSerializable(typeof(DataFolderBackup.Manifest))]
[JsonSerializable(typeof(ControlSocket.ControlRequest))]
[JsonSerializable(typeof(ControlReply))]
[JsonSerializable(typeof(HealthAnswer))]
[JsonSerializable(typeof(Web.Camera.CameraCode))]
internal sealed partial class GatewayJson : JsonSerializerContext
{
    /// <summary>The same contracts written on one line: the control socket's messages and the web answers.</summary>
    public static GatewayJson Compact { get; } = new(new JsonSerializerOptions(JsonSerializerDefaults.Web));
}
