using System.Globalization;

namespace Kiosk.Voting.Tally;

/// <summary>
/// Participatory budgeting by the Method of Equal Shares (Peters &amp; Skowron 2020; Peters, Pierczyński &amp; Skowron 2021),
/// for approval ballots. The budget is split equally among the voters (a ballot of weight w holds w shares). Each round funds
/// the project whose cost its supporters can cover at the lowest price per voter ρ, every supporter paying ρ or, if they hold
/// less, all they have; projects their supporters can no longer afford drop out. Ties in ρ go to the project with more votes,
/// then to the earlier-listed project.
/// <para>
/// Completion (what the first pass leaves): by default the "add one" rule of equalshares.net — every voter's share is raised by
/// <see cref="TallyRules.CompletionStep"/> and the method re-run, for as long as the result still costs no more than the real
/// budget; the last such result is kept — followed by a greedy fill: the remaining projects by votes (most first) are funded
/// while they fit what is left. Greedy-by-votes on its own is reported alongside for comparison.
/// </para>
/// </summary>
public static class EqualShares
{
    private sealed record Pass(List<int> Funded, List<TallyRound> Rounds, decimal Share);

    /// <summary>Counts a participatory budget.</summary>
    public static Outcome<TallyResult> Count(BudgetInstance instance, TallyRules rules)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(rules);
        if (rules.Budget is { } overridden) instance = instance with { Budget = overridden };
        if ((instance.Validate() ?? rules.Validate()) is { } error) return error;

        var projects = instance.Projects;
        var names = projects.Select(p => p.Name).ToArray();
        var m = projects.Count;
        var approvals = GroupVoters(instance.Ballots);
        var voters = approvals.Sum(a => a.Weight);
        var votes = new decimal[m];
        foreach (var (set, weight) in approvals)
        {
            foreach (var p in set) votes[p] += weight;
        }
        var supporters = Enumerable.Range(0, m).Select(p => approvals.Select((a, g) => (a, g)).Where(x => x.a.Weight > 0 && x.a.Set.Contains(p)).Select(x => x.g).ToArray()).ToArray();

        var budget = instance.Budget;
        var pass = voters > 0 ? Run(budget / voters) : new Pass([], [], 0);
        if (voters > 0 && rules.Completion == CompletionRule.AddOneThenGreedy)
        {
            var maxCost = projects.Count == 0 ? 0 : projects.Max(p => p.Cost);
            // Once one voter's share alone pays for any project, raising it further cannot change which projects are affordable.
            var unit = Math.Min(1m, approvals.Where(a => a.Weight > 0).Select(a => a.Weight).DefaultIfEmpty(1).Min());
            var share = pass.Share;
            while (pass.Funded.Count < m && share * unit <= maxCost)
            {
                share += rules.CompletionStep;
                var next = Run(share);
                if (Cost(next.Funded) > budget) break;
                pass = next;
            }
        }
        var funded = pass.Funded.ToList();
        var rounds = pass.Rounds.ToList();
        if (rules.Completion != CompletionRule.None)
        {
            foreach (var (p, note) in Greedy(funded, budget - Cost(funded)))
            {
                funded.Add(p);
                rounds.Add(new TallyRound
                {
                    Round = rounds.Count + 1,
                    Tally = names.Select((name, i) => new NamedValue(name, votes[i])).ToArray(),
                    Elected = [names[p]],
                    Notes = ["completion (greedy by votes): " + note],
                });
            }
        }
        var greedy = Greedy([], budget).Select(x => x.Project).ToList();
        return new TallyResult
        {
            Method = TallyMethod.EqualShares,
            Candidates = names,
            Seats = funded.Count,
            Winners = funded.Select(p => names[p]).ToArray(),
            Rounds = rounds,
            TotalVotes = voters,
            Title = instance.Title,
            Budget = new BudgetSummary(budget, Cost(funded), TallyRules.Name(rules.Completion), pass.Share, greedy.Select(p => names[p]).ToArray(), Cost(greedy)),
            RulesUsed =
            [
                new("completion", TallyRules.Name(rules.Completion)),
                new("completionStep", rules.CompletionStep.ToString(CultureInfo.InvariantCulture)),
            ],
        };

        decimal Cost(IEnumerable<int> set) => set.Sum(p => projects[p].Cost);

