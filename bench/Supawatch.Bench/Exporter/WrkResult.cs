using System.Globalization;
using System.Text.RegularExpressions;

namespace Supawatch.Bench.Exporter;

/// <summary>What one <c>wrk --latency</c> run reported, parsed from its text output.</summary>
/// <param name="Errors">Socket errors (connect, read, write, timeout) plus non-2xx/3xx responses.</param>
/// <param name="BytesRead">wrk's "read" total, in bytes (its own rounding: three significant digits).</param>
internal sealed partial record WrkResult(long Requests, double Seconds, double RequestsPerSecond, double P50Ms, double P99Ms, long Errors, string ErrorDetail, double BytesRead, double P90Ms = double.NaN)
{
    public static WrkResult Parse(string output)
    {
        var total = TotalLine().Match(output);
        var rps = RequestsPerSecondLine().Match(output);
        if (!total.Success || !rps.Success)
        {
            throw new InvalidOperationException($"could not read wrk's output: {output}");
        }

        var socket = SocketErrorsLine().Match(output);
        var non2xx = NonSuccessLine().Match(output);
        long connect = 0, read = 0, write = 0, timeout = 0, status = 0;
        if (socket.Success)
        {
            connect = long.Parse(socket.Groups[1].Value, CultureInfo.InvariantCulture);
            read = long.Parse(socket.Groups[2].Value, CultureInfo.InvariantCulture);
            write = long.Parse(socket.Groups[3].Value, CultureInfo.InvariantCulture);
            timeout = long.Parse(socket.Groups[4].Value, CultureInfo.InvariantCulture);
        }

        if (non2xx.Success)
        {
            status = long.Parse(non2xx.Groups[1].Value, CultureInfo.InvariantCulture);
        }

        return new WrkResult(
            long.Parse(total.Groups[1].Value, CultureInfo.InvariantCulture),
            Duration(total.Groups[2].Value) / 1000,
            double.Parse(rps.Groups[1].Value, CultureInfo.InvariantCulture),
            Percentile(output, "50%"),
            Percentile(output, "99%"),
            connect + read + write + timeout + status,
            $"connect {connect}, read {read}, write {write}, timeout {timeout}, non-2xx {status}",
            Size(total.Groups[3].Value),
            Percentile(output, "90%"));
    }

    private static double Percentile(string output, string percent)
    {
        var line = output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(percent + " ", StringComparison.Ordinal));
        return line is null ? double.NaN : Duration(line[percent.Length..].Trim());
    }

    /// <summary>wrk's durations, e.g. <c>812.00us</c>, <c>4.51ms</c>, <c>1.02s</c>, <c>1.50m</c>, in milliseconds.</summary>
    private static double Duration(string text)
    {
        var match = Quantity().Match(text);
        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch
        {
            "us" => value / 1000,
            "ms" => value,
            "s" => value * 1000,
            "m" => value * 60_000,
            "h" => value * 3_600_000,
            var unit => throw new InvalidOperationException($"unknown wrk time unit '{unit}' in '{text}'"),
        };
    }

    /// <summary>wrk's sizes use binary multiples (KB = 1024 B).</summary>
    private static double Size(string text)
    {
        var match = Quantity().Match(text);
        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return value * match.Groups[2].Value switch
        {
            "B" => 1,
            "KB" => 1024,
            "MB" => 1024 * 1024,
            "GB" => 1024.0 * 1024 * 1024,
            "TB" => 1024.0 * 1024 * 1024 * 1024,
            var unit => throw new InvalidOperationException($"unknown wrk size unit '{unit}' in '{text}'"),
        };
    }

    [GeneratedRegex(@"(\d+) requests in ([\d.]+\w+), ([\d.]+\w+) read")]
    private static partial Regex TotalLine();

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RequestsPerSecondLine();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrorsLine();

    [GeneratedRegex(@"Non-2xx or 3xx responses: (\d+)")]
    private static partial Regex NonSuccessLine();

    [GeneratedRegex(@"^([\d.]+)([a-zA-Z]+)$")]
    private static partial Regex Quantity();
}
