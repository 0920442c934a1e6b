using CsCheck;
using Kiosk.Voting.Ballots;

namespace Kiosk.Voting.Tests.Ballots;

/// <summary>Voter codes: the format, the look-alike rules, and the check symbol catching typing mistakes.</summary>
public sealed class VoterCodeTests
{
    [Fact]
    public void Generated_codes_have_the_documented_shape_and_verify()
    {
        for (var i = 0; i < 200; i++)
        {
            var code = VoterCode.Generate();
            Assert.Matches("^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$", code);
            Assert.Equal(code.Replace("-", "", StringComparison.Ordinal), VoterCode.Normalize(code, out var problem));
            Assert.Null(problem);
        }
    }

    [Fact]
    public void Case_spaces_and_look_alike_letters_are_forgiven()
    {
        var code = VoterCode.Generate().Replace("-", "", StringComparison.Ordinal);
        var typed = string.Concat(code.Select(c => c switch { '0' => 'o', '1' => 'l', _ => char.ToLowerInvariant(c) })).Insert(6, "  ");
        Assert.Equal(code, VoterCode.Normalize(typed, out _));
    }

    [Fact]
    public void Every_single_mistyped_symbol_and_every_swap_of_neighbours_is_caught()
    {
        Gen.Const(0).Select(_ => VoterCode.Generate().Replace("-", "", StringComparison.Ordinal)).Sample(code =>
        {
            for (var position = 0; position < code.Length; position++)
            {
                foreach (var symbol in VoterCode.Alphabet.Where(s => s != code[position]))
                {
                    var typo = code[..position] + symbol + code[(position + 1)..];
                    Assert.Null(VoterCode.Normalize(typo, out var problem));
                    Assert.Equal(VoteRefusalReason.CodeMistyped, problem!.Reason);
                }
                if (position + 1 < code.Length && code[position] != code[position + 1])
                {
                    var swapped = code[..position] + code[position + 1] + code[position] + code[(position + 2)..];
                    Assert.Null(VoterCode.Normalize(swapped, out _));
                }
            }
        }, iter: 50);
    }

    [Fact]
    public void The_ledger_form_is_a_double_hash_a_vote_can_be_checked_against()
    {
        var code = VoterCode.Normalize(VoterCode.Generate(), out _)!;
        var onVote = VoterCode.Hash(code);
        var published = VoterCode.DoubleHash(code);
        Assert.Equal(published, VoterCode.HashOfHash(onVote));
        Assert.NotEqual(onVote, published);
        Assert.DoesNotContain(code, published, StringComparison.Ordinal);
    }
}
