using System.Net;
using System.Net.Sockets;
using Makaretu.Dns;

namespace Kiosk.Mesh.Discovery;

/// <summary>
/// The DNS-SD messages of discovery (pure, RFC 6762 and 6763): the query for <c>_kiosk._tcp.local</c>, a gateway's
/// records (PTR from the service to its instance; SRV with its peer port and host; TXT with its
/// <see cref="DiscoveryAdvert"/>; A records of its host), and the answer to a query that asks for any of them.
/// </summary>
public static class DiscoveryRecords
{
    /// <summary>Time to live of the host's SRV and A records (RFC 6762 10: 120 s for records naming a host).</summary>
    public static readonly TimeSpan HostTtl = TimeSpan.FromSeconds(120);

    /// <summary>Time to live of PTR and TXT records (RFC 6762 10: 75 minutes for other records).</summary>
    public static readonly TimeSpan OtherTtl = TimeSpan.FromMinutes(75);

    private static readonly DomainName ServiceName = new(DiscoveryAdvert.QualifiedService);

    /// <summary>The continuous query every gateway sends: who offers <c>_kiosk._tcp.local</c>?</summary>
    public static Message Query()
    {
        var query = new Message();
        query.Questions.Add(new Question { Name = ServiceName, Type = DnsType.PTR, Class = DnsClass.IN });
        return query;
    }

    /// <summary>
    /// The records of <paramref name="advert"/> served at <paramref name="port"/> on <paramref name="addresses"/> (IPv4);
    /// with <paramref name="goodbye"/> each has a time to live of zero, which tells listeners it is gone (RFC 6762 10.1).
    /// </summary>
    public static IReadOnlyList<ResourceRecord> Of(DiscoveryAdvert advert, int port, IEnumerable<IPAddress> addresses, bool goodbye = false)
    {
        ArgumentNullException.ThrowIfNull(advert);
        ArgumentNullException.ThrowIfNull(addresses);
        var instance = InstanceName(advert);
        var host = new DomainName(advert.InstanceName + ".local");
        TimeSpan Ttl(TimeSpan ttl) => goodbye ? TimeSpan.Zero : ttl;
        var records = new List<ResourceRecord>
        {
            new PTRRecord { Name = ServiceName, DomainName = instance, TTL = Ttl(OtherTtl) },
            new SRVRecord { Name = instance, Target = host, Port = checked((ushort)port), TTL = Ttl(HostTtl) },
            new TXTRecord { Name = instance, Strings = [.. advert.ToTxt()], TTL = Ttl(OtherTtl) },
        };
        foreach (var address in addresses.Where(a => a.AddressFamily == AddressFamily.InterNetwork).Distinct())
            records.Add(new ARecord { Name = host, Address = address, TTL = Ttl(HostTtl) });
        return records;
    }

    /// <summary>An unsolicited answer carrying <paramref name="records"/> (an announcement, or a goodbye).</summary>
    public static Message Announcement(IReadOnlyList<ResourceRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var message = new Message { QR = true, AA = true };
        message.Answers.Add(records[0]);
        message.AdditionalRecords.AddRange(records.Skip(1));
        return message;
    }

    /// <summary>
    /// This gateway's answer to <paramref name="query"/>, or null when it asks for none of its records: a question for
    /// the service's PTR is answered with the PTR and the rest as additional records (RFC 6763 12.1); a question for the
    /// instance (SRV, TXT, ANY) or its host (A, ANY) with what it names. Answers are always multicast.
    /// </summary>
    public static Message? Answer(Message query, IReadOnlyList<ResourceRecord> records)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(records);
        if (!query.IsQuery || query.Opcode != MessageOperation.Query) return null;
        var answers = new List<ResourceRecord>();
        foreach (var question in query.Questions)
        {
            // The top bit of an mDNS question's class asks for a unicast reply (RFC 6762 5.4); the class is the rest.
            var klass = (DnsClass)((ushort)question.Class & 0x7FFF);
            if (klass is not (DnsClass.IN or DnsClass.ANY)) continue;
            answers.AddRange(records.Where(r => r.Name == question.Name && (question.Type == DnsType.ANY || r.Type == question.Type)));
        }
        if (answers.Count == 0) return null;
        var answer = new Message { QR = true, AA = true };
        answer.Answers.AddRange(answers.Distinct());
        answer.AdditionalRecords.AddRange(records.Where(r => !answers.Contains(r)));
        return answer;
    }

    private static DomainName InstanceName(DiscoveryAdvert advert) => new(advert.InstanceName + "." + DiscoveryAdvert.QualifiedService);
}
