using System.Security.Cryptography;
using System.Text;

namespace Supawatch.Status;

/// <summary>
/// The page's only style sheet, inline. The Content-Security-Policy allows exactly this text (by hash) and
/// nothing else: no scripts, no images, no external resources, so injected markup could not run even if
/// encoding ever failed.
/// </summary>
public static class StatusStyle
{
    public const string Css = """
        :root{color-scheme:light dark;--up:#1f9d55;--degraded:#d69e2e;--down:#e53e3e;--stopped:#718096;--unknown:#a0aec0}
        body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:60rem;padding:1rem}
        h1{font-size:1.5rem;margin:.2rem 0}h2{font-size:1.2rem;margin:1.5rem 0 .5rem}h3{font-size:1.05rem;margin:0}
        .overall{font-size:1.2rem;font-weight:600;padding:.8rem 1rem;border-radius:.4rem;color:#fff}
        .meta,.iid,.cause{color:#718096;font-size:.85rem;margin:.2rem 0}.cause{color:inherit}
        .banner{border:2px solid var(--degraded);padding:.6rem 1rem;border-radius:.4rem}
        .instance{border:1px solid #cbd5e0;border-radius:.4rem;padding:.7rem;margin:.6rem 0}
        .badge{display:inline-block;padding:0 .5rem;border-radius:1rem;color:#fff;font-size:.8rem;vertical-align:middle}
        .s-up{background:var(--up)}.s-degraded{background:var(--degraded)}.s-down{background:var(--down)}
        .s-stopped{background:var(--stopped)}.s-unknown{background:var(--unknown)}
        .s-maintenance{background:#2b6cb0}.maintenance,.report{border-left:4px solid #2b6cb0;padding:.2rem .7rem;margin:.5rem 0;list-style:none}
        .bars{display:flex;gap:1px;height:1.6rem;margin:.4rem 0}.bar{flex:1;border-radius:1px;min-width:1px}
        .uptime{display:flex;flex-wrap:wrap;gap:.3rem 1rem;margin:.3rem 0;font-size:.85rem}.uptime div{display:flex;gap:.3rem}
        .uptime dt{color:#718096}.uptime dd{margin:0;font-weight:600}
        table{border-collapse:collapse;width:100%;font-size:.85rem}td,th{text-align:left;padding:.15rem .4rem;border-top:1px solid #e2e8f0}
        ul.incidents{padding-left:1.1rem}footer{margin:2rem 0 1rem;color:#718096;font-size:.85rem}a{color:inherit}
        @media (max-width:30rem){body{padding:.5rem}.bars{height:1.2rem}}
        """;

    /// <summary>The Content-Security-Policy sent with every status response.</summary>
    public static string ContentSecurityPolicy { get; } =
        $"default-src 'none'; style-src 'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Css)))}'; " +
        "img-src 'none'; script-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
}
