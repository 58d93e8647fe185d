using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Threading;

namespace SupplyChainTools.Core.Inventory
{
    /// <summary>
    /// An installed npm package: node_modules/&lt;name&gt;/package.json or node_modules/@scope/&lt;name&gt;/package.json
    /// (other package.json files, a project's own or one inside a package's lib folder, are not installed packages).
    /// </summary>
    internal sealed class NpmPackageJsonReader : IEvidenceReader
    {
        public bool Handles(EvidenceFile file)
        {
            if (!string.Equals(file.Name, "package.json", StringComparison.Ordinal))
            {
                return false;
            }

            string? parent = Path.GetDirectoryName(file.Directory);
            string parentName = Path.GetFileName(parent ?? string.Empty);
            if (parentName == "node_modules")
            {
                return true;
            }

            return parentName.StartsWith("@", StringComparison.Ordinal) && Path.GetFileName(Path.GetDirectoryName(parent!) ?? string.Empty) == "node_modules";
        }

        public IEnumerable<InventoriedComponent> Read(EvidenceFile file, InventoryOptions options, CancellationToken cancellationToken)
        {
            using JsonDocument document = file.ReadJson(cancellationToken);
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new InventoryEvidenceException(file.FullPath, null, "it is not a JSON object, so it is not a package.json");
            }

            string folderName = Path.GetFileName(file.Directory);
            string scope = Path.GetFileName(Path.GetDirectoryName(file.Directory) ?? string.Empty);
            string name = JsonText.String(root, "name") ?? (scope.StartsWith("@", StringComparison.Ordinal) ? scope + "/" + folderName : folderName);
            string? version = JsonText.String(root, "version");
            string? license = JsonText.String(root, "license");
            string? resolved = JsonText.String(root, "_resolved");
            (string? algorithm, string? hash) = JsonText.Sri(JsonText.String(root, "_integrity"));
            var component = new SoftwareComponent(
                SoftwareEcosystem.Npm, name, version, PackageUrl.Npm(name, version), file.FullPath, EvidenceKind.NpmPackageJson, false,
                resolved, file.Directory, File.GetLastWriteTimeUtc(file.FullPath), algorithm, hash, license);
            return new[] { new InventoriedComponent(component) };
        }
    }
}
