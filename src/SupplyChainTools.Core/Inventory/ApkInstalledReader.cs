using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using SupplyChainTools.Core.Hashing;

namespace SupplyChainTools.Core.Inventory
{
    /// <summary>
    /// Alpine's package database, lib/apk/db/installed: blocks separated by empty lines of one-letter fields
    /// (P name, V version, A architecture, L license, F folder, R file, Z the file's checksum "Q1" +
    /// base64 SHA-1). -VerifyFiles checks each R against its Z; paths are relative to the system root.
    /// </summary>
    internal sealed class ApkInstalledReader : IEvidenceReader
    {
        private const int MaximumPackages = 200_000;

        public bool Handles(EvidenceFile file) =>
            string.Equals(file.Name, "installed", StringComparison.Ordinal)
            && file.Directory.Replace('\\', '/').EndsWith("lib/apk/db", StringComparison.Ordinal);

        public IEnumerable<InventoriedComponent> Read(EvidenceFile file, InventoryOptions options, CancellationToken cancellationToken)
        {
            string text = file.ReadText(cancellationToken);
            string vendor = OsRelease.Id(file.SystemRoot, cancellationToken) ?? "alpine";
            var found = new List<InventoriedComponent>();
            var block = new Dictionary<char, string>();
            var files = new List<RecordedFile>();
            string folder = string.Empty;
            string? lastFile = null;
            int lineNumber = 0;
            int blockLine = 1;
            using var reader = new StringReader(text + "\n\n");
            string? line;
            while ((line = reader.ReadLine()) != null)
            {
                lineNumber++;
                if (line.Length == 0)
                {
                    if (block.Count > 0)
                    {
                        if (found.Count >= MaximumPackages)
                        {
                            throw new InventoryEvidenceException(file.FullPath, blockLine, $"it lists more than {MaximumPackages:N0} packages");
                        }

                        found.Add(Component(file, vendor, block, files, blockLine));
                    }

                    block = new Dictionary<char, string>();
                    files = new List<RecordedFile>();
                    folder = string.Empty;
                    lastFile = null;
                    blockLine = lineNumber + 1;
                    continue;
                }

                cancellationToken.ThrowIfCancellationRequested();
                if (line.Length < 2 || line[1] != ':')
                {
                    throw new InventoryEvidenceException(file.FullPath, lineNumber, "the line is not \"X:value\"");
                }

                string value = line.Substring(2);
                switch (line[0])
                {
                    case 'F': folder = value; lastFile = null; break;
                    case 'R': lastFile = Path.Combine(file.SystemRoot, folder, value); break;
                    case 'Z' when lastFile != null:
                        byte[]? digest = Checksum(value);
                        if (digest == null)
                        {
                            throw new InventoryEvidenceException(file.FullPath, lineNumber, "the checksum is not \"Q1\" and a base64 SHA-1");
                        }

                        files.Add(new RecordedFile(lastFile, SupportedHashAlgorithms.SHA1, HexConverter.ToUpperHex(digest)));
                        break;
                    default:
                        if (!block.ContainsKey(line[0]))
                        {
                            block[line[0]] = value;
                        }

                        break;
                }
            }

            return found;
        }

        private static InventoriedComponent Component(EvidenceFile file, string vendor, Dictionary<char, string> block, List<RecordedFile> files, int line)
        {
            if (!block.TryGetValue('P', out string? name) || !block.TryGetValue('V', out string? version))
            {
                throw new InventoryEvidenceException(file.FullPath, line, "a package has no P: name or no V: version");
            }

            block.TryGetValue('A', out string? architecture);
            block.TryGetValue('L', out string? license);
            var component = new SoftwareComponent(
                SoftwareEcosystem.Alpine, name, version, PackageUrl.Apk(vendor, name, version, architecture), file.FullPath,
                EvidenceKind.ApkInstalled, false, null, file.SystemRoot, File.GetLastWriteTimeUtc(file.FullPath), license: license);
            List<RecordedFile> recorded = files;
            return new InventoriedComponent(component, recorded.Count == 0 ? null : new RecordedFileList(file.FullPath, _ => recorded));
        }

        private static byte[]? Checksum(string value)
        {
            if (!value.StartsWith("Q1", StringComparison.Ordinal))
            {
                return null;
            }

            try
            {
                byte[] digest = Convert.FromBase64String(value.Substring(2));
                return digest.Length == 20 ? digest : null;
            }
            catch (FormatException)
            {
                return null;
            }
        }
    }
}
