using ServerlessMinSheng.Analyzer.Classification;
using ServerlessMinSheng.Analyzer.Taxonomies;

namespace ServerlessMinSheng.Analyzer.Cli;

/// <summary>
/// `--model` takes a model file or the name of a built-in model, trained on the spot from its
/// shipped seed set (under a second), so the out-of-the-box behaviour can be checked on any data.
/// </summary>
internal static class BuiltInModels
{
    public const string Names = "themes|departments";

    public static TextClassifier Load(string model) => model switch
    {
        "themes" => ThemeModel.Train(),
        "departments" => DepartmentModel.Train(),
        _ => ModelSerializer.Load(model),
    };
}
