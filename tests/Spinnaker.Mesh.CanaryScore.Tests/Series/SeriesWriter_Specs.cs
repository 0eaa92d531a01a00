using NUnit.Framework;
using Spinnaker.Mesh.CanaryScore.Series;
using Spinnaker.Mesh.CanaryScore.Tests.Support;

namespace Spinnaker.Mesh.CanaryScore.Tests.Series;

internal sealed class Queued_samples : SeriesStoreFixture
{
    private const long T0 = 1_700_000_000;

    [Test]
    public async Task Commit_with_the_callers_transaction_and_not_before()
    {
        await using (var session = Store.LightweightSession())
        {
            session.QueueSamples("rolled-back", [Sample("mesh_canary_score", T0, 1, "j-rolled-back", ("application", "a"))]);
            // Disposed without SaveChangesAsync: the caller's unit of work failed, so nothing is written.
        }
        Assert.That(await CountAsync("SELECT count(*) FROM canary_score.series WHERE tenant = 'rolled-back'"), Is.Zero);

        await using (var session = Store.LightweightSession())
        {
            session.QueueSamples("committed", [Sample("mesh_canary_score", T0, 1, "j-committed", ("application", "a"))]);
            await session.SaveChangesAsync();
        }
        Assert.That(await CountAsync("SELECT count(*) FROM canary_score.series WHERE tenant = 'committed'"), Is.EqualTo(1));
    }

    [Test]
    public async Task Write_nothing_new_when_written_again()
    {
        var samples = new[]
        {
            Sample("mesh_canary_score", T0, 91.5, "judgment-1", ("application", "checkout"), ("region", "us-east-1")),
            // Same series: labels in another order, and an empty label, which Prometheus treats as absent.
            Sample("mesh_canary_score", T0 + 60, 70, "judgment-2", ("region", "us-east-1"), ("application", "checkout"), ("config", "")),
        };
        await WriteAsync("redelivered", samples);
        await WriteAsync("redelivered", samples);
        await WriteAsync("redelivered", samples[0] with { Value = 12 });
        Assert.That(await CountAsync("SELECT count(*) FROM canary_score.series WHERE tenant = 'redelivered'"), Is.EqualTo(1));
        Assert.That(await CountAsync("""
            SELECT count(*) FROM canary_score.series_samples p JOIN canary_score.series s USING (series_id) WHERE s.tenant = 'redelivered'
            """), Is.EqualTo(2));
        Assert.That(await CountAsync("""
            SELECT count(*) FROM canary_score.series_samples p JOIN canary_score.series s USING (series_id)
            WHERE s.tenant = 'redelivered' AND p.value = 91.5
            """), Is.EqualTo(1), "the first write of a sample stays");
    }

    [Test]
    public void Refuse_names_Prometheus_would_not_accept()
    {
        using var session = Store.LightweightSession();
        Assert.Throws<ArgumentException>(() => session.QueueSamples("t", [Sample("mesh-canary-score", T0, 1, "x")]));
        Assert.Throws<ArgumentException>(() => session.QueueSamples("t", [Sample("mesh_canary_score", T0, 1, "x", ("__reserved", "v"))]));
        Assert.Throws<ArgumentException>(() => session.QueueSamples("t", [Sample("mesh_canary_score", T0, 1, "x", ("bad-label", "v"))]));
    }
}
