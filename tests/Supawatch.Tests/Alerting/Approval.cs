using System.Runtime.CompilerServices;

namespace Supawatch.Tests.Alerting;

/// <summary>
/// Golden files: the rendered text must equal <c>Approved/NAME</c>. On a difference the new text is written
/// beside it as <c>NAME.received</c> for review; copy it over the approved file to accept it.
/// </summary>
public static class Approval
{
    public static void Verify(string name, string actual, [CallerFilePath] string callerPath = "")
    {
        var approved = Path.Combine(Path.GetDirectoryName(callerPath)!, "Approved", name);
        var received = approved + ".received";
        var expected = File.Exists(approved) ? File.ReadAllText(approved) : null;
        if (expected == actual)
        {
            File.Delete(received);
            return;
        }

        File.WriteAllText(received, actual);
        Assert.Fail(expected is null
            ? $"No approved file {approved}; review {received} and rename it to approve."
            : $"{name} differs from the approved file; review 'diff {approved} {received}' and copy it over to approve.");
    }

    /// <summary>The repository root (the folder holding Supawatch.slnx).</summary>
    public static string RepositoryRoot([CallerFilePath] string callerPath = "")
    {
        var directory = new DirectoryInfo(Path.GetDirectoryName(callerPath)!);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Supawatch.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Supawatch.slnx not found above " + callerPath);
    }
}
