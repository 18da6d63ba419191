using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Dashboard.Dns;

/// <summary>
/// SVCB and HTTPS content (RFC 9460): <c>&lt;priority&gt; &lt;target&gt; [key=value ...]</c>. Priority 0 is AliasMode
/// and takes no parameters; otherwise ServiceMode with the parameters mandatory, alpn, no-default-alpn, port,
/// ipv4hint, ech and ipv6hint (each at most once; mandatory keys must be present; no-default-alpn needs alpn).
/// Stored as PowerDNS's API stores it: parameters in key-number order, values unquoted except ech, IPv6 lowercase,
/// mandatory's keys in key-number order, the target without trailing dot:
/// <c>1 . mandatory=alpn,port alpn=h3,h2 port=443 ipv4hint=192.0.2.1 ech="AEn+…" ipv6hint=2001:db8::1</c>.
/// </summary>
public static class SvcbContent
{
    /// <summary>The parameters the dashboard accepts, in key-number order (RFC 9460 §14.3.2).</summary>
    public static IReadOnlyList<string> Keys => KeyNames;

    private static readonly string[] KeyNames = ["mandatory", "alpn", "no-default-alpn", "port", "ipv4hint", "ech", "ipv6hint"];

    private static int IndexOf(string key) => Array.IndexOf(KeyNames, key);

    /// <param name="origin">The zone for what an operator typed (a relative target is completed with it); empty for storage form.</param>
    public static ValidationResult Validate(RecordType type, string input, string origin = "")
    {
        ArgumentNullException.ThrowIfNull(input);
        var label = type.Mnemonic();
        if (RdataTokens.Split(input, label, out var f) is { } splitError)
        {
            return ValidationResult.Fail(splitError);
        }

        if (f.Count < 2)
        {
            return ValidationResult.Fail($"{label} content must be priority, target and optional parameters, like '1 . alpn=h2,h3' or '0 svc.example.net.'");
        }

        var errors = new List<string>();
        var priorityError = NumberField.Check(f[0], ushort.MaxValue, $"{label} priority", out var priority);
        if (priorityError is not null)
        {
            errors.Add(priorityError);
        }

        var target = Target(f[1], label, origin);
        errors.AddRange(target.Errors);
        if (priorityError is null && priority == 0 && f.Count > 2)
        {
            errors.Add($"{label} priority 0 is AliasMode, which takes no parameters (RFC 9460 §2.4.2); remove '{string.Join(' ', f.Skip(2))}' or use a priority of 1 or more");
        }

        var values = new SortedDictionary<int, string?>();
        foreach (var token in f.Skip(2))
        {
            if (Param(token, label, out var key, out var value) is { } paramError)
            {
                errors.Add(paramError);
            }
            else if (!values.TryAdd(key, value))
            {
                errors.Add($"{label} parameter '{Keys[key]}' appears more than once");
            }
        }

        if (values.TryGetValue(0, out var mandatory) && mandatory is not null)
        {
            foreach (var missing in mandatory.Split(',').Where(k => !values.ContainsKey(IndexOf(k))))
            {
                errors.Add($"{label} mandatory lists '{missing}', which the record does not have");
            }
        }

        if (values.ContainsKey(2) && !values.ContainsKey(1))
        {
            errors.Add($"{label} no-default-alpn needs an alpn parameter too (RFC 9460 §7.1.1)");
        }

        if (errors.Count > 0)
        {
            return ValidationResult.Fail(errors);
        }

        var parts = new List<string> { priority.ToString(CultureInfo.InvariantCulture), target.Value! };
        parts.AddRange(values.Select(p => p.Value is null ? Keys[p.Key] : $"{Keys[p.Key]}={p.Value}"));
        return ValidationResult.Ok(string.Join(' ', parts));
    }

    private static ValidationResult Target(string token, string label, string origin) =>
        RdataName.Read(token, $"{label} target", origin, allowRoot: true, DnsNameKind.Hostname);

