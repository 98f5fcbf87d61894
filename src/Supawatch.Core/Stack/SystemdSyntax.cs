namespace Supawatch.Stack;

/// <summary>
/// Quoting for unit files (systemd.syntax(7), systemd.service(7)): a command line's words in double quotes with
/// <c>\</c> and <c>"</c> escaped, <c>%</c> doubled (specifiers) and <c>$</c> doubled (variable expansion); an
/// environment file's values in double quotes with <c>\ " $ `</c> escaped.
/// </summary>
public static class SystemdSyntax
{
    /// <summary>One <c>ExecStart=</c> word.</summary>
    public static string Word(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("%", "%%", StringComparison.Ordinal).Replace("$", "$$", StringComparison.Ordinal) + "\"";

    /// <summary>A <c>NAME="value"</c> line of an <c>EnvironmentFile=</c>.</summary>
    public static string EnvironmentLine(string name, string value) =>
        name + "=\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("$", "\\$", StringComparison.Ordinal).Replace("`", "\\`", StringComparison.Ordinal) + "\"";

    /// <summary>
    /// Why <paramref name="path"/> cannot be written into a unit as it is (whitespace, quotes, <c>%</c>, control
    /// characters: settings such as <c>WorkingDirectory=</c> take the rest of the line), or null.
    /// </summary>
    public static string? PathProblem(string path) =>
        path.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '"' or '\'' or '%' or '\\' or '$')
            ? $"the systemd runtime needs a monitoring folder whose path has no spaces, quotes, '%', '$' or '\\\\' (unit files take it as it is): {path}; choose another with --dir"
            : null;
}
