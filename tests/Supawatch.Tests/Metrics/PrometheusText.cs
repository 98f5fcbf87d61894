using System.Globalization;
using System.Text;

namespace Supawatch.Tests.Metrics;

/// <summary>
/// A strict reader of the Prometheus text exposition format 0.0.4: <c># HELP</c>, <c># TYPE</c> and samples
/// <c>name{label="value",…} value</c>, with only the format's escapes (<c>\\</c>, <c>\"</c>, <c>\n</c>) in label
/// values. Anything else — a stray line, an unknown escape, a duplicate label, a sample of an undeclared family,
/// invalid UTF-8 — is an error, so a label value that broke out of its quotes cannot go unnoticed.
/// </summary>
public static class PrometheusText
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly string[] Suffixes = ["_sum", "_count", "_bucket", "_total", "_created", "_info"];

    public sealed record Sample(string Name, IReadOnlyList<KeyValuePair<string, string>> Labels, double Value)
    {
        public string? Label(string name) => Labels.FirstOrDefault(l => l.Key == name).Value;
    }

    /// <summary>Parses <paramref name="bytes"/> or throws <see cref="FormatException"/> naming the line.</summary>
    public static IReadOnlyList<Sample> Parse(byte[] bytes)
    {
        var text = StrictUtf8.GetString(bytes);
        if (text.Length > 0 && !text.EndsWith('\n'))
        {
            throw new FormatException("the exposition does not end with a line feed");
        }

        var families = new Dictionary<string, string>(StringComparer.Ordinal);
        var samples = new List<Sample>();
        var lines = text.Split('\n');
        for (var n = 0; n < lines.Length - 1; n++)
        {
            var line = lines[n];
            try
            {
                if (line.StartsWith("# HELP ", StringComparison.Ordinal) || line.StartsWith("# TYPE ", StringComparison.Ordinal))
                {
                    var rest = line[7..];
                    var space = rest.IndexOf(' ', StringComparison.Ordinal);
                    var name = space < 0 ? rest : rest[..space];
                    RequireName(name, label: false);
                    if (line[2] == 'T')
                    {
                        var type = rest[(space + 1)..];
                        if (type is not ("counter" or "gauge" or "histogram" or "summary" or "untyped") || !families.TryAdd(name, type))
                        {
                            throw new FormatException($"bad or repeated TYPE for {name}");
                        }
                    }
                    else
                    {
                        Unescape(rest[(space + 1)..], allowQuote: true);
                    }

                    continue;
                }

                var sample = ParseSample(line);
                if (!families.ContainsKey(sample.Name) && !Suffixes.Any(s => sample.Name.EndsWith(s, StringComparison.Ordinal) && families.ContainsKey(sample.Name[..^s.Length])))
                {
                    throw new FormatException($"sample of undeclared family {sample.Name}");
                }

                samples.Add(sample);
            }
            catch (FormatException ex)
            {
                throw new FormatException($"line {n + 1}: {ex.Message}: {Show(line)}", ex);
            }
            catch (Exception ex) when (ex is IndexOutOfRangeException or ArgumentOutOfRangeException)
            {
                throw new FormatException($"line {n + 1} ends inside a sample: {Show(line)}", ex);
            }
        }

        return samples;
    }

    private static Sample ParseSample(string line)
    {
        var i = 0;
        while (i < line.Length && line[i] is not ('{' or ' '))
        {
            i++;
        }

        var name = line[..i];
        RequireName(name, label: false);
        var labels = new List<KeyValuePair<string, string>>();
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (line[i] != '}')
            {
                var equals = line.IndexOf('=', i);
                var labelName = line[i..equals];
                RequireName(labelName, label: true);
                if (labels.Any(l => l.Key == labelName))
                {
                    throw new FormatException($"duplicate label {labelName}");
                }

                if (line[equals + 1] != '"')
                {
                    throw new FormatException($"label {labelName} has no opening quote");
                }

                var value = new StringBuilder();
                i = equals + 2;
                while (line[i] != '"')
                {
                    if (line[i] == '\\')
                    {
                        value.Append(line[i + 1] switch
                        {
                            '\\' => '\\',
                            '"' => '"',
                            'n' => '\n',
                            var other => throw new FormatException($"unknown escape \\{other} in label {labelName}"),
                        });
                        i += 2;
                    }
                    else
                    {
                        value.Append(line[i++]);
                    }
                }

                labels.Add(new(labelName, value.ToString()));
                i++;
                if (line[i] == ',')
                {
                    i++;
                }
                else if (line[i] != '}')
                {
                    throw new FormatException($"expected , or }} after label {labelName}");
                }
            }

            i++;
        }

        if (i >= line.Length || line[i] != ' ')
        {
            throw new FormatException("no space before the value");
        }

        var parts = line[(i + 1)..].Split(' ');
        if (parts.Length > 2 || !TryValue(parts[0], out var number) || (parts.Length == 2 && !long.TryParse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)))
        {
            throw new FormatException("bad value or timestamp");
        }

        return new Sample(name, labels, number);
    }

    private static bool TryValue(string text, out double value)
    {
        switch (text)
        {
            case "+Inf":
                value = double.PositiveInfinity;
                return true;
            case "-Inf":
                value = double.NegativeInfinity;
                return true;
            case "NaN":
                value = double.NaN;
                return true;
            default:
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }
    }

    private static void RequireName(string name, bool label)
    {
        var valid = name.Length > 0
            && (char.IsAsciiLetter(name[0]) || name[0] == '_' || (!label && name[0] == ':'))
            && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_' || (!label && c == ':'));
        if (!valid)
        {
            throw new FormatException($"invalid {(label ? "label" : "metric")} name {Show(name)}");
        }
    }

    private static void Unescape(string help, bool allowQuote)
    {
        for (var i = 0; i < help.Length; i++)
        {
            if (help[i] == '\\' && (i + 1 >= help.Length || help[i + 1] is not ('\\' or 'n' or '"') || (!allowQuote && help[i + 1] == '"')))
            {
                throw new FormatException("unknown escape in HELP");
            }

            if (help[i] == '\\')
            {
                i++;
            }
        }
    }

    private static string Show(string text) => System.Text.Json.JsonSerializer.Serialize(text.Length > 200 ? text[..200] + "…" : text);
}
