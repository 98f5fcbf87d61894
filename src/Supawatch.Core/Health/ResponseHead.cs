namespace Supawatch.Health;

/// <summary>How far <see cref="ResponseHead.Read"/> got.</summary>
public enum ResponseHeadState
{
    /// <summary>The head has not ended yet: read more.</summary>
    Incomplete,

    /// <summary>The head ended: <see cref="ResponseHead.StatusCode"/> is the final answer's.</summary>
    Complete,

    /// <summary>Not an HTTP/1.x status line.</summary>
    Invalid,

    /// <summary>More than <see cref="ResponseHead.MaxBytes"/> before the empty line.</summary>
    TooLarge,
}

/// <summary>
/// Follows an HTTP/1.x response head as its bytes arrive, in chunks of any size: the status code from the status
/// line (<c>HTTP/1.x NNN</c>), then every header line up to the empty line that ends the head. Header values are
/// not kept (a probe needs the status and the time the head took). An interim 1xx answer is passed over, as
/// <see cref="HttpClient"/> does, and the next head is read; 101 is final.
/// </summary>
public struct ResponseHead
{
    /// <summary>The most a head may take, as <see cref="SocketsHttpHandler.MaxResponseHeadersLength"/>'s default (64 KB).</summary>
    public const int MaxBytes = 64 * 1024;

    // "HTTP/1.1 200": "HTTP/1.", the version's digit, a space, three digits.
    private const int PrefixLength = 7;
    private const int StatusLength = 12;

    private int _position;
    private int _lineLength;

    /// <summary>The status code read so far; the final one once <see cref="Read"/> says <see cref="ResponseHeadState.Complete"/>.</summary>
    public int StatusCode { get; private set; }

    public ResponseHeadState Read(ReadOnlySpan<byte> received)
    {
        foreach (var value in received)
        {
            if (++_position > MaxBytes)
            {
                return ResponseHeadState.TooLarge;
            }

            if (_position <= StatusLength + 1 && !StatusLineAccepts(_position - 1, value))
            {
                return ResponseHeadState.Invalid;
            }

            if (value != '\n')
            {
                _lineLength += value == '\r' ? 0 : 1;
                continue;
            }

            if (_lineLength > 0)
            {
                _lineLength = 0;
                continue;
            }

            if (StatusCode is >= 100 and < 200 and not 101)
            {
                _position = 0;
                StatusCode = 0;
                continue;
            }

            return ResponseHeadState.Complete;
        }

        return ResponseHeadState.Incomplete;
    }

    private bool StatusLineAccepts(int index, byte value)
    {
        switch (index)
        {
            case < PrefixLength:
                return value == "HTTP/1."u8[index];
            case PrefixLength:
                return char.IsAsciiDigit((char)value);
            case PrefixLength + 1:
                return value == ' ';
            case < StatusLength when char.IsAsciiDigit((char)value):
                StatusCode = (StatusCode * 10) + (value - '0');
                return true;
            case < StatusLength:
                return false;
            default:
                // What follows the code: the reason phrase's space or the line's end.
                return value is (byte)' ' or (byte)'\r' or (byte)'\n';
        }
    }
}
