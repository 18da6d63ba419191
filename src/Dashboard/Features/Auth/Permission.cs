namespace Dashboard.Features.Auth;

/// <summary>What an action needs. Commands and services demand these; pages only use them to hide what would be refused.</summary>
public enum Permission
{
    /// <summary>See every page and record (all roles but Abuse).</summary>
    ReadAll,

    /// <summary>See zones and records (every role).</summary>
    ReadZones,

    /// <summary>Create and delete zones; add, edit, delete records; TTLs; SOA; imports.</summary>
    EditDns,

    /// <summary>Change the Route 53 latency routing of the client entry name.</summary>
    EditRouting,

    /// <summary>Run per-region resolution checks (Operator, OnCall, Abuse), and region probes (with <see cref="ReadAll"/>: a probe shows region status).</summary>
    RunChecks,

    /// <summary>Acknowledge replica lag alerts.</summary>
    AcknowledgeAlerts,

    /// <summary>Start and stop lag drills (an injected replay delay on a replica). Admin only.</summary>
    RunLagDrills,

    /// <summary>Take down and restore records, in zones whose tier allows takedowns only.</summary>
    Takedown,

    /// <summary>Create users, assign roles, disable, reset passwords.</summary>
    ManageUsers,

    /// <summary>Read the audit trail.</summary>
    ReadAudit,
}
