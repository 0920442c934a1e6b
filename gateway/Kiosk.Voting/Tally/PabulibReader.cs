namespace Kiosk.Voting.Tally;

/// <summary>
/// Reads Pabulib <c>.pb</c> files (pabulib.org): sections META, PROJECTS and VOTES, each a header line then <c>;</c>-separated rows.
/// The budget comes from META <c>budget</c>; projects need <c>project_id</c> and <c>cost</c>; votes list approved project ids,
/// comma-separated, in the <c>vote</c> column. Only approval ballots (<c>vote_type</c> approval) are accepted.
/// </summary>
public static class PabulibReader
{
    /// <summary>Parses the text of a Pabulib file.</summary>
    public static Outcome<BudgetInstance> Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = CsvText.Lines(text);
        string? section = null;
        List<CsvText.Field>? header = null;
        decimal? budget = null;
        string? title = null;
        var projects = new List<BudgetProject>();
        var projectIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var ballots = new List<ChoiceBallot>();
        for (var li = 0; li < lines.Length; li++)
        {
            var line = lines[li];
            var lineNo = li + 1;
            if (line.Trim().Length == 0) continue;
            var upper = line.Trim().ToUpperInvariant();
            if (upper is "META" or "PROJECTS" or "VOTES")
            {
                section = upper;
                header = null;
                continue;
            }
            if (section is null) return Outcome<BudgetInstance>.Failure("expected a META, PROJECTS or VOTES section first", lineNo, 1);
            var split = CsvText.Split(line, ';', lineNo);
            if (!split.Ok) return split.Error!;
            var fields = split.Value!;
            if (header is null)
            {
                header = fields;
                continue;
            }
            int Col(string name) => header.FindIndex(h => string.Equals(h.Text, name, StringComparison.OrdinalIgnoreCase));
            CsvText.Field Cell(int col) => col >= 0 && col < fields.Count ? fields[col] : new CsvText.Field("", line.Length + 1);
            switch (section)
            {
                case "META":
                    var key = Cell(0).Text.ToLowerInvariant();
                    var value = Cell(1);
                    if (key == "budget")
                    {
                        var b = CsvText.Number(value.Text, "budget", lineNo, value.Column);
                        if (!b.Ok) return b.Error!;
                        budget = b.Value;
                    }
                    else if (key == "vote_type" && !string.Equals(value.Text, "approval", StringComparison.OrdinalIgnoreCase))
                    {
                        return Outcome<BudgetInstance>.Failure($"vote_type '{value.Text}' is not supported (approval only)", lineNo, value.Column);
                    }
                    else if (key == "description") title = value.Text;
                    break;
                case "PROJECTS":
                    var idCol = Col("project_id");
                    var costCol = Col("cost");
                    if (idCol < 0 || costCol < 0) return Outcome<BudgetInstance>.Failure("the PROJECTS header needs project_id and cost", lineNo - 1, 1);
                    var id = Cell(idCol);
                    var cost = CsvText.Number(Cell(costCol).Text, $"cost of project {id.Text}", lineNo, Cell(costCol).Column);
                    if (!cost.Ok) return cost.Error!;
                    if (id.Text.Length == 0) return Outcome<BudgetInstance>.Failure("a project has no project_id", lineNo, id.Column);
                    if (!projectIndex.TryAdd(id.Text, projects.Count)) return Outcome<BudgetInstance>.Failure($"project '{id.Text}' appears twice", lineNo, id.Column);
                    projects.Add(new BudgetProject(id.Text, cost.Value));
                    break;
                default:
                    var voteCol = Col("vote");
                    if (voteCol < 0) return Outcome<BudgetInstance>.Failure("the VOTES header needs a vote column", lineNo - 1, 1);
                    var cell = Cell(voteCol);
                    var chosen = new List<int>();
                    var offset = 0;
                    foreach (var part in cell.Text.Split(','))
                    {
                        var pid = part.Trim();
                        if (pid.Length > 0)
                        {
                            if (!projectIndex.TryGetValue(pid, out var p))
                                return Outcome<BudgetInstance>.Failure($"vote for unknown project '{pid}'", lineNo, cell.Column + offset);
                            chosen.Add(p);
                        }
                        offset += part.Length + 1;
                    }
                    var voter = Col("voter_id") is var vc and >= 0 ? Cell(vc).Text : null;
                    ballots.Add(new ChoiceBallot(chosen.ToArray(), 1m, voter));
                    break;
            }
        }
        if (budget is null) return Outcome<BudgetInstance>.Failure("META has no budget");
        return new BudgetInstance(projects, ballots, budget.Value, title);
    }
}
