using System.Data.Common;
using Marten.Storage;
using Npgsql;
using Weasel.Core;
using Weasel.Storage;

namespace Spinnaker.Mesh.ExecutionTree.ReadModel;

/// <summary>
/// One SQL statement against the read-model tables, queued on a Marten session (<c>QueueOperation</c>) so that it runs
/// in the batch and the transaction that append the events. Like Marten's <c>QueueSqlCommand</c>, but with typed
/// parameters: PostgreSQL cannot infer the type of an untyped null in every position, nor read a string as jsonb.
/// </summary>
/// <param name="sql">The statement, with one <c>?</c> per parameter, in order.</param>
internal sealed class ReadModelWrite(string sql, params NpgsqlParameter[] parameters) : Weasel.Storage.IStorageOperation
{
    public string Sql { get; } = sql;
    public IReadOnlyList<NpgsqlParameter> Parameters { get; } = parameters;

    public void ConfigureCommand(ICommandBuilder builder, IStorageSession session)
    {
        var placeholders = ((Weasel.Postgresql.ICommandBuilder)builder).AppendWithParameters(Sql, '?');
        if (placeholders.Length != Parameters.Count)
            throw new InvalidOperationException($"The statement has {placeholders.Length} placeholders for {Parameters.Count} parameters: {Sql}");
        for (var i = 0; i < placeholders.Length; i++)
        {
            placeholders[i].NpgsqlDbType = Parameters[i].NpgsqlDbType;
            placeholders[i].Value = Parameters[i].Value;
        }
    }

    // Marten's own raw-SQL operation names this type: the write belongs to no document type.
    public Type DocumentType => typeof(StorageFeatures);

    public OperationRole Role() => OperationRole.Other;

    public Task PostprocessAsync(DbDataReader reader, IList<Exception> exceptions, CancellationToken token) => Task.CompletedTask;
}
