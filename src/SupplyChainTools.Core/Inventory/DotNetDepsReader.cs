using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Threading;

namespace SupplyChainTools.Core.Inventory
{
    /// <summary>
    /// A .NET application's or shared framework's *.deps.json: one component per library ("Name/Version") of type
    /// package, runtimepack or project. The library key is the package version the host resolved; the
    /// assemblyVersion/fileVersion under targets are assembly metadata (System.Private.CoreLib 10.0.0.0 in runtime
    /// 10.0.12) and never used as a version. For a shared framework (shared/Microsoft.NETCore.App/10.0.12/) the
    /// runtime pack's version is checked against the folder's name, the version the host selects by.
    /// </summary>
    internal sealed class DotNetDepsReader : IEvidenceReader
    {
        private const int MaximumLibraries = 100_000;

        public bool Handles(EvidenceFile file) => file.Name.EndsWith(".deps.json", StringComparison.OrdinalIgnoreCase);

        public IEnumerable<InventoriedComponent> Read(EvidenceFile file, InventoryOptions options, CancellationToken cancellationToken)
        {
            var found = new List<InventoriedComponent>();
            DateTime recorded = File.GetLastWriteTimeUtc(file.FullPath);
            using (JsonDocument document = file.ReadJson(cancellationToken))
            {
                if (document.RootElement.ValueKind != JsonValueKind.Object
                    || !document.RootElement.TryGetProperty("libraries", out JsonElement libraries)
                    || libraries.ValueKind != JsonValueKind.Object)
                {
                    throw new InventoryEvidenceException(file.FullPath, null, "it has no \"libraries\" object, so it is not a .deps.json file");
                }

                string? frameworkVersion = SharedFrameworkVersion(file);
                foreach (JsonProperty library in libraries.EnumerateObject())
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (found.Count >= MaximumLibraries)
                    {
                        throw new InventoryEvidenceException(file.FullPath, null, $"it lists more than {MaximumLibraries:N0} libraries");
                    }

                    int slash = library.Name.IndexOf('/');
                    if (slash <= 0 || slash == library.Name.Length - 1 || library.Value.ValueKind != JsonValueKind.Object)
                    {
                        throw new InventoryEvidenceException(file.FullPath, null, $"the library \"{library.Name}\" is not \"Name/Version\"");
                    }

                    string name = library.Name.Substring(0, slash);
                    string version = library.Name.Substring(slash + 1);
                    string type = JsonText.String(library.Value, "type") ?? "package";
                    if (frameworkVersion != null && type != "project" && !string.Equals(frameworkVersion, version, StringComparison.OrdinalIgnoreCase))
                    {
                        throw new InventoryEvidenceException(file.FullPath, null, $"the runtime pack {name} is version {version}, but the shared framework folder says {frameworkVersion}");
                    }

                    (string? algorithm, string? hash) = JsonText.Sri(JsonText.String(library.Value, "sha512"));
                    bool isPackage = type == "package" || type == "runtimepack";
                    found.Add(new InventoriedComponent(new SoftwareComponent(
                        isPackage ? SoftwareEcosystem.NuGet : SoftwareEcosystem.Generic,
                        name,
                        version,
                        isPackage ? PackageUrl.NuGet(name, version) : PackageUrl.Generic(name, version),
                        file.FullPath,
                        EvidenceKind.DepsJson,
                        false,
                        null,
                        file.Directory,
                        recorded,
                        algorithm,
                        hash)));
                }
            }

            return found;
        }

        /// <summary>"10.0.12" for {dotnet root}/shared/Microsoft.NETCore.App/10.0.12/Microsoft.NETCore.App.deps.json; null for an application.</summary>
        private static string? SharedFrameworkVersion(EvidenceFile file)
        {
            string? frameworkFolder = Path.GetDirectoryName(file.Directory);
            string? shared = frameworkFolder == null ? null : Path.GetDirectoryName(frameworkFolder);
            string frameworkName = Path.GetFileName(frameworkFolder ?? string.Empty);
            if (shared == null || !string.Equals(Path.GetFileName(shared), "shared", StringComparison.Ordinal)
                || !string.Equals(file.Name, frameworkName + ".deps.json", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            return Path.GetFileName(file.Directory);
        }
    }
}
