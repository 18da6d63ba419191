namespace Dashboard.Features.Takedowns;

/// <summary>The database's side of takedown holds (db/005_takedown_holds.sql): what it raises when a write meets one.</summary>
public static class NameHolds
{
    /// <summary>
    /// The SQLSTATE of the hold guard's refusal (<c>records_hold_guard()</c>, once per statement on <c>records</c>): a row
    /// at a held name was inserted, or another row moved onto one (a new name or type). Its message names the name, the
    /// reason, the takedown and the hold's end.
    /// </summary>
    public const string HeldSqlState = "DH001";
}
