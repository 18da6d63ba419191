using Dashboard.Route53;

namespace Dashboard.Tests.Route53;

internal static class RecordSetAssertions
{
    /// <summary>Field by field, values in order: a record's equality compares its value list by reference.</summary>
    public static void ShouldMatch(this ResourceRecordSet actual, ResourceRecordSet expected)
    {
        actual.Values.ShouldBe(expected.Values);
        (actual with { Values = expected.Values }).ShouldBe(expected);
    }
}
