using System.Net;
using Makaretu.Dns;

namespace Kiosk.Mesh.Discovery;

/// <summary>
/// Reads the gateways a DNS-SD answer describes (pure): for each PTR of <c>_kiosk._tcp.local</c>, the instance's SRV
/// (port and host), TXT (<see cref="DiscoveryAdvert"/>) and the host's A records, wherever in the message they are
/// (answers or additional records). An instance whose records are incomplete or whose TXT does not parse is reported
/// with its problem, not guessed at.
/// </summary>
public static class DiscoveryAnswers
{
    /// <summary>The gateways found in <paramref name="message"/>, and the problems of instances that could not be read.</summary>
    public static (IReadOnlyList<DiscoveredGateway> Found, IReadOnlyList<string> Problems) Read(Message message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var records = message.Answers.Concat(message.AdditionalRecords).ToList();
        var service = new DomainName(DiscoveryAdvert.QualifiedService);
        var found = new List<DiscoveredGateway>();
        var problems = new List<string>();
        // A PTR with a time to live of zero is a goodbye: that instance is going, not found.
        var instances = records.OfType<PTRRecord>().Where(p => p.Name == service && p.TTL > TimeSpan.Zero).Select(p => p.DomainName).Distinct().ToList();
        foreach (var instance in instances)
        {
            var srv = records.OfType<SRVRecord>().FirstOrDefault(r => r.Name == instance);
            var txt = records.OfType<TXTRecord>().FirstOrDefault(r => r.Name == instance);
            if (srv is null || txt is null)
            {
                problems.Add($"{instance}: the answer lacks its {(srv is null ? "SRV" : "TXT")} record");
                continue;
            }
            if (!DiscoveryAdvert.TryParse(txt.Strings, out var advert, out var problem))
            {
                problems.Add($"{instance}: {problem}");
                continue;
            }
            IReadOnlyList<IPAddress> addresses = [.. records.OfType<AddressRecord>().Where(a => a.Name == srv.Target).Select(a => a.Address).Distinct()];
            found.Add(new DiscoveredGateway(advert, addresses, srv.Port));
        }
        return (found, problems);
    }
}
