using System.Security.Cryptography;
using System.Text;

namespace Supawatch.Status;

/// <summary>
/// The page's only style sheet and only script, both inline. The Content-Security-Policy allows exactly these texts
/// (by hash) and nothing else: no images, no external resources, so injected markup could not run even if encoding
/// ever failed. The script only refreshes the page (the reader can turn that off) and rewrites <c>&lt;time&gt;</c>
/// texts into the reader's time zone; without it the page reads the same in UTC.
/// </summary>
public static class StatusStyle
{
    public static string Css { get; } =
        ":root{color-scheme:light dark;" + StatusPalette.Light.Variables + "}\n" +
        "@media (prefers-color-scheme:dark){:root{" + StatusPalette.Dark.Variables + "}}\n" +
        """
        body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:60rem;padding:1rem;background:var(--bg);color:var(--fg)}
        h1{font-size:1.5rem;margin:.2rem 0}h2{font-size:1.2rem;margin:1.5rem 0 .5rem}h3{font-size:1.05rem;margin:0;display:inline}
        .overall{font-size:1.2rem;font-weight:600;padding:.8rem 1rem;border-radius:.4rem;color:#fff}
        .meta,.iid,.kicker{color:var(--muted);font-size:.85rem;margin:.2rem 0}.notice{border:2px solid currentColor;border-radius:4px;padding:.4rem .6rem;font-weight:600}.cause{font-size:.85rem}
        .banner{border:2px solid var(--degraded);padding:.6rem 1rem;border-radius:.4rem}
        .instance{border:1px solid var(--line);border-radius:.4rem;padding:.7rem;margin:.6rem 0}
        .badge{display:inline-block;padding:0 .5rem;border-radius:1rem;color:#fff;font-size:.8rem;vertical-align:middle}
        .s-up{background:var(--up)}.s-degraded{background:var(--degraded)}.s-down{background:var(--down)}
        .s-stopped{background:var(--stopped)}.s-unknown{background:var(--unknown)}
        .s-maintenance{background:#2b6cb0}.maintenance,.report{border-left:4px solid #2b6cb0;padding:.2rem .7rem;margin:.5rem 0;list-style:none}
        .bars{display:flex;gap:1px;height:1.6rem;margin:.4rem 0}.bar{flex:1;border-radius:1px;min-width:1px}
        .uptime{display:flex;flex-wrap:wrap;gap:.3rem 1rem;margin:.3rem 0;font-size:.85rem}.uptime div{display:flex;gap:.3rem}
        .uptime dt{color:var(--muted)}.uptime dd{margin:0;font-weight:600}
        table{border-collapse:collapse;width:100%;font-size:.85rem}td,th{text-align:left;padding:.15rem .4rem;border-top:1px solid var(--line)}
        details.org{border:1px solid var(--line);border-radius:.4rem;margin:.4rem 0;padding:.3rem .7rem}details.org>summary{cursor:pointer;padding:.2rem 0}
        .org .name{font-weight:600}.sum{color:var(--muted);font-size:.85rem}details.days{margin:.2rem 0 .5rem;font-size:.85rem}
        .filter{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin:.8rem 0}.filter input[type=search]{min-width:14rem}
        ul.incidents{padding-left:1.1rem}footer{margin:2rem 0 1rem;color:var(--muted);font-size:.85rem}a{color:inherit}
        :focus-visible{outline:2px solid var(--fg);outline-offset:2px}
        @media (max-width:30rem){body{padding:.5rem}.bars{height:1.2rem}.filter input[type=search]{min-width:0;width:100%}}
        """;

    /// <summary>
    /// Refreshes the page every health interval while the reader leaves the switch on (WCAG 2.2.1: a refresh the reader
    /// can turn off, which a meta refresh is not), and shows every instant (<c>&lt;time datetime="…T…Z"&gt;</c>) in the
    /// reader's time zone and language, saying which zone; without script the page keeps the UTC text the server wrote.
    /// </summary>
    public const string Script = """
        (function(){var a=document.getElementById('auto');if(a){var k='supawatch-auto-refresh';try{a.checked=sessionStorage.getItem(k)!=='0'}catch(e){}a.addEventListener('change',function(){try{sessionStorage.setItem(k,a.checked?'1':'0')}catch(e){}});document.getElementById('auto-refresh').hidden=false;setInterval(function(){if(a.checked)location.reload()},1000*(+a.dataset.seconds||30))}var z;try{z=Intl.DateTimeFormat().resolvedOptions().timeZone}catch(e){return}if(!z)return;var f=new Intl.DateTimeFormat(document.documentElement.lang,{year:'numeric',month:'2-digit',day:'2-digit',hour:'2-digit',minute:'2-digit',second:'2-digit',timeZoneName:'short'});document.querySelectorAll('time[datetime*="T"]').forEach(function(t){var d=new Date(t.dateTime);if(!isNaN(d))t.textContent=f.format(d)});var n=document.getElementById('tz');if(n&&n.dataset.local)n.textContent=n.dataset.local.replace('{0}',z)})();
        """;

    /// <summary>The Content-Security-Policy sent with every status page.</summary>
    public static string ContentSecurityPolicy { get; } =
        $"default-src 'none'; style-src 'sha256-{Hash(Css)}'; script-src 'sha256-{Hash(Script)}'; " +
        "img-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>The Content-Security-Policy of badges and JSON: nothing at all may load or run.</summary>
    public const string NothingPolicy = "default-src 'none'; sandbox";

    private static string Hash(string text) => Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
