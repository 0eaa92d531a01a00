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
    public async Task Keep_one_sample_per_subject_when_a_stale_copy_has_other_labels()
    {
        // A stale copy of the same execution's observation with another status: the first stored stays, nothing is added.
        await WriteAsync("stale", Sample("mesh_pipeline_duration_seconds", T0, 90, "execution-1", ("status", "SUCCEEDED")));
        await WriteAsync("stale", Sample("mesh_pipeline_duration_seconds", T0, 91, "execution-1", ("status", "TERMINAL")));
        Assert.That(await CountAsync("""
            SELECT count(*) FROM canary_score.series_samples p JOIN canary_score.series s USING (series_id)
            WHERE s.tenant = 'stale' AND s.labels ->> 'status' = 'SUCCEEDED' AND p.value = 90
            """), Is.EqualTo(1));
        Assert.That(await CountAsync("""
            SELECT count(*) FROM canary_score.series_samples p JOIN canary_score.series s USING (series_id) WHERE s.tenant = 'stale'
            """), Is.EqualTo(1));
    }

    [Test]
    public async Task Move_a_replaced_sample_to_the_subjects_current_series_and_value()
    {
        // A canary run reported by Echo first (Orca's integer, no account yet), then completed by Kayenta's double and the account.
        await using (var session = Store.LightweightSession())
        {
            session.QueueSamples("refined", [Sample("mesh_canary_score", T0 + 1, 93, "run-2", ("application", "checkout"))], SampleWrite.Replace);
            await session.SaveChangesAsync();
        }
        await using (var session = Store.LightweightSession())
        {
            session.QueueSamples("refined", [Sample("mesh_canary_score", T0, 93.1, "run-2", ("application", "checkout"), ("account", "prod-us"))], SampleWrite.Replace);
            await session.SaveChangesAsync();
        }

        var result = await RangeAsync("refined", "mesh_canary_score", T0, T0 + 60, 60);
        Assert.That(result.Series.Select(LabelsOf), Is.EqualTo(new[] { "{__name__=mesh_canary_score, account=prod-us, application=checkout}" }));
        Assert.That(Points(result.Series[0], T0, 60), Is.EqualTo(new[] { (T0, 93.1), (T0 + 60, 93.1) }));
        Assert.That(await CountAsync("""
            SELECT count(*) FROM canary_score.series_samples p JOIN canary_score.series s USING (series_id) WHERE s.tenant = 'refined'
            """), Is.EqualTo(1));
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