    /// <summary>Reads <c>key=value</c> (value optionally quoted) into the key's index and its storage value.</summary>
    private static string? Param(string token, string label, out int key, out string? value)
    {
        value = null;
        var eq = token.IndexOf('=');
        var name = AsciiText.ToLower(eq < 0 ? token : token[..eq]);
        key = IndexOf(name);
        if (key < 0)
        {
            return $"{label} parameter '{name}' is not supported; use {string.Join(", ", Keys)}";
        }

        var raw = eq < 0 ? null : token[(eq + 1)..];
        if (raw is { Length: >= 2 } && raw.StartsWith('"') && raw.EndsWith('"'))
        {
            raw = raw[1..^1];
        }

        if (name == "no-default-alpn")
        {
            return raw is null ? null : $"{label} no-default-alpn takes no value";
        }

        if (string.IsNullOrEmpty(raw))
        {
            return $"{label} parameter {name} needs a value, like {name}={Example(name)}";
        }

        var items = raw.Split(',');
        switch (name)
        {
            case "mandatory":
                var keys = new List<int>();
                foreach (var item in items)
                {
                    var index = IndexOf(AsciiText.ToLower(item));
                    if (index < 0 || index == 0)
                    {
                        return $"{label} mandatory may list only the other supported parameters ({string.Join(", ", Keys.Skip(1))}); '{item}' is not one";
                    }

                    if (keys.Contains(index))
                    {
                        return $"{label} mandatory lists '{item}' twice";
                    }

                    keys.Add(index);
                }

                value = string.Join(',', keys.Order().Select(k => Keys[k]));
                return null;
            case "alpn":
                var bad = items.FirstOrDefault(i => i.Length == 0 || i.Length > 255 || !i.All(c => c is > ' ' and < (char)127 and not '"' and not '\\' and not ','));
                if (bad is not null)
                {
                    return $"{label} alpn must be protocol ids separated by commas, like h2,h3; '{bad}' is not one";
                }

                value = raw;
                return null;
            case "port":
                if (!NumberField.TryParse(raw, ushort.MaxValue, out var port))
                {
                    return $"{label} port must be a whole number from 0 to 65535";
                }

                value = port.ToString(CultureInfo.InvariantCulture);
                return null;
            case "ipv4hint":
                var v4 = items.Select(IpAddressContent.ValidateIPv4).ToList();
                if (v4.FirstOrDefault(r => !r.IsValid) is { } v4Error)
                {
                    return $"{label} ipv4hint: {v4Error.Errors[0]}";
                }

                value = string.Join(',', v4.Select(r => r.Value));
                return null;
            case "ipv6hint":
                var v6 = new List<string>();
                foreach (var item in items)
                {
                    var r = IpAddressContent.ValidateIPv6(item);
                    if (!r.IsValid)
                    {
                        return $"{label} ipv6hint: {r.Errors[0]}";
                    }

                    if (IPAddress.Parse(r.Value!) is { AddressFamily: AddressFamily.InterNetworkV6, IsIPv4MappedToIPv6: true })
                    {
                        return $"{label} ipv6hint '{item}' is an IPv4-mapped address; put the IPv4 address in ipv4hint";
                    }

                    v6.Add(r.Value!);
                }

                value = string.Join(',', v6);
                return null;
            default: // ech
                try
                {
                    if (Convert.FromBase64String(raw).Length == 0)
                    {
                        return $"{label} ech must not be empty";
                    }
                }
                catch (FormatException)
                {
                    return $"{label} ech must be the ECHConfigList in base64 (RFC 9460 §7.3); '{raw}' is not base64";
                }

                value = $"\"{raw}\"";
                return null;
        }
    }

    private static string Example(string key) => key switch
    {
        "mandatory" => "alpn",
        "alpn" => "h2,h3",
        "port" => "443",
        "ipv4hint" => "192.0.2.1",
        "ipv6hint" => "2001:db8::1",
        _ => "AEn+DQBF…",
    };
}
