namespace Dashboard.Dns;

/// <summary>
/// Parses a BIND master file into storage-format records. Supports <c>$ORIGIN</c>, <c>$TTL</c>,
/// <c>$GENERATE</c> (<see cref="ZoneFileGenerate"/>), relative names, <c>@</c>, blank owners (repeat the previous
/// owner), optional TTL and class IN in either order, comments, parentheses spanning lines, quoted strings and data in
/// the RFC 3597 generic form (<see cref="GenericRdata"/>). Lines written by <see cref="ZoneFileWriter"/> as
/// <c>; disabled: &lt;record&gt;</c> become disabled records. <c>$INCLUDE</c>, other directives, other classes and
/// unsupported types are rejected. Every record's content goes through <see cref="RecordContent.Validate"/>.
/// </summary>
public static class ZoneFileParser
{
    public static ZoneFileParseResult Parse(string text, string zoneName)
    {
        ArgumentNullException.ThrowIfNull(text);
        var zone = DnsName.Normalize(zoneName);
        var errors = new List<ZoneError>();
        var state = new ParserState(zone);
        var records = new List<ZoneRecord>();
        foreach (var entry in ZoneFileLexer.Lex(text, errors))
        {
            if (!entry.BlankOwner && entry.Tokens[0] is { Quoted: false } first && first.Text.StartsWith('$'))
            {
                if (AsciiText.ToUpper(first.Text) == "$GENERATE")
                {
                    Generate(entry, state, errors, records);
                }
                else
                {
                    ParseDirective(entry, state, errors);
                }
            }
            else if (ParseRecord(entry, state, errors) is { } record)
            {
                records.Add(record);
            }
        }

        return new ZoneFileParseResult(records, errors.OrderBy(e => e.Line).Select(e => e.ToString()).ToArray());
    }

    /// <summary>Expands <c>$GENERATE</c> into one record entry per value and parses each; the first bad one stops it.</summary>
    private static void Generate(ZoneEntry entry, ParserState state, List<ZoneError> errors, List<ZoneRecord> records)
    {
        var generated = ZoneFileGenerate.Expand(entry.Tokens.Skip(1).ToList(), out var error);
        if (error is not null)
        {
            errors.Add(new ZoneError(entry.Line, $"$GENERATE: {error}"));
            return;
        }

        foreach (var tokens in generated)
        {
            var errorCount = errors.Count;
            var record = ParseRecord(entry with { Tokens = tokens }, state, errors, generated: true);
            if (errors.Count > errorCount)
            {
                var at = string.Join(' ', tokens.Select(t => t.Text));
                errors[errorCount] = errors[errorCount] with { Message = $"$GENERATE, at '{at}': {errors[errorCount].Message}" };
                return;
            }

            if (record is not null)
            {
                records.Add(record);
            }
        }
    }

    private static void ParseDirective(ZoneEntry entry, ParserState state, List<ZoneError> errors)
    {
        var directive = AsciiText.ToUpper(entry.Tokens[0].Text);
        var args = entry.Tokens.Skip(1).Select(t => t.Text).ToArray();
        void Error(string message) => errors.Add(new ZoneError(entry.Line, message));
        switch (directive)
        {
            case "$INCLUDE":
                Error("$INCLUDE is not supported; paste the included file's records into this file instead");
                break;
            case "$ORIGIN" when args is ["."]:
                state.Origin = string.Empty;
                state.RootOriginLine = entry.Line;
                break;
            case "$ORIGIN" when args.Length == 1:
                var origin = DnsName.Validate(ZoneFileContent.ResolveName(args[0], state.Origin), DnsNameKind.Owner);
                if (origin.IsValid)
                {
                    state.Origin = origin.Value!;
                    state.RootOriginLine = null;
                }
                else
                {
                    errors.AddRange(origin.Errors.Select(e => new ZoneError(entry.Line, $"$ORIGIN: {e}")));
                }

                break;
            case "$TTL" when args.Length == 1:
                if (ZoneFileTtl.TryParse(args[0], out var ttl))
                {
                    state.DefaultTtl = (int)ttl;
                }
                else
                {
                    Error($"$TTL value '{args[0]}' must be a number of seconds from 0 to {TtlRules.MaxTtl}");
                }

                break;
            case "$ORIGIN" or "$TTL":
                Error($"{directive} takes exactly one value");
                break;
            default:
                Error($"the directive '{entry.Tokens[0].Text}' is not supported (only $ORIGIN, $TTL and $GENERATE are)");
                break;
        }
    }

