// Fixtures share one PostgreSQL server and some measure it (locks waited on, sequence values): run them one at a time.
[assembly: NUnit.Framework.LevelOfParallelism(1)]
[assembly: NUnit.Framework.NonParallelizable]
