using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Xml;
using SupplyChainTools.Core.Dependencies;
using SupplyChainTools.Core.Dependencies.PowerShell;

namespace SupplyChainTools.Core.Inventory
{
    /// <summary>
    /// An installed PowerShell module: a manifest &lt;Name&gt;.psd1 in a folder &lt;Name&gt; or &lt;Name&gt;/&lt;version&gt;
    /// (other .psd1 files, resources and data, are not module manifests). The manifest, read by the dependency
    /// audit's constant-only <see cref="PowerShellDataFile"/> reader (the one .psd1 parser), gives ModuleVersion and PrivateData.PSData.Prerelease. When
    /// PowerShellGet or PSResourceGet installed it, PSGetModuleInfo.xml beside it records the repository
    /// (RepositorySourceLocation) and InstalledDate: then it is the evidence, the purl is a NuGet purl with the
    /// repository, and Source and RecordedUtc come from it. The manifest is the file -Signature checks.
    /// </summary>
    internal sealed class PowerShellModuleReader : IEvidenceReader
    {
        public bool Handles(EvidenceFile file)
        {
            if (!file.Name.EndsWith(".psd1", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            string name = Path.GetFileNameWithoutExtension(file.Name);
            string folder = Path.GetFileName(file.Directory);
            if (string.Equals(folder, name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            return Version.TryParse(folder, out _)
                && string.Equals(Path.GetFileName(Path.GetDirectoryName(file.Directory) ?? string.Empty), name, StringComparison.OrdinalIgnoreCase);
        }

        public IEnumerable<InventoriedComponent> Read(EvidenceFile file, InventoryOptions options, CancellationToken cancellationToken)
        {
            PsdValue manifest = ReadManifest(file, cancellationToken);
            string? version = manifest["ModuleVersion"]?.Text;
            if (string.IsNullOrEmpty(version))
            {
                throw new InventoryEvidenceException(file.FullPath, null, "it has no ModuleVersion, so it is not a module manifest");
            }

            PsdValue? psData = manifest["PrivateData"]?["PSData"];
            string? label = psData?["Prerelease"]?.Text;
            if (!string.IsNullOrEmpty(label))
            {
                version += "-" + label!.TrimStart('-');
            }

            string? license = psData?["LicenseUri"]?.Text;
            string name = Path.GetFileNameWithoutExtension(file.Name);
            string evidence = file.FullPath;
            string kind = EvidenceKind.PowerShellModuleManifest;
            string? source = null;
            DateTime recorded = File.GetLastWriteTimeUtc(file.FullPath);
            string purl = PackageUrl.Generic(name, version);
            string info = Path.Combine(file.Directory, "PSGetModuleInfo.xml");
            if (File.Exists(info))
            {
                (string? repository, DateTime? installed) = ReadModuleInfo(info, cancellationToken);
                evidence = info;
                kind = EvidenceKind.PSGetModuleInfo;
                source = repository;
                recorded = installed ?? File.GetLastWriteTimeUtc(info);
                purl = PackageUrl.NuGet(name, version, repository);
            }

            var component = new SoftwareComponent(
                SoftwareEcosystem.PowerShell, name, version, purl, evidence, kind, false, source, file.Directory, recorded, license: license);
            return new[] { new InventoriedComponent(component, mainFile: file.FullPath) };
        }

        private static PsdValue ReadManifest(EvidenceFile file, CancellationToken cancellationToken)
        {
            try
            {
                return PowerShellDataFile.ParseHashtable(file.ReadText(cancellationToken), file.FullPath, cancellationToken);
            }
            catch (DependencyFileFormatException ex)
            {
                throw new InventoryEvidenceException(file.FullPath, ex.Line, "it is not a module manifest of constants: " + ex.Message.TrimEnd('.'), ex);
            }
        }

        /// <summary>
        /// RepositorySourceLocation and InstalledDate of the CLIXML object PowerShellGet writes (properties of the
        /// top object only: Objs/Obj/MS/*). No DTD, no external entities.
        /// </summary>
        private static (string? Repository, DateTime? Installed) ReadModuleInfo(string path, CancellationToken cancellationToken)
        {
            byte[] bytes = EvidenceFile.ReadBytes(path, cancellationToken);
            string? repository = null;
            DateTime? installed = null;
            try
            {
                using XmlReader reader = XmlReader.Create(new MemoryStream(bytes), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true });
                while (reader.Read())
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (reader.NodeType != XmlNodeType.Element || reader.Depth != 3)
                    {
                        continue;
                    }

                    string? property = reader.GetAttribute("N");
                    if (property == "RepositorySourceLocation" && reader.LocalName == "S")
                    {
                        repository = reader.ReadElementContentAsString().Trim();
                    }
                    else if (property == "InstalledDate" && reader.LocalName == "DT"
                        && DateTime.TryParse(reader.ReadElementContentAsString(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out DateTime date))
                    {
                        installed = date;
                    }
                }
            }
            catch (XmlException ex)
            {
                throw new InventoryEvidenceException(path, ex.LineNumber, "it is not valid XML (" + ex.Message + ")", ex);
            }

            return (string.IsNullOrEmpty(repository) ? null : repository, installed);
        }
    }
}
