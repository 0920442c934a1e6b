using System.Text.Json;
using System.Text.Json.Serialization;
using Kiosk.Hub.Broker;

namespace Kiosk.Hub;

/// <summary>
/// Source-generated JSON contracts of the hub's files (the enrolment bundle, the broker certificate request) and of its
/// <c>/health</c> answer, so they are read and written without reflection: web names, indented (files a person may read).
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(EnrolmentBundle))]
[JsonSerializable(typeof(BrokerCertificateRequest))]
public sealed partial class HubJson : JsonSerializerContext;