    private static ZoneRecord? ParseRecord(ZoneEntry entry, ParserState state, List<ZoneError> errors, bool generated = false)
    {
        var errorCount = errors.Count;
        void Error(string message) => errors.Add(new ZoneError(entry.Line, message));
        var tokens = entry.Tokens;
        var index = 0;
        if (!entry.BlankOwner && !tokens[0].Quoted && ZoneFileLexer.OddSpace(tokens[0].Text) is { } oddOwner)
        {
            // The rest of the line was glued onto the owner: nothing after it can be read reliably.
            Error(OddSpaceMessage(tokens[0].Text, oddOwner));
            return null;
        }

        var owner = ParseOwner(entry, state, Error, ref index, generated);

        int? explicitTtl = null;
        var sawClass = false;
        while (index < tokens.Count && !tokens[index].Quoted)
        {
            var text = tokens[index].Text;
            var upper = AsciiText.ToUpper(text);
            if (!sawClass && upper == "IN")
            {
                sawClass = true;
            }
            else if (upper is "CH" or "HS" or "CS" or "ANY" or "NONE")
            {
                Error($"only class IN is supported (found '{text}')");
                return null;
            }
            else if (explicitTtl is null && text.Length > 0 && char.IsAsciiDigit(text[0]))
            {
                if (!ZoneFileTtl.TryParse(text, out var ttl))
                {
                    Error(ZoneFileLexer.OddSpace(text) is { } odd
                        ? OddSpaceMessage(text, odd)
                        : $"TTL '{text}' must be a number of seconds from 0 to {TtlRules.MaxTtl}");
                    return null;
                }

                explicitTtl = (int)ttl;
            }
            else
            {
                break;
            }

            index++;
        }

        if (index >= tokens.Count)
        {
            Error("the record type is missing");
            return null;
        }

        if (tokens[index].Quoted || !RecordTypes.TryParse(tokens[index].Text, out var type))
        {
            Error(ZoneFileLexer.OddSpace(tokens[index].Text) is { } odd
                ? OddSpaceMessage(tokens[index].Text, odd)
                : tokens[index].Quoted
                    ? $"record type '{tokens[index].Text}' is not supported (supported: {RecordTypes.SupportedList})"
                    : RecordTypes.Explain(tokens[index].Text)!);
            return null;
        }

        var rdata = tokens.Skip(index + 1).ToArray();
        if (rdata.Length == 0)
        {
            Error($"the {type.Mnemonic()} record has no content");
            return null;
        }

        var words = rdata.Select(t => t.Text).ToList();
        var generic = !rdata[0].Quoted && GenericRdata.IsGeneric(words);
        // Unquoted TXT words are text (a no-break space in them is data); everywhere else only space and tab separate.
        foreach (var token in rdata.Where(t => !t.Quoted && (generic || type != RecordType.TXT)))
        {
            if (ZoneFileLexer.OddSpace(token.Text) is { } odd)
            {
                Error(OddSpaceMessage(token.Text, odd));
                return null;
            }
        }

        if (state.RootOriginLine is { } rootLine && !generic && rdata.Any(t => t is { Quoted: false, Text: "@" }))
        {
            Error(RootAtMessage(rootLine));
            return null;
        }

        string presentation;
        // A type the dashboard carries only generically (TYPEnnn) keeps its \# form: GenericContent checks it.
        if (!generic || type.IsGeneric())
        {
            presentation = ZoneFileContent.FromZoneFile(type, rdata);
        }
        else if (GenericRdata.TryDecode(type, words, out presentation) is { } genericError)
        {
            Error(genericError);
            return null;
        }

        var content = RecordContent.Validate(type, presentation, state.Origin);
        foreach (var message in content.Errors)
        {
            Error(message);
        }

        var effectiveTtl = explicitTtl ?? state.DefaultTtl ?? state.LastExplicitTtl;
        if (effectiveTtl is null)
        {
            Error("the record has no TTL and no $TTL directive precedes it");
        }

        if (!entry.Disabled && !generated && explicitTtl is not null)
        {
            state.LastExplicitTtl = explicitTtl;
        }

        return errors.Count == errorCount && owner is not null
            ? new ZoneRecord(owner, type, content.Value!, effectiveTtl!.Value, entry.Disabled)
            : null;
    }

    private static string? ParseOwner(ZoneEntry entry, ParserState state, Action<string> error, ref int index, bool generated)
    {
        if (entry.BlankOwner)
        {
            if (state.PreviousOwner is null)
            {
                error("the line starts with a space but there is no previous owner name to repeat");
            }

            return state.PreviousOwner;
        }

        index = 1;
        var token = entry.Tokens[0];
        if (token is { Quoted: false, Text: "@" } && state.RootOriginLine is { } rootLine)
        {
            error(RootAtMessage(rootLine));
            return null;
        }

        var name = DnsName.Validate(ZoneFileContent.ResolveName(token.Text, state.Origin), DnsNameKind.Owner);
        if (!name.IsValid || token.Quoted)
        {
            foreach (var e in name.Errors.DefaultIfEmpty($"'{token.Text}' is not a valid owner name"))
            {
                error($"owner name: {e}");
            }

            return null;
        }

        if (!DnsName.IsInZone(name.Value!, state.Zone))
        {
            error(state.RootOriginLine is { } root && !token.Text.EndsWith('.')
                ? $"name '{name.Value}' is not inside zone '{state.Zone}' ($ORIGIN . on line {root} made names without a trailing dot relative to the root)"
                : $"name '{name.Value}' is not inside zone '{state.Zone}'");
            return null;
        }

        if (!entry.Disabled && !generated)
        {
            state.PreviousOwner = name.Value;
        }

        return name.Value;
    }

    private static string OddSpaceMessage(string token, string odd) =>
        $"'{token}' contains {odd}; in a zone file only spaces and tabs separate fields. Replace it with a space, or put text in double quotes";

    private static string RootAtMessage(int rootLine) =>
        $"'@' stands for the current origin, which $ORIGIN . on line {rootLine} made the root, outside this zone; write the name in full with a trailing dot, or set $ORIGIN to the zone's name first";

    private sealed class ParserState(string zone)
    {
        public string Zone { get; } = zone;

        public string Origin { get; set; } = zone;

        public int? DefaultTtl { get; set; }

        public int? LastExplicitTtl { get; set; }

        public string? PreviousOwner { get; set; }

        /// <summary>The line of the <c>$ORIGIN .</c> in force, so '@' and relative names can say why they went wrong.</summary>
        public int? RootOriginLine { get; set; }
    }
}
