using Dashboard.Features.Propagation;

namespace Dashboard.Features.Zones;

/// <summary>The outcome of applying a change set. Only <see cref="Applied"/> wrote anything.</summary>
public abstract record ApplyResult
{
    private ApplyResult()
    {
    }

    /// <summary>
    /// Committed in one transaction with the SOA serial bumped once. Returned at COMMIT: <see cref="Propagation"/> goes
    /// on proving, region by region, that DNS serves it.
    /// </summary>
    public sealed record Applied(long Serial, int RowsChanged, PropagationRun Propagation) : ApplyResult
    {
        /// <summary>From the start of the apply to its COMMIT (locks, checks, row writes, audit); <see cref="Propagation"/> runs after.</summary>
        public TimeSpan Committed { get; init; }

        /// <summary>The change's id (its stored propagation timeline); null only for a change nothing audited.</summary>
        public Guid? ChangeId { get; init; }

        /// <summary>Record changes applied (added, edited, disabled, enabled, deleted), as the diff counted them.</summary>
        public int RecordChanges { get; init; }

        /// <summary>True when the change set edited the SOA (beyond the serial bump every apply makes).</summary>
        public bool SoaEdited { get; init; }

        /// <summary>What was applied, in the operator's words: "Applied 2 record changes and the SOA edit; the SOA serial is now N."</summary>
        public string Summary
        {
            get
            {
                var records = RecordChanges == 1 ? "1 record change" : $"{RecordChanges} record changes";
                var what = (RecordChanges, SoaEdited) switch
                {
                    (0, true) => "the SOA edit",
                    (_, true) => $"{records} and the SOA edit",
                    _ => records,
                };
                return $"Applied {what}; the SOA serial is now {Serial}.";
            }
        }
    }

    /// <summary>Refused: the resulting zone data would break a rule. Each error names the RRset or field.</summary>
    public sealed record Invalid(IReadOnlyList<string> Errors) : ApplyResult;

    /// <summary>Refused: these RRsets changed since they were read (named like <c>www.pro.tunnel.test A</c>).</summary>
    public sealed record Conflict(IReadOnlyList<string> RRsets) : ApplyResult;

    /// <summary>The zone does not exist (any more).</summary>
    public sealed record NotFound(string Zone) : ApplyResult;
}
