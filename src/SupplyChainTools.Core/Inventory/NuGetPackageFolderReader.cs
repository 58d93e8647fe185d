using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Threading;
using System.Xml;
using SupplyChainTools.Core.Hashing;

namespace SupplyChainTools.Core.Inventory
{
    /// <summary>
    /// A package in a NuGet global packages folder (&lt;id&gt;/&lt;version&gt;/.nupkg.metadata beside &lt;id&gt;.nuspec): the
    /// nuspec gives the id as published, the version and license; .nupkg.metadata the source feed. The package's
    /// hash is &lt;id&gt;.&lt;version&gt;.nupkg.sha512 (the downloaded .nupkg's SHA-512), and -VerifyFiles checks the kept
    /// .nupkg against it: the extracted files have no recorded hashes of their own, and .nupkg.metadata's
    /// contentHash leaves a signed package's signature out, so it cannot be checked against the file.
    /// </summary>
    internal sealed class NuGetPackageFolderReader : IEvidenceReader
    {
        public bool Handles(EvidenceFile file) => string.Equals(file.Name, ".nupkg.metadata", StringComparison.OrdinalIgnoreCase);

        public IEnumerable<InventoriedComponent> Read(EvidenceFile file, InventoryOptions options, CancellationToken cancellationToken)
        {
            string? source;
            string? contentHash;
            using (JsonDocument metadata = file.ReadJson(cancellationToken))
            {
                source = JsonText.String(metadata.RootElement, "source");
                contentHash = JsonText.String(metadata.RootElement, "contentHash");
            }

            string folderVersion = Path.GetFileName(file.Directory);
            string folderId = Path.GetFileName(Path.GetDirectoryName(file.Directory) ?? string.Empty);
            string nuspecPath = Path.Combine(file.Directory, folderId + ".nuspec");
            (string? id, string? version, string? license) = File.Exists(nuspecPath) ? ReadNuspec(nuspecPath, cancellationToken) : (null, null, null);
            string name = id ?? folderId;
            string packageVersion = version ?? folderVersion;
            // The .nupkg's own SHA-512, which NuGet writes beside it and nuget.org publishes as the package hash. The
            // content hash differs for a signed package (it leaves the signature out), so it is only the fallback.
            string nupkg = Path.Combine(file.Directory, folderId + "." + folderVersion + ".nupkg");
            string sha512File = nupkg + ".sha512";
            (string? algorithm, string? hash) = File.Exists(sha512File) ? JsonText.Sri(EvidenceFile.ReadText(sha512File, cancellationToken)) : JsonText.Sri(contentHash);
            RecordedFileList? recorded = null;
            if (hash != null && algorithm != null && File.Exists(sha512File))
            {
                recorded = new RecordedFileList(sha512File, _ => new[] { new RecordedFile(nupkg, algorithm, hash) });
            }

            var component = new SoftwareComponent(
                SoftwareEcosystem.NuGet, name, packageVersion, PackageUrl.NuGet(name, packageVersion), file.FullPath,
                EvidenceKind.NuGetMetadata, false, source, file.Directory, File.GetLastWriteTimeUtc(file.FullPath), algorithm, hash, license);
            return new[] { new InventoriedComponent(component, recorded) };
        }

        /// <summary>id, version and license expression from the nuspec's metadata element (no DTD, no external entities).</summary>
        private static (string? Id, string? Version, string? License) ReadNuspec(string path, CancellationToken cancellationToken)
        {
            byte[] bytes = EvidenceFile.ReadBytes(path, cancellationToken);
            string? id = null, version = null, license = null;
            try
            {
                using XmlReader reader = XmlReader.Create(new MemoryStream(bytes), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true });
                while (reader.Read())
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (reader.NodeType != XmlNodeType.Element || reader.Depth != 2)
                    {
                        continue;
                    }

                    switch (reader.LocalName)
                    {
                        case "id": id = reader.ReadElementContentAsString().Trim(); break;
                        case "version": version = reader.ReadElementContentAsString().Trim(); break;
                        case "license": license = reader.ReadElementContentAsString().Trim(); break;
                    }
                }
            }
            catch (XmlException ex)
            {
                throw new InventoryEvidenceException(path, ex.LineNumber, "it is not valid XML (" + ex.Message + ")", ex);
            }

            return (Empty(id), Empty(version), Empty(license));
        }

        private static string? Empty(string? text) => string.IsNullOrEmpty(text) ? null : text;
    }
}
