using Kiosk.Ledger.Bodies;
using Kiosk.Ledger.Tests.Support;

namespace Kiosk.Ledger.Tests;

/// <summary>
/// Another process writing into an open ledger's file (the command line into a running gateway's folder; here a second
/// <see cref="Ledger"/> on the same file): the open ledger notices, reloads, announces those events as committed, and
/// writes on from them.
/// </summary>
public sealed class ExternalWriteTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Events_another_process_commits_are_announced_and_written_on_from()
    {
        using var founder = AuthorKeyPair.Generate();
        using var gateway = AuthorKeyPair.Generate();
        using var folder = new TempFolder();
        var path = folder.File("ledger.db");
        await using var running = Ledger.Open(path, TestKinds.Options());
        await running.FoundAsync(founder, "Assembly", ["en"]);
        // Every announcement, in order: the other process commits twice, and a periodic check that falls between its two
        // commits rightly announces them in two (taking only the first announcement failed the test then).
        var announced = new List<LedgerEvent>();
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        running.Committed += (_, e) =>
        {
            lock (announced)
            {
                announced.AddRange(e.Events);
                if (announced.Count >= 2) seen.TrySetResult();
            }
        };

        LedgerEvent enrolment, note;
        await using (var command = Ledger.Open(path, TestKinds.Options()))
        {
            enrolment = (await command.AppendAsync(founder, EventKinds.GatewayEnrolled, BodyJson.Write(new GatewayEnrolledBody(gateway.PublicKey.ToHex(), "hall")))).Event!;
            note = (await command.AppendAsync(founder, TestKinds.Note, TestKinds.NoteBody("closed by the command line"))).Event!;
        }

        // Announced while the running ledger is idle (its periodic check), in feed order.
        await seen.Task.WaitAsync(Deadline);
        lock (announced) Assert.Equal([enrolment.Id, note.Id], announced.Select(e => e.Id));
        Assert.Equal(note.Seq, running.HeadOf(founder.PublicKey).Seq);
        Assert.Equal(Role.Gateway, running.Authority.RoleOf(gateway.PublicKey));

        // It writes on from them: the founder's next seq, no clash with the other process's rows.
        var next = await running.AppendAsync(founder, TestKinds.Note, TestKinds.NoteBody("and on"));
        Assert.Equal(note.Seq + 1, next.Event?.Seq);
        Assert.Equal(note.Id, next.Event!.Prev);
        Assert.True((await running.AppendAsync(gateway, TestKinds.Note, TestKinds.NoteBody("the gateway counts"))).IsCommitted);
    }

    [Fact]
    public async Task Without_the_periodic_check_a_write_notices_the_other_process_before_it_stages()
    {
        using var founder = AuthorKeyPair.Generate();
        using var folder = new TempFolder();
        var path = folder.File("ledger.db");
        var options = TestKinds.Options() with { ExternalWriteCheck = null };
        await using var running = Ledger.Open(path, options);
        await running.FoundAsync(founder, "Assembly", ["en"]);
        await using (var command = Ledger.Open(path, options))
            Assert.True((await command.AppendAsync(founder, TestKinds.Note, TestKinds.NoteBody("elsewhere"))).IsCommitted);

        var next = await running.AppendAsync(founder, TestKinds.Note, TestKinds.NoteBody("here"));
        Assert.True(next.IsCommitted, next.Rejection?.ToString());
        Assert.Equal(3, next.Event!.Seq);
    }
}
