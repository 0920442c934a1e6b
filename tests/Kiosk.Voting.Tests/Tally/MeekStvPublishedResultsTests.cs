using Kiosk.Voting.Tally;
using static Kiosk.Voting.Tests.Tally.TallyTestData;

namespace Kiosk.Voting.Tests.Tally;

/// <summary>
/// Meek STV against the PR Foundation's Meek reference rule (Hill, Wichmann &amp; Woodall's Algorithm 123 in fixed-point form:
/// 9 decimals, omega 0.000001), as counted by Droop. Ballots: jklundell/droop test/blt/SC.blt (US Green Party steering committee,
/// 24 July 2005, 94 ballots, 4 seats). Expected figures: jklundell/droop test/ref/report/SC-meek-prf-o6-fixed-p9-d9.txt.
/// </summary>
public sealed class MeekStvPublishedResultsTests
{
    private static readonly TallyResult s_result = Ok(MeekStv.Count(Blt("gpus-2005.blt"), TallyRules.Default with { Precision = 9, Omega = 0.000001m }));

    [Fact]
    public void Round_1_elects_LaMarche_and_Rotzler_on_first_preferences()
    {
        var r1 = s_result.Rounds[0];
        Assert.Equal(18.800000001m, r1.Threshold);
        Assert.Equal(["Pat LaMarche", "Rebecca Rotzler"], r1.Elected.Order());
    }

    [Fact]
    public void Round_2_converges_to_the_reference_keep_factor_tallies()
    {
        var r2 = s_result.Rounds[1];
        Assert.Equal(18.800000001m, r2.Threshold);
        Assert.Equal(18.800000609m, r2.Of("Pat LaMarche"));
        Assert.Equal(18.800000299m, r2.Of("Rebecca Rotzler"));
        Assert.Equal(8.006073598m, r2.Of("Budd Dickinson"));
        Assert.Equal(3.232685848m, r2.Of("Kirit Mookerjee"));
        Assert.Equal(9.408174589m, r2.Of("Tom Sevigny"));
        Assert.Equal(2.759954125m, r2.Of("Michael Piacsek"));
        Assert.Equal(13.000470959m, r2.Of("Kristen Olsen"));
        Assert.Equal(1.435843893m, r2.Of("Jason Jones"));
        Assert.Equal(18.556796080m, r2.Of("Steve Kramer"));
        Assert.Equal(0m, r2.Of("Jimmy Leas") + r2.Of("Write-In 1") + r2.Of("Write-In 2") + r2.Of("Steve Greenfield"));
    }

    [Fact]
    public void Rounds_6_to_11_match_the_reference_report()
    {
        Assert.Equal(["Jason Jones"], s_result.Rounds[5].Eliminated);
        Assert.Equal(14.436314852m, s_result.Rounds[6].Of("Kristen Olsen"));
        Assert.Equal(["Michael Piacsek"], s_result.Rounds[6].Eliminated);

        var r8 = s_result.Rounds[7];
        Assert.Equal(["Steve Kramer"], r8.Elected);
        Assert.Equal(19.165213770m, r8.Of("Pat LaMarche"));
        Assert.Equal(19.718851196m, r8.Of("Steve Kramer"));
        Assert.Equal(9.006073598m, r8.Of("Budd Dickinson"));
        Assert.Equal(3.394740964m, r8.Of("Kirit Mookerjee"));
        Assert.Equal(14.506945584m, r8.Of("Kristen Olsen"));

        var r9 = s_result.Rounds[8];
        Assert.Equal(["Kirit Mookerjee"], r9.Eliminated);
        Assert.Equal(18.799133306m, r9.Threshold);
        Assert.Equal(18.799133460m, r9.Of("Pat LaMarche"));
        Assert.Equal(18.799133416m, r9.Of("Rebecca Rotzler"));
        Assert.Equal(18.799133497m, r9.Of("Steve Kramer"));
        Assert.Equal(9.427381450m, r9.Of("Budd Dickinson"));
        Assert.Equal(9.774255128m, r9.Of("Tom Sevigny"));
        Assert.Equal(14.666479770m, r9.Of("Kristen Olsen"));
        Assert.Equal(3.730149807m, r9.Of("Kirit Mookerjee"));

        var r10 = s_result.Rounds[9];
        Assert.Equal(["Budd Dickinson"], r10.Eliminated);
        Assert.Equal(18.789719295m, r10.Threshold);
        Assert.Equal(11.498644230m, r10.Of("Tom Sevigny"));
        Assert.Equal(15.876675538m, r10.Of("Kristen Olsen"));
        Assert.Equal(10.204118384m, r10.Of("Budd Dickinson"));

        var r11 = s_result.Rounds[10];
        Assert.Equal(18.586296861m, r11.Threshold);
        Assert.Equal(19.087429756m, r11.Of("Pat LaMarche"));
        Assert.Equal(19.073682122m, r11.Of("Rebecca Rotzler"));
        Assert.Equal(19.085721549m, r11.Of("Kristen Olsen"));
        Assert.Equal(19.202438090m, r11.Of("Steve Kramer"));
        Assert.Equal(16.482212783m, r11.Of("Tom Sevigny"));
        Assert.Equal(["Tom Sevigny"], r11.Eliminated);
    }

    [Fact]
    public void Winners_are_LaMarche_Rotzler_Kramer_and_Olsen()
    {
        Assert.Equal(["Kristen Olsen", "Pat LaMarche", "Rebecca Rotzler", "Steve Kramer"], s_result.Winners.Order());
        Assert.Equal(11, s_result.Rounds.Count);
    }
}
