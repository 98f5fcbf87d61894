using System.Buffers;
using System.Globalization;
using System.Text;

namespace Supawatch.Metrics;

/// <summary>
/// Writes tenant series in the Prometheus text format (version 0.0.4) straight from the inventory, the stats and the
/// health round, through one reused 64 KB buffer.
/// <para>
/// Written by hand instead of through prometheus-net, for the tenant series only: at 1,000 instances prometheus-net
/// needed a child object, a label array and a key string per series — ~40,000 of each — which was ~25 MB of the live
/// heap and most of a render's 145 ms and 10 MB of allocation (docs/performance.md, "Exporter memory at 1,000
/// instances"). The service's own metrics, few and long-lived, stay in prometheus-net.
/// </para>
/// Escaping follows the format: in label values <c>\</c>, <c>"</c> and line feed are escaped, everything else is
/// written as UTF-8 (an unpaired surrogate becomes U+FFFD).
/// </summary>
public sealed class ExpositionWriter : IDisposable
{
    private const int ChunkSize = 64 * 1024;

    /// <summary>Characters encoded per step: at most 3 bytes each, so a step always fits an empty buffer.</summary>
    private const int CharsPerStep = 4096;

    private const int MaxValueLength = 32;

    private readonly Stream _output;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
    private int _used;

    public ExpositionWriter(Stream output) => _output = output;

    /// <summary>The family's HELP and TYPE lines; its samples must follow before the next family.</summary>
    public void Family(MetricFamily family) => WriteRaw(family.Header);

    public void Sample(MetricFamily family, double value, params ReadOnlySpan<string> labelValues)
    {
        var prefixes = family.LabelPrefixes;
        if (family.LabelNames.Count != labelValues.Length)
        {
            throw new ArgumentException($"{family.Name} has {family.LabelNames.Count} labels, got {labelValues.Length} values.", nameof(labelValues));
        }

        if (labelValues.IsEmpty)
        {
            WriteRaw(prefixes[0]);
        }
        else
        {
            for (var i = 0; i < labelValues.Length; i++)
            {
                WriteRaw(prefixes[i]);
                WriteLabelValue(labelValues[i]);
            }

            WriteRaw("\"}"u8);
        }

        WriteRaw(" "u8);
        WriteValue(value);
        WriteRaw("\n"u8);
    }

    public void Flush()
    {
        if (_used > 0)
        {
            _output.Write(_buffer, 0, _used);
            _used = 0;
        }
    }

    public void Dispose()
    {
        Flush();
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    private void WriteLabelValue(string value)
    {
        var rest = value.AsSpan();
        while (!rest.IsEmpty)
        {
            var special = rest.IndexOfAny('\\', '"', '\n');
            if (special < 0)
            {
                WriteUtf8(rest);
                return;
            }

            WriteUtf8(rest[..special]);
            WriteRaw(rest[special] switch
            {
                '\\' => "\\\\"u8,
                '"' => "\\\""u8,
                _ => "\\n"u8,
            });
            rest = rest[(special + 1)..];
        }
    }

    private void WriteUtf8(ReadOnlySpan<char> text)
    {
        while (!text.IsEmpty)
        {
            var take = Math.Min(text.Length, CharsPerStep);
            // Never split a surrogate pair between two steps: each half would become U+FFFD.
            if (take < text.Length && char.IsHighSurrogate(text[take - 1]))
            {
                take--;
            }

            var step = text[..take];
            Reserve(step.Length * 3);
            _used += Encoding.UTF8.GetBytes(step, _buffer.AsSpan(_used));
            text = text[take..];
        }
    }

    private void WriteValue(double value)
    {
        Reserve(MaxValueLength);
        if (double.IsNaN(value))
        {
            WriteRaw("NaN"u8);
        }
        else if (double.IsPositiveInfinity(value))
        {
            WriteRaw("+Inf"u8);
        }
        else if (double.IsNegativeInfinity(value))
        {
            WriteRaw("-Inf"u8);
        }
        else
        {
            // Shortest round-trip form ("300", "12.5", "1.5E+20"), which Prometheus parses.
            value.TryFormat(_buffer.AsSpan(_used), out var written, default, CultureInfo.InvariantCulture);
            _used += written;
        }
    }

    private void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        Reserve(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_used));
        _used += bytes.Length;
    }

    private void Reserve(int bytes)
    {
        if (_buffer.Length - _used >= bytes)
        {
            return;
        }

        Flush();
        if (_buffer.Length < bytes)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = ArrayPool<byte>.Shared.Rent(bytes);
        }
    }
}
