using System.Text.Json;

namespace Supawatch.Docker;

/// <summary><c>Ports</c> of a container list entry (<see cref="ContainerListEntryReader"/>): <c>IP</c>, <c>PrivatePort</c>, <c>PublicPort</c>, <c>Type</c>.</summary>
internal static class ContainerListPortsReader
{
    public static bool TryRead(ref Utf8JsonReader reader, out List<ContainerListPort>? ports)
    {
        ports = null;
        if (!ContainerListEntryReader.TryOpen(ref reader, JsonTokenType.StartArray, "Ports", out var isNull))
        {
            return false;
        }

        if (isNull)
        {
            return true;
        }

        ports = [];
        while (true)
        {
            if (!reader.Read())
            {
                return false;
            }

            if (reader.TokenType == JsonTokenType.EndArray)
            {
                return true;
            }

            ContainerListEntryReader.Expect(ref reader, JsonTokenType.StartObject, "Ports");
            if (!TryReadPort(ref reader, out var port))
            {
                return false;
            }

            ports.Add(port);
        }
    }

    private static bool TryReadPort(ref Utf8JsonReader reader, out ContainerListPort port)
    {
        port = null!;
        string? ip = null, type = null;
        int privatePort = 0;
        int? publicPort = null;
        while (true)
        {
            if (!reader.Read())
            {
                return false;
            }

            if (reader.TokenType == JsonTokenType.EndObject)
            {
                break;
            }

            bool whole;
            if (reader.NameIs("IP"u8))
            {
                whole = ContainerListEntryReader.TryReadString(ref reader, out ip);
            }
            else if (reader.NameIs("Type"u8))
            {
                whole = ContainerListEntryReader.TryReadString(ref reader, out type);
            }
            else if (reader.NameIs("PrivatePort"u8))
            {
                whole = TryReadPortNumber(ref reader, out var number);
                privatePort = number ?? 0;
            }
            else if (reader.NameIs("PublicPort"u8))
            {
                whole = TryReadPortNumber(ref reader, out publicPort);
            }
            else
            {
                whole = reader.TrySkip();
            }

            if (!whole)
            {
                return false;
            }
        }

        port = new ContainerListPort { Ip = ip, PrivatePort = privatePort, PublicPort = publicPort, Type = type };
        return true;
    }

    private static bool TryReadPortNumber(ref Utf8JsonReader reader, out int? number)
    {
        number = null;
        if (!reader.Read())
        {
            return false;
        }

        number = reader.TokenType switch
        {
            JsonTokenType.Number when reader.TryGetInt32(out var value) => value,
            JsonTokenType.Null => null,
            _ => throw new JsonException($"a port number in the container list is {reader.TokenType}, not a whole number"),
        };
        return true;
    }
}
