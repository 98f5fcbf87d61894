namespace Supawatch.Instances;

/// <summary>The instance and component a container belongs to.</summary>
public readonly record struct ContainerIdentity(string InstanceId, string Component);
