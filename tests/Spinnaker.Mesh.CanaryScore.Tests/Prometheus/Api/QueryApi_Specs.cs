using System.Globalization;
using System.Text.Json;
using NUnit.Framework;
using Spinnaker.Mesh.CanaryScore.Series;
using Spinnaker.Mesh.CanaryScore.Tests.Support;
using Spinnaker.Mesh.Testing;

namespace Spinnaker.Mesh.CanaryScore.Tests.Prometheus.Api;

/// <summary>Range and instant queries over HTTP answer Prometheus' JSON byte for byte.</summary>
[TestFixture]
public sealed class The_query_API
{
    private const string Tenant = "query-api";
    private const long T0 = 1_700_000_000; // 2023-11-14T22:13:20Z
    private static SeriesServiceFixture Service => PrometheusServiceUnderTest.Service;

    private const string CheckoutRange =
        """{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"__name__":"mesh_canary_score","application":"checkout","region":"us-east-1"},"values":[[1700000000,"91.5"],[1700000060,"88"],[1700000120,"88"]]}]}}""";

    [OneTimeSetUp]
    public async Task Arrange() => await Service.WriteAsync(Tenant,
    [
        Score(T0, 91.5, "j1", "checkout", "us-east-1"),
        Score(T0 + 60, 88, "j2", "checkout", "us-east-1"),
        Score(T0 + 30, double.NaN, "j3", "cart", "us-east-1"),
        Score(T0 + 30, double.PositiveInfinity, "j4", "cart", "eu-west-1"),
    ]);

    private static SeriesSample Score(long at, double value, string id, string application, string region) =>
        new("mesh_canary_score", new Dictionary<string, string> { ["application"] = application, ["region"] = region },
            DateTimeOffset.FromUnixTimeSeconds(at), value, id);

    [Test]
    public async Task Answers_a_range_query_with_Prometheus_matrix()
    {
        var (status, type, body) = await Service.CallAsync(
            $"api/prometheus/api/v1/query_range?query={Uri.EscapeDataString("mesh_canary_score{application=\"checkout\"}")}&start={T0}&end={T0 + 120}&step=60",
            Tenant);
        Assert.That((status, type), Is.EqualTo((200, "application/json")));
        Assert.That(body, Is.EqualTo(CheckoutRange));
    }

    [Test]
    public async Task Reads_RFC_3339_times_and_duration_steps()
    {
        var (_, _, body) = await Service.CallAsync(
            $"api/prometheus/api/v1/query_range?query={Uri.EscapeDataString("mesh_canary_score{application=\"checkout\"}")}" +
            "&start=2023-11-14T22:13:20.000000Z&end=2023-11-14T22:15:20Z&step=1m", Tenant);
        Assert.That(body, Is.EqualTo(CheckoutRange));
    }

    [Test]
    public async Task Answers_a_form_encoded_POST_as_Grafana_sends_it()
    {
        using var response = await Service.PostFormAsync("api/prometheus/api/v1/query_range", Tenant,
        [
            new("query", "mesh_canary_score{application=\"checkout\"}"),
            new("start", $"{T0}"), new("end", $"{T0 + 120}"), new("step", "60"),
        ]);
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo(CheckoutRange));
    }

    [Test]
    public async Task Answers_a_Kayenta_query_with_bare_label_values_and_a_grouping()
    {
        var query = "avg(mesh_canary_score{application=checkout,region=~\"us-.{4}-1\"}) by (region)";
        var (_, _, body) = await Service.CallAsync(
            $"api/prometheus/api/v1/query_range?query={Uri.EscapeDataString(query)}&start=2023-11-14T22:13:20.000000Z&end=2023-11-14T22:14:20.000000Z&step=60",
            Tenant);
        Assert.That(body, Is.EqualTo(
            """{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"region":"us-east-1"},"values":[[1700000000,"91.5"],[1700000060,"88"]]}]}}"""));
    }

    [Test]
    public async Task Writes_non_finite_values_as_Prometheus_does()
    {
        var (_, _, body) = await Service.CallAsync(
            $"api/prometheus/api/v1/query?query={Uri.EscapeDataString("mesh_canary_score{application=\"cart\"}")}&time={T0 + 60}.5", Tenant);
        Assert.That(body, Is.EqualTo(
            """{"status":"success","data":{"resultType":"vector","result":[""" +
            """{"metric":{"__name__":"mesh_canary_score","application":"cart","region":"eu-west-1"},"value":[1700000060.500,"+Inf"]},""" +
            """{"metric":{"__name__":"mesh_canary_score","application":"cart","region":"us-east-1"},"value":[1700000060.500,"NaN"]}]}}"""));
    }

    [Test]
    public async Task Answers_Grafanas_connection_test_with_a_scalar()
    {
        var (status, _, body) = await Service.CallAsync("api/prometheus/api/v1/query?query=1%2B1&time=4", Tenant);
        Assert.That((status, body), Is.EqualTo((200, """{"status":"success","data":{"resultType":"scalar","result":[4,"2"]}}""")));
    }

    [Test]
    public async Task Answers_an_instant_query_at_now_without_a_time()
    {
        using var response = await Service.GetAsync($"api/prometheus/api/v1/query?query={Uri.EscapeDataString("mesh_canary_score")}", Tenant);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        // The samples are from 2023: nothing lies within the lookback delta of now.
        Assert.That(json.RootElement.GetProperty("data").GetProperty("result").GetArrayLength(), Is.Zero);
        Assert.That(json.RootElement.GetProperty("data").GetProperty("resultType").GetString(), Is.EqualTo("vector"));
    }

    [Test]
    public async Task Answers_an_empty_range_as_the_shared_fixture_does()
    {
        var (_, _, body) = await Service.CallAsync($"api/prometheus/api/v1/query_range?query=no_such_metric&start={T0}&end={T0 + 60}&step=5", Tenant);
        Assert.That(PrometheusJsonShape.Canonical(body), Is.EqualTo(PrometheusJsonShape.Canonical(KayentaFixture("prometheus-query_range.empty.json"))));
    }

    internal static string KayentaFixture(string name)
    {
        var root = EchoFixtures.Root;
        var path = root is null ? null : Path.Combine(root, "kayenta", name);
        if (path is null || !File.Exists(path))
        {
            var reason = $"The shared Kayenta fixture {name} is absent (set MESH_FIXTURES).";
            if (EchoFixtures.Required) Assert.Fail(reason);
            Assert.Ignore(reason);
        }
        return File.ReadAllText(path!);
    }
}

