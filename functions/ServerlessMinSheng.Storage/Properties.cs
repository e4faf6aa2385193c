[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("ServerlessMinSheng.Storage.Tests")]
