using System.Text.Json;

namespace Supawatch.Tests.Dashboards;

/// <summary>A panel's gridPos: Grafana's grid is 24 columns wide and unbounded downwards.</summary>
public readonly record struct GridBox(int X, int Y, int W, int H)
{
    public const int Columns = 24;

    public bool FitsTheGrid => X >= 0 && Y >= 0 && W > 0 && H > 0 && X + W <= Columns;

    public static GridBox Of(JsonElement panel)
    {
        var grid = panel.GetProperty("gridPos");
        return new GridBox(grid.GetProperty("x").GetInt32(), grid.GetProperty("y").GetInt32(), grid.GetProperty("w").GetInt32(), grid.GetProperty("h").GetInt32());
    }

    public bool Overlaps(GridBox other) =>
        X < other.X + other.W && other.X < X + W && Y < other.Y + other.H && other.Y < Y + H;

    public override string ToString() => $"(x={X}, y={Y}, w={W}, h={H})";
}
