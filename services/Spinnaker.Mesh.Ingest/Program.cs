using JasperFx;
using Spinnaker.Mesh.Ingest;

var builder = WebApplication.CreateBuilder(args);
builder.AddMeshServiceDefaults("Ingest");
builder.AddMeshEventStore("ingest", IngestModule.ConfigureEventStore);
builder.AddMeshMessaging(IngestModule.ConfigureConsumers);
builder.AddIngestModule();

var app = builder.Build();
app.UseMeshProblemDetails();
app.MapMeshDefaultEndpoints();
app.MapIngestEndpoints();
// With a command (`projections rebuild`, `db-apply`, `db-assert`, `describe`): Marten's tools against this
// service's store. Without one: serve.
if (args.Length > 0) return await app.RunJasperFxCommands(args);
await app.RunAsync();
return 0;

public partial class Program;
