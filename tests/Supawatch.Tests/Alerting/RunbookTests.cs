using System.Text;
using Supawatch.Alerting;

namespace Supawatch.Tests.Alerting;

/// <summary>Every shipped rule links a section of docs/runbooks.md that exists and says what to do.</summary>
public sealed class RunbookTests
{
    private static readonly string RunbooksPath = Path.Combine(Approval.RepositoryRoot(), "docs", "runbooks.md");

    [Fact]
    public void Build_EveryRule_RunbookUrlResolvesToAHeadingOfDocsRunbooks()
    {
        var anchors = Headings(File.ReadAllLines(RunbooksPath)).Select(h => h.Anchor).ToHashSet(StringComparer.Ordinal);

        Assert.All(AlertRules.All(AlertRules.Build(new AlertingOptions())), rule =>
        {
            var url = rule.Annotations["runbook_url"];
            var hash = url.IndexOf('#', StringComparison.Ordinal);
            Assert.True(hash > 0, $"{rule.Alert}: runbook_url '{url}' has no anchor");
            Assert.Equal("docs/runbooks.md", url[..hash]);
            Assert.True(File.Exists(Path.Combine(Approval.RepositoryRoot(), url[..hash])));
            Assert.True(anchors.Contains(url[(hash + 1)..]), $"{rule.Alert}: docs/runbooks.md has no heading with anchor '{url[(hash + 1)..]}'");
        });
    }

    [Fact]
    public void Build_RunbookUrlSet_EveryRuleLinksThatPageWithItsAnchor()
    {
        var rules = AlertRules.Build(new AlertingOptions { RunbookUrl = "https://wiki.example.com/ops/runbooks.md" });

        Assert.All(AlertRules.All(rules), rule =>
            Assert.Equal("https://wiki.example.com/ops/runbooks.md#" + Slug(rule.Alert), rule.Annotations["runbook_url"]));
    }

    [Fact]
    public void DocsRunbooks_EveryAlertSection_SaysWhatItMeansWhatToCheckHowToSilenceAndWhenItResolves()
    {
        var lines = File.ReadAllLines(RunbooksPath);
        var headings = Headings(lines).ToList();

        foreach (var rule in AlertRules.All(AlertRules.Build(new AlertingOptions())))
        {
            var heading = headings.Single(h => h.Anchor == Slug(rule.Alert));
            var next = headings.Where(h => h.Line > heading.Line && h.Level <= heading.Level).Select(h => h.Line).DefaultIfEmpty(lines.Length).First();
            var section = string.Join('\n', lines[heading.Line..next]);
            Assert.All(["**Means**", "**Check first**", "**Silence**", "**Resolves**"], part =>
                Assert.True(section.Contains(part, StringComparison.Ordinal), $"runbook of {rule.Alert} lacks {part}"));
            Assert.Contains('`', section.Split("**Check first**")[1].Split("**Silence**")[0]);
        }
    }

    /// <summary>Markdown headings outside code fences, with GitHub's anchors (duplicates get -1, -2…).</summary>
    private static IEnumerable<(int Line, int Level, string Anchor)> Headings(string[] lines)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var fenced = false;
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith("```", StringComparison.Ordinal))
            {
                fenced = !fenced;
                continue;
            }

            var level = lines[i].TakeWhile(c => c == '#').Count();
            if (fenced || level == 0 || level > 6 || lines[i].Length <= level || lines[i][level] != ' ')
            {
                continue;
            }

            var slug = Slug(lines[i][(level + 1)..].Trim());
            var count = seen.GetValueOrDefault(slug);
            seen[slug] = count + 1;
            yield return (i, level, count == 0 ? slug : $"{slug}-{count}");
        }
    }

    /// <summary>GitHub's heading anchor: lower case, punctuation dropped (except - and _), spaces to hyphens.</summary>
    private static string Slug(string heading)
    {
        var slug = new StringBuilder();
        foreach (var c in heading.ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c) || c is '-' or '_')
            {
                slug.Append(c);
            }
            else if (c == ' ')
            {
                slug.Append('-');
            }
        }

        return slug.ToString();
    }
}
