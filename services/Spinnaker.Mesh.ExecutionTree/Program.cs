using Spinnaker.Mesh.ExecutionTree;
using Spinnaker.Mesh.ExecutionTree.ReadModel;

var builder = WebApplication.CreateBuilder(args);
builder.AddMeshServiceDefaults("ExecutionTree");
builder.AddMeshEventStore(ReadModelSchema.Name, ExecutionTreeModule.ConfigureEventStore);
builder.AddMeshMessaging(ExecutionTreeModule.ConfigureConsumers);
builder.AddExecutionTreeModule();

var app = builder.Build();
app.UseMeshProblemDetails();
app.MapMeshDefaultEndpoints();
app.MapExecutionTreeEndpoints();
app.Run();

public partial class Program;
