using System.Net;
using NUnit.Framework;
using Spinnaker.Mesh.ExecutionTree.Statistics;

namespace Spinnaker.Mesh.ExecutionTree.Tests.Statistics;

public sealed class When_reading_a_window
{
    private static readonly DateTimeOffset Now = new(2025, 6, 15, 10, 30, 0, TimeSpan.Zero);

    private static StatisticsWindow Read(string? from, string? to)
    {
        Assert.That(StatisticsWindow.TryParse(from, to, Now, out var window, out var error), Is.True, error);
        return window;
    }

    [Test]
    public void Should_default_to_the_last_thirty_days_up_to_now() =>
        Assert.That(Read(null, null), Is.EqualTo(new StatisticsWindow(Now.AddDays(-30), Now)));

    [Test]
    public void Should_end_now_when_only_from_is_given() =>
        Assert.That(Read("2025-06-01", null), Is.EqualTo(new StatisticsWindow(new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero), Now)));

    [Test]
    public void Should_start_thirty_days_before_to_when_only_to_is_given() =>
        Assert.That(Read("", "2025-03-31T00:00:00Z"), Is.EqualTo(new StatisticsWindow(
            new(2025, 3, 1, 0, 0, 0, TimeSpan.Zero), new(2025, 3, 31, 0, 0, 0, TimeSpan.Zero))));

    [TestCase("2025-03-01", "2025-03-01T00:00:00Z")]
    [TestCase("2025-03-01T12:30", "2025-03-01T12:30:00Z")]
    [TestCase("2025-03-01T12:30:15", "2025-03-01T12:30:15Z")]
    [TestCase("2025-03-01T12:30:15.250Z", "2025-03-01T12:30:15.25Z")]
    [TestCase("2025-03-01T14:30:15+02:00", "2025-03-01T12:30:15Z")]
    public void Should_read_iso_8601_as_utc(string from, string utc)
    {
        var window = Read(from, "2025-04-01");

        Assert.That(window.From.Offset, Is.EqualTo(TimeSpan.Zero));
        Assert.That(window.From, Is.EqualTo(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [TestCase("03/01/2025", null, "'from'")]
    [TestCase("1 March 2025", null, "'from'")]
    [TestCase("2025-02-30", null, "'from'")]
    [TestCase(null, "1740787200", "'to'")]
    [TestCase("2025-03-02", "2025-03-01", "must be before")]
    [TestCase("2025-03-01", "2025-03-01", "must be before")]
    public void Should_refuse_what_is_not_an_iso_8601_window(string? from, string? to, string detail)
    {
        Assert.That(StatisticsWindow.TryParse(from, to, Now, out _, out var error), Is.False);
        Assert.That(error, Does.Contain(detail));
    }
}

/// <summary>Runs 40 days and 1 day before now, asked for without from/to: only the recent one is in the default window.</summary>
public sealed class When_no_window_is_given : StatisticsSpec
{
    [OneTimeSetUp]
    public async Task Given_an_old_and_a_recent_run()
    {
        var now = DateTimeOffset.UtcNow;
        var old = new ExecutionRow("old", "SUCCEEDED", now.AddDays(-40), 100) { TemplateId = "t", TemplateVersion = "v1" };
        var recent = new ExecutionRow("recent", "TERMINAL", now.AddDays(-1), 200) { TemplateId = "t", TemplateVersion = "v1" };
        await InsertAsync(old, recent);
        await InsertAsync(
            old.Stage("old-1", "TERMINAL", 100) with { Type = "wait", GateKind = "wait", Name = "Soak" },
            recent.Stage("recent-1", "TERMINAL", 200) with { Type = "wait", GateKind = "wait", Name = "Soak" });
    }

    [Test]
    public async Task Should_cover_the_last_thirty_days_on_every_endpoint()
    {
        var host = await HostAsync();

        var (_, _, pipelines) = await host.GetAsync("/api/pipelines/stats?application=shop");
        var (_, _, failures) = await host.GetAsync("/api/stages/failures");
        var (_, _, gates) = await host.GetAsync("/api/gates");
        var (_, _, templates) = await host.GetAsync("/api/templates/stats");

        Assert.That(pipelines["pipelines"]![0]!["executions"]!.GetValue<long>(), Is.EqualTo(1));
        Assert.That(failures["groups"]![0]!["stages"]!.GetValue<long>(), Is.EqualTo(1));
        Assert.That(gates["bottlenecks"]![0]!["totalWaitMs"]!.GetValue<long>(), Is.EqualTo(200_000));
        Assert.That(templates["templates"]![0]!["successRate"]!.GetValue<double>(), Is.EqualTo(0.0));
        var span = pipelines["to"]!.GetValue<DateTime>() - pipelines["from"]!.GetValue<DateTime>();
        Assert.That(span, Is.EqualTo(TimeSpan.FromDays(30)));
    }

    [Test]
    public async Task Should_answer_an_empty_list_for_an_application_without_runs()
    {
        var host = await HostAsync();

        var (status, _, body) = await host.GetAsync("/api/pipelines/stats?application=nothing-here");

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body["pipelines"]!.AsArray(), Is.Empty);
    }
}
