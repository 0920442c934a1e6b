namespace Kiosk.Hub.Broker;

/// <summary>One node of the hub's NATS cluster: its host, and its MQTT, cluster-route and NATS client ports.</summary>
public sealed record NatsNode(string Host, int MqttPort = 1883, int ClusterPort = 6222, int ClientPort = 4222);