        IEnumerable<(int Project, string Note)> Greedy(List<int> already, decimal left)
        {
            var taken = new HashSet<int>(already);
            foreach (var p in Enumerable.Range(0, m).OrderByDescending(p => votes[p]).ThenBy(p => p))
            {
                if (taken.Contains(p) || projects[p].Cost > left) continue;
                left -= projects[p].Cost;
                yield return (p, $"{names[p]} ({votes[p].ToString(CultureInfo.InvariantCulture)} votes) costs {projects[p].Cost.ToString(CultureInfo.InvariantCulture)}, {left.ToString(CultureInfo.InvariantCulture)} left");
            }
        }

        Pass Run(decimal share)
        {
            var money = approvals.Select(_ => share).ToArray();
            var available = Enumerable.Range(0, m).Where(p => votes[p] > 0 || projects[p].Cost == 0).ToList();
            var bound = new decimal[m];
            foreach (var p in available) bound[p] = votes[p] > 0 ? projects[p].Cost / votes[p] : 0;
            var chosen = new List<int>();
            var passRounds = new List<TallyRound>();
            while (available.Count > 0)
            {
                var best = -1;
                var bestRho = decimal.MaxValue;
                // ρ of a project never falls as voters spend, so the last ρ is a lower bound: projects are tried in
                // order of that bound, and the search stops once the bound exceeds the best price found.
                foreach (var p in available.OrderBy(p => bound[p]).ThenByDescending(p => votes[p]).ThenBy(p => p).ToList())
                {
                    if (bound[p] > bestRho) break;
                    var rho = Rho(p, money);
                    if (rho is null)
                    {
                        available.Remove(p);
                        continue;
                    }
                    bound[p] = rho.Value;
                    if (rho < bestRho || (rho == bestRho && (votes[p] > votes[best] || (votes[p] == votes[best] && p < best))))
                    {
                        best = p;
                        bestRho = rho.Value;
                    }
                }
                if (best < 0) break;
                var held = names.Select((name, p) => new NamedValue(name, supporters[p].Sum(g => approvals[g].Weight * money[g]))).ToArray();
                foreach (var g in supporters[best]) money[g] -= Math.Min(money[g], bestRho);
                available.Remove(best);
                chosen.Add(best);
                passRounds.Add(new TallyRound
                {
                    Round = passRounds.Count + 1,
                    Threshold = bestRho,
                    Tally = held,
                    Elected = [names[best]],
                    Notes =
                    [
                        "tally: money the supporters of each project hold before this round",
                        $"{names[best]} (cost {projects[best].Cost.ToString(CultureInfo.InvariantCulture)}, {votes[best].ToString(CultureInfo.InvariantCulture)} votes) funded at {bestRho.ToString(CultureInfo.InvariantCulture)} per voter; each voter's share was {share.ToString(CultureInfo.InvariantCulture)}",
                    ],
                });
            }
            return new Pass(chosen, passRounds, share);
        }

        decimal? Rho(int p, decimal[] money)
        {
            var cost = projects[p].Cost;
            if (cost == 0) return 0;
            // Fast path: when every supporter holds at least an equal split, the price is that split; no sorting needed.
            var all = supporters[p];
            decimal holding = 0, weightAll = 0, poorest = decimal.MaxValue;
            foreach (var g in all)
            {
                if (money[g] <= 0) continue;
                holding += money[g] * approvals[g].Weight;
                weightAll += approvals[g].Weight;
                if (money[g] < poorest) poorest = money[g];
            }
            if (holding < cost) return null;
            var split = cost / weightAll;
            if (poorest >= split) return split;
            var payers = all.Where(g => money[g] > 0).Select(g => (Money: money[g], Weight: approvals[g].Weight)).OrderBy(x => x.Money).ToList();
            var total = payers.Sum(x => x.Money * x.Weight);
            if (total < cost) return null;
            var remaining = cost;
            var weight = payers.Sum(x => x.Weight);
            foreach (var (held, w) in payers)
            {
                if (held * weight >= remaining) return remaining / weight;
                remaining -= held * w;
                weight -= w;
            }
            return null;
        }
    }

    /// <summary>Voters with the same approval set merged, so the method works per distinct ballot.</summary>
    private static List<(int[] Set, decimal Weight)> GroupVoters(IReadOnlyList<ChoiceBallot> ballots)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var list = new List<(int[] Set, decimal Weight)>();
        foreach (var b in ballots)
        {
            var set = b.Choices.Distinct().Order().ToArray();
            var key = string.Join(",", set);
            if (index.TryGetValue(key, out var at)) list[at] = (list[at].Set, list[at].Weight + b.Weight);
            else
            {
                index[key] = list.Count;
                list.Add((set, b.Weight));
            }
        }
        return list;
    }
}
