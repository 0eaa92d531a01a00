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
// Without arguments: serve. `projections rebuild`, `db-apply`, `describe`: Marten's tools against this service's store.
return await app.RunJasperFxCommands(args);

public partial class Program;
