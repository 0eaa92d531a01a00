namespace Spinnaker.Mesh.CanaryScore.Series;

internal static class SeriesWriter { public static void QueueSamples(this Marten.IDocumentSession session, string tenant, IEnumerable<SeriesSample> samples) { } }
