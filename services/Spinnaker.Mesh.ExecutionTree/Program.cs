using JasperFx;
using Spinnaker.Mesh.ExecutionTree;
using Spinnaker.Mesh.ExecutionTree.ReadModel;
using Spinnaker.Mesh.ExecutionTree.Statistics;

var builder = WebApplication.CreateBuilder(args);
builder.AddMeshServiceDefaults("ExecutionTree");
builder.AddMeshEventStore(ReadModelSchema.Name, ExecutionTreeModule.ConfigureStore);
builder.AddMeshMessaging(ExecutionTreeModule.ConfigureConsumers);
builder.AddExecutionTreeModule();
builder.Services.AddStatistics();

var app = builder.Build();
app.UseMeshProblemDetails();
app.MapMeshDefaultEndpoints();
app.MapExecutionTreeEndpoints();
app.MapStatisticsEndpoints();
// Without arguments: serve. `projections rebuild`, `db-apply`, `describe`: Marten's tools against this service's store.
return await app.RunJasperFxCommands(args);

public partial class Program;
