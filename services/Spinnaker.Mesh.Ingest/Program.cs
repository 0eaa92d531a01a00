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
// service's store. Without one (settings such as `--ConnectionStrings:postgres=...` are no command): serve.
return await app.RunMeshServiceAsync(args);

public partial class Program;
