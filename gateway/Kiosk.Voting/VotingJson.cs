using System.Text.Json;
using System.Text.Json.Serialization;
using Kiosk.Ledger.Bodies;
using Kiosk.Voting.Ballots;
using Kiosk.Voting.Presence;

namespace Kiosk.Voting;

/// <summary>
/// Source-generated JSON contracts of the voting and presence event bodies, with the settings of
/// <see cref="BodyJson.Options"/> (a test checks that they agree), so bodies are read and written without reflection.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = false,
    MaxDepth = BodyJson.MaxDepth)]
[JsonSerializable(typeof(BallotDefinition))]
[JsonSerializable(typeof(BallotPublishedBody))]
[JsonSerializable(typeof(BallotRefBody))]
[JsonSerializable(typeof(BallotReceiptsBody))]
[JsonSerializable(typeof(CloseSeenBody))]
[JsonSerializable(typeof(NoticePostedBody))]
[JsonSerializable(typeof(ProxyRecordedBody))]
[JsonSerializable(typeof(ResultCertifiedBody))]
[JsonSerializable(typeof(VoteCastBody))]
[JsonSerializable(typeof(VoterCodesIssuedBody))]
[JsonSerializable(typeof(MeetingOpenedBody))]
[JsonSerializable(typeof(MeetingRefBody))]
[JsonSerializable(typeof(MemberCardEnrolledBody))]
[JsonSerializable(typeof(PresenceRecordedBody))]
public sealed partial class VotingJson : JsonSerializerContext;
