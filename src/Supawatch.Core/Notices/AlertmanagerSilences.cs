using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;

namespace Supawatch.Notices;

/// <summary>
/// Alertmanager's v2 silences API (list, create, expire) at <c>ALERTMANAGER_URL</c>. Credentials in the URL
/// (<c>http://user:pass@host:9093</c>) go into a basic-auth header and never into a message. Throws
/// <see cref="HttpRequestException"/> (with a message naming the variable) or <see cref="TimeoutException"/>.
/// </summary>
public sealed class AlertmanagerSilences : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly HttpClient _http;

    public AlertmanagerSilences(Uri baseUrl)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        _http = new HttpClient { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        if (!string.IsNullOrEmpty(baseUrl.UserInfo))
        {
            var userInfo = Uri.UnescapeDataString(baseUrl.UserInfo);
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(userInfo)));
        }

        var path = baseUrl.AbsolutePath.TrimEnd('/');
        Where = $"{baseUrl.Scheme}://{baseUrl.Host}:{baseUrl.Port}{path}";
        _http.BaseAddress = new Uri(Where + "/");
    }

    /// <summary>The Alertmanager address without credentials, for messages.</summary>
    public string Where { get; }

    public async Task<IReadOnlyList<AlertmanagerSilence>> ListAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, "api/v2/silences"), cancellationToken);
        return await response.Content.ReadFromJsonAsync(NoticesJsonContext.Default.ListAlertmanagerSilence, cancellationToken) ?? [];
    }

    public async Task<string> CreateAsync(AlertmanagerSilence silence, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api/v2/silences")
        {
            Content = JsonContent.Create(silence, NoticesJsonContext.Default.AlertmanagerSilence),
        };
        using var response = await SendAsync(request, cancellationToken);
        var created = await response.Content.ReadFromJsonAsync(NoticesJsonContext.Default.AlertmanagerSilenceCreated, cancellationToken);
        return created?.SilenceID ?? throw new HttpRequestException($"Alertmanager at {Where} (ALERTMANAGER_URL) answered a new silence without its id");
    }

    /// <summary>Expires a silence now (<c>DELETE /api/v2/silence/{id}</c>).</summary>
    public async Task ExpireAsync(string id, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"api/v2/silence/{Uri.EscapeDataString(id)}"), cancellationToken);
    }

    public void Dispose() => _http.Dispose();

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        HttpResponseMessage response;
        try
        {
            using (request)
            {
                response = await _http.SendAsync(request, timeout.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Alertmanager at {Where} (ALERTMANAGER_URL) did not answer within {Timeout.TotalSeconds:0} s");
        }
        catch (HttpRequestException ex)
        {
            throw new HttpRequestException($"cannot reach Alertmanager at {Where} (ALERTMANAGER_URL): {ex.HttpRequestError}", ex);
        }

        if (!response.IsSuccessStatusCode)
        {
            var status = (int)response.StatusCode;
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            response.Dispose();
            throw new HttpRequestException($"Alertmanager at {Where} (ALERTMANAGER_URL) answered {status}: {Common.SafeText.Printable(body.Length > 200 ? body[..200] : body)}");
        }

        return response;
    }
}
