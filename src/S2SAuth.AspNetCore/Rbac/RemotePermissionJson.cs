using System.Text.Json;
using System.Text.Json.Serialization;

namespace S2SAuth.Rbac;

/// <summary>Source-generated JSON of the remote RBAC contract (camelCase).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(PermissionRequest))]
[JsonSerializable(typeof(PermissionResponse))]
internal sealed partial class RemotePermissionJson : JsonSerializerContext;
