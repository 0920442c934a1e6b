using Kiosk.Ledger;
using Kiosk.Mesh;

namespace Kiosk.Hub;

/// <summary>One assembly a hub serves: its id and what its mesh node sees (state hash, events, peers).</summary>
public sealed record HubAssemblyStatus(AssemblyId Assembly, MeshStatus Mesh);
