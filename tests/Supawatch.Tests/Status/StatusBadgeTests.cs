using System.Xml;
using System.Xml.Linq;
using Supawatch.Instances;
using Supawatch.Status;

namespace Supawatch.Tests.Status;

public sealed class StatusBadgeTests
{
    private static readonly StatusUptime Uptime = new(100, 99.95, 99.5, 97.25);

    public static TheoryData<string, HealthStatus> Every()
    {
        var data = new TheoryData<string, HealthStatus>();
        foreach (var kind in StatusBadge.Kinds)
        {
            foreach (var status in HealthStatuses.All)
            {
                data.Add(kind, status);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Every))]
    public void Render_EveryKindAndStatus_IsAnSvgDocumentWithNothingActive(string kind, HealthStatus status)
    {
        foreach (var text in new[] { StatusText.English, StatusText.Portuguese })
        {
            var svg = StatusBadge.Render(kind, status, Uptime, text)!;

            var root = Parse(svg).Root!;
            Assert.Equal(XName.Get("svg", "http://www.w3.org/2000/svg"), root.Name);
            Assert.Equal("img", (string?)root.Attribute("role"));
            Assert.DoesNotContain(root.Descendants(), e => e.Name.LocalName is "script" or "foreignObject" or "style" or "a" or "image" or "use");
            Assert.DoesNotContain(root.DescendantsAndSelf().Attributes(), a => a.Name.LocalName.StartsWith("on", StringComparison.OrdinalIgnoreCase) || a.Name.LocalName == "href");
            var texts = root.Descendants(XName.Get("text", "http://www.w3.org/2000/svg")).Select(t => t.Value).ToList();
            Assert.Equal(2, texts.Count);
            Assert.Equal($"{texts[0]}: {texts[1]}", root.Element(XName.Get("title", "http://www.w3.org/2000/svg"))!.Value);
        }
    }

    [Fact]
    public void Render_StatusAndUptime_SayWhatAPersonReads()
    {
        Assert.Equal(["status", "down"], Texts(StatusBadge.Render("status", HealthStatus.Down, Uptime, StatusText.English)!));
        Assert.Equal(["status", "fora do ar"], Texts(StatusBadge.Render("status", HealthStatus.Down, Uptime, StatusText.Portuguese)!));
        Assert.Equal(["uptime 7 d", "99.95%"], Texts(StatusBadge.Render("uptime-7d", HealthStatus.Up, Uptime, StatusText.English)!));
        Assert.Equal(["disponibilidade 90 d", "97.25%"], Texts(StatusBadge.Render("uptime-90d", HealthStatus.Up, Uptime, StatusText.Portuguese)!));
        Assert.Equal(["uptime 24 h", "no data"], Texts(StatusBadge.Render("uptime-24h", HealthStatus.Up, new StatusUptime(null, null, null, null), StatusText.English)!));
        Assert.Null(StatusBadge.Render("uptime-1y", HealthStatus.Up, Uptime, StatusText.English));
    }

    [Fact]
    public void Render_EveryBackground_CarriesWhiteTextAtAA()
    {
        foreach (var kind in StatusBadge.Kinds)
        {
            foreach (var status in HealthStatuses.All)
            {
                foreach (var uptime in new[] { Uptime, new StatusUptime(98, 98, 98, 98), new StatusUptime(null, null, null, null) })
                {
                    var root = Parse(StatusBadge.Render(kind, status, uptime, StatusText.English)!).Root!;
                    foreach (var fill in root.Descendants(XName.Get("rect", "http://www.w3.org/2000/svg")).Select(r => (string)r.Attribute("fill")!))
                    {
                        Assert.True(StatusPalette.Contrast(fill, "#ffffff") >= 4.5, $"{kind} {status}: white on {fill} is {StatusPalette.Contrast(fill, "#ffffff"):0.00}:1");
                    }
                }
            }
        }
    }

    private static List<string> Texts(string svg) =>
        [.. Parse(svg).Root!.Descendants(XName.Get("text", "http://www.w3.org/2000/svg")).Select(t => t.Value)];

    private static XDocument Parse(string svg)
    {
        using var reader = XmlReader.Create(new StringReader(svg), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
        return XDocument.Load(reader);
    }
}
