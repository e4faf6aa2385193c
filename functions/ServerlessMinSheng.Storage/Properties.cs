[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("ServerlessMinSheng.Storage.Tests")]
[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("ServerlessMinSheng.Storage.Benchmarks")]
