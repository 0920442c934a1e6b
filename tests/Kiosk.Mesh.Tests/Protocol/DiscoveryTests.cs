using System.Net;
using Kiosk.Ledger;
using Kiosk.Mesh.Discovery;
using Kiosk.Mesh.Tests.Support;
using Makaretu.Dns;

namespace Kiosk.Mesh.Tests.Protocol;

/// <summary>
/// The pure parts of discovery on the LAN: the TXT record a gateway advertises, reading a DNS-SD answer (through the
/// mDNS library's own wire format), and which gateways found are dialled.
/// </summary>
public sealed class DiscoveryTests
{
    private static readonly AssemblyId Assembly = AssemblyId.Derive(Bytes32.Read(new byte[32]), "discovery"u8);
    private static readonly Bytes32 Gateway = Bytes32.Read(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    [Fact]
    public void The_txt_record_names_the_version_the_assembly_and_the_key_and_reads_back()
    {
        var advert = new DiscoveryAdvert(Assembly, Gateway);
        Assert.Equal(["v=1", $"assembly={Assembly}", $"key={Gateway.ToHex()}"], advert.ToTxt());
        Assert.True(DiscoveryAdvert.TryParse(advert.ToTxt(), out var read, out var problem), problem);
        Assert.Equal(advert, read);
        Assert.Equal("kiosk-" + Gateway.ToHex()[..16], advert.InstanceName);
    }

    [Fact]
    public void Unknown_keys_are_ignored_keys_are_case_insensitive_and_the_first_of_a_repeated_key_counts()
    {
        string[] txt = ["txtvers=1", "V=1", $"Assembly={Assembly}", $"key={Gateway.ToHex()}", $"key={new string('0', 64)}", "colour=blue", "flag"];
        Assert.True(DiscoveryAdvert.TryParse(txt, out var read, out var problem), problem);
        Assert.Equal(new DiscoveryAdvert(Assembly, Gateway), read);
    }

    public static TheoryData<string[], string> BrokenTxt => new()
    {
        { [$"assembly={Assembly}", $"key={Gateway.ToHex()}"], "no v=" },
        { ["v=2", $"assembly={Assembly}", $"key={Gateway.ToHex()}"], "version '2'" },
        { ["v=1", $"key={Gateway.ToHex()}"], "assembly ''" },
        { ["v=1", $"assembly={Assembly.ToString().ToUpperInvariant()}", $"key={Gateway.ToHex()}"], "32 lower-case hex" },
        { ["v=1", $"assembly={Assembly}"], "key ''" },
        { ["v=1", $"assembly={Assembly}", $"key={Gateway.ToHex()[..63]}"], "64 lower-case hex" },
        { ["v=1", $"assembly={Assembly}", $"key={Gateway.ToHex().ToUpperInvariant()}"], "64 lower-case hex" },
    };

    [Theory]
    [MemberData(nameof(BrokenTxt))]
    public void A_broken_txt_record_is_refused_with_its_problem(string[] txt, string problem)
    {
        Assert.False(DiscoveryAdvert.TryParse(txt, out _, out var why));
        Assert.Contains(problem, why, StringComparison.Ordinal);
    }

    [Fact]
    public void A_gateway_answers_the_query_for_the_service_and_the_answer_read_off_the_wire_is_the_gateway_it_advertises()
    {
        var advert = new DiscoveryAdvert(Assembly, Gateway);
        var records = DiscoveryRecords.Of(advert, 8883, [IPAddress.Parse("192.168.1.20"), IPAddress.Parse("10.0.0.7"), IPAddress.IPv6Loopback]);
        var answer = DiscoveryRecords.Answer(Wire(DiscoveryRecords.Query()), records);
        Assert.NotNull(answer);
        Assert.IsType<PTRRecord>(Assert.Single(answer.Answers)); // the rest as additional records (RFC 6763 12.1)
        var (found, problems) = DiscoveryAnswers.Read(Wire(answer));
        Assert.Empty(problems);
        var gateway = Assert.Single(found);
        Assert.Equal(advert, gateway.Advert);
        Assert.Equal(8883, gateway.Port);
        Assert.Equal([IPAddress.Parse("192.168.1.20"), IPAddress.Parse("10.0.0.7")], gateway.Addresses);
        Assert.Equal(advert, Assert.Single(DiscoveryAnswers.Read(Wire(DiscoveryRecords.Announcement(records))).Found).Advert);
    }

    [Fact]
    public void Questions_for_the_instance_or_its_host_get_what_they_name_and_other_questions_get_nothing()
    {
        var advert = new DiscoveryAdvert(Assembly, Gateway);
        var records = DiscoveryRecords.Of(advert, 8883, [IPAddress.Parse("192.168.1.20")]);
        Message Ask(string name, DnsType type, DnsClass klass = DnsClass.IN)
        {
            var query = new Message();
            query.Questions.Add(new Question { Name = name, Type = type, Class = klass });
            return Wire(query);
        }
        var instance = $"{advert.InstanceName}._kiosk._tcp.local";
        Assert.IsType<SRVRecord>(Assert.Single(DiscoveryRecords.Answer(Ask(instance, DnsType.SRV), records)!.Answers));
        Assert.IsType<TXTRecord>(Assert.Single(DiscoveryRecords.Answer(Ask(instance, DnsType.TXT), records)!.Answers));
        Assert.Equal(2, DiscoveryRecords.Answer(Ask(instance, DnsType.ANY), records)!.Answers.Count);
        Assert.IsType<ARecord>(Assert.Single(DiscoveryRecords.Answer(Ask($"{advert.InstanceName}.local", DnsType.A), records)!.Answers));
        Assert.NotNull(DiscoveryRecords.Answer(Ask("_kiosk._tcp.local", DnsType.PTR, (DnsClass)0x8001), records)); // QU bit: still answered, by multicast
        Assert.Null(DiscoveryRecords.Answer(Ask("_ipp._tcp.local", DnsType.PTR), records));
        Assert.Null(DiscoveryRecords.Answer(Ask(instance, DnsType.AAAA), records));
        Assert.Null(DiscoveryRecords.Answer(Ask("_kiosk._tcp.local", DnsType.PTR, DnsClass.CH), records));
        Assert.Null(DiscoveryRecords.Answer(Ask("_kiosk._tcp.local", DnsType.PTR), [])); // a gateway that advertises nothing answers nothing
        Assert.Null(DiscoveryRecords.Answer(DiscoveryRecords.Announcement(records), records)); // answers are not questions
    }

    [Fact]
    public void Goodbyes_other_services_and_instances_without_their_records_are_not_found()
    {
        var advert = new DiscoveryAdvert(Assembly, Gateway);
        var records = DiscoveryRecords.Of(advert, 8883, [IPAddress.Parse("192.168.1.20")]);
        var lacking = DiscoveryRecords.Announcement(records);
        lacking.AdditionalRecords.RemoveAll(r => r is TXTRecord);
        var (found, problems) = DiscoveryAnswers.Read(Wire(lacking));
        Assert.Empty(found);
        Assert.Contains("lacks its TXT record", Assert.Single(problems), StringComparison.Ordinal);

        var printer = new Message { QR = true };
        printer.Answers.Add(new PTRRecord { Name = "_ipp._tcp.local", DomainName = "office._ipp._tcp.local", TTL = TimeSpan.FromMinutes(75) });
        Assert.Empty(DiscoveryAnswers.Read(Wire(printer)).Found);

        var goodbye = DiscoveryRecords.Announcement(DiscoveryRecords.Of(advert, 8883, [IPAddress.Parse("192.168.1.20")], goodbye: true));
        Assert.All(goodbye.Answers.Concat(goodbye.AdditionalRecords), r => Assert.Equal(TimeSpan.Zero, r.TTL));
        Assert.Empty(DiscoveryAnswers.Read(Wire(goodbye)).Found);

        var broken = DiscoveryRecords.Announcement(records);
        broken.AdditionalRecords.OfType<TXTRecord>().Single().Strings = ["v=1", $"assembly={Assembly}"];
        Assert.Contains("key ''", Assert.Single(DiscoveryAnswers.Read(Wire(broken)).Problems), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_an_enrolled_gateway_of_this_assembly_that_is_not_this_one_nor_dialled_already_is_dialled_at_a_usable_address()
    {
        var other = AuthorKeyPair.Generate();
        await using var cluster = await MeshCluster.CreateAsync(2, other);
        var self = cluster[0];
        var authority = self.Ledger.Authority;
        var assembly = self.Ledger.Assembly!.Value;
        var lan = IPAddress.Parse("192.168.1.20");
        DiscoveryDecision Decide(Bytes32 key, AssemblyId? asm = null, IPAddress[]? addresses = null, int port = 8883, params Bytes32[] dialling) =>
            DiscoveryChoice.Decide(new DiscoveredGateway(new DiscoveryAdvert(asm ?? assembly, key), addresses ?? [lan], port), assembly, self.Key.PublicKey, authority, dialling.ToHashSet());

        var dial = Decide(other.PublicKey);
        Assert.True(dial.ToDial, dial.Reason);
        Assert.Equal(new Uri("mqtts://192.168.1.20:8883"), dial.Url);
        Assert.Equal("gateway-3", dial.Name); // its name in this gateway's ledger, not what it calls itself
        Assert.Equal(new Uri("mqtts://192.168.1.20:8883"), Decide(other.PublicKey, addresses: [IPAddress.Parse("169.254.3.4"), lan]).Url);
        Assert.Equal(new Uri("mqtts://169.254.3.4:8883"), Decide(other.PublicKey, addresses: [IPAddress.Loopback, IPAddress.Parse("169.254.3.4")]).Url);

        Assert.Contains("another assembly", Decide(other.PublicKey, asm: Assembly).Reason, StringComparison.Ordinal);
        Assert.Contains("this gateway", Decide(self.Key.PublicKey).Reason, StringComparison.Ordinal);
        Assert.Contains("dialled already", Decide(other.PublicKey, dialling: other.PublicKey).Reason, StringComparison.Ordinal);
        Assert.Contains("not an enrolled gateway", Decide(AuthorKeyPair.Generate().PublicKey).Reason, StringComparison.Ordinal);
        Assert.Contains("not an enrolled gateway", Decide(cluster.Facilitator.PublicKey).Reason, StringComparison.Ordinal);
        Assert.Contains("no IPv4 address", Decide(other.PublicKey, addresses: [IPAddress.Loopback, IPAddress.IPv6Loopback, IPAddress.Parse("fe80::1")]).Reason, StringComparison.Ordinal);
        Assert.Contains("no IPv4 address", Decide(other.PublicKey, addresses: []).Reason, StringComparison.Ordinal);
        Assert.Contains("not a TCP port", Decide(other.PublicKey, port: 0).Reason, StringComparison.Ordinal);
    }

    private static Message Wire(Message message)
    {
        var read = new Message();
        read.Read(message.ToByteArray());
        return read;
    }
}
