using Spinnaker.Mesh.CanaryScore;

var builder = WebApplication.CreateBuilder(args);
builder.AddMeshServiceDefaults("CanaryScore");
builder.AddMeshEventStore(CanaryScoreModule.Schema, CanaryScoreModule.ConfigureStore);
builder.AddMeshMessaging(CanaryScoreModule.ConfigureConsumers);
builder.AddCanaryScoreModule();

var app = builder.Build();
app.UseMeshProblemDetails();
app.MapMeshDefaultEndpoints();
app.MapCanaryScoreEndpoints();
// With a command (`projections rebuild`, `db-apply`, `db-assert`, `describe`): Marten's tools against this
// service's store. Without one (settings such as `--ConnectionStrings:postgres=...` are no command): serve.
return await app.RunMeshServiceAsync(args);

public partial class Program;
