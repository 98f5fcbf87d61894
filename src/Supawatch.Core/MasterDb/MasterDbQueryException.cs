namespace Supawatch.MasterDb;

/// <summary>The master-database query ran but its result does not have the shape Supawatch needs.</summary>
public sealed class MasterDbQueryException(string message) : Exception(message);