/// <summary>
/// The shared Kayenta fixtures (Prometheus responses from Kayenta's own tests), replayed: their points stored as
/// samples and queried back as Kayenta queries, the answer equals the fixture.
/// </summary>
[TestFixture]
public sealed class A_replayed_Kayenta_fixture
{
    private static SeriesServiceFixture Service => PrometheusServiceUnderTest.Service;

    [TestCase("prometheus-query_range.with-tags.json", "avg(replayed_requests{fixture=\"with-tags\"}) by (exception, method, uri)")]
    [TestCase("prometheus-query_range.without-tags.json", "avg(replayed_requests{fixture=\"without-tags\"})")]
    public async Task Reads_back_as_the_fixture(string file, string query)
    {
        var fixture = The_query_API.KayentaFixture(file);
        using var document = JsonDocument.Parse(fixture);
        var samples = new List<SeriesSample>();
        var times = new List<double>();
        foreach (var series in document.RootElement.GetProperty("data").GetProperty("result").EnumerateArray())
        {
            var labels = series.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
            labels["fixture"] = file.Contains("without", StringComparison.Ordinal) ? "without-tags" : "with-tags";
            foreach (var point in series.GetProperty("values").EnumerateArray())
            {
                var at = point[0].GetDouble();
                times.Add(at);
                samples.Add(new SeriesSample("replayed_requests", labels, DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(at * 1000)),
                    double.Parse(point[1].GetString()!, CultureInfo.InvariantCulture), $"{file}:{at}"));
            }
        }
        await Service.WriteAsync("replay", samples);

        var start = times.Min().ToString("R", CultureInfo.InvariantCulture);
        var end = times.Max().ToString("R", CultureInfo.InvariantCulture);
        var (status, _, body) = await Service.CallAsync(
            $"api/prometheus/api/v1/query_range?query={Uri.EscapeDataString(query)}&start={start}&end={end}&step=1", "replay");
        Assert.That(status, Is.EqualTo(200), body);
        Assert.That(PrometheusJsonShape.Shape(body), Is.EqualTo(PrometheusJsonShape.Shape(fixture)));
        Assert.That(PrometheusJsonShape.Canonical(body), Is.EqualTo(PrometheusJsonShape.Canonical(fixture)));
        // Milliseconds as Prometheus writes them, three digits (the fixture's 1599657179.540).
        var firstTimestamp = System.Text.RegularExpressions.Regex.Match(fixture, @"\[\s*(\d+\.\d+),").Groups[1].Value;
        Assert.That(body, Does.Contain($"[{firstTimestamp},"));
    }
}
