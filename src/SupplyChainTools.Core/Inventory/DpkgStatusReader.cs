using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using SupplyChainTools.Core.Hashing;

namespace SupplyChainTools.Core.Inventory
{
    /// <summary>
    /// Debian's package database, var/lib/dpkg/status: one paragraph per package (Package, Status, Version,
    /// Architecture); packages whose state is "not-installed" or "config-files" are not installed and skipped. The
    /// time recorded is that of info/&lt;package&gt;.list, which dpkg writes when it unpacks; -VerifyFiles checks
    /// info/&lt;package&gt;.md5sums (paths relative to the system root), the files debsums checks by default, following
    /// dpkg-divert's diversions (var/lib/dpkg/diversions) as debsums does: a file another package diverted is checked
    /// where the package's own copy was moved.
    /// </summary>
    internal sealed class DpkgStatusReader : IEvidenceReader
    {
        private const int MaximumPackages = 200_000;

        public bool Handles(EvidenceFile file) =>
            string.Equals(file.Name, "status", StringComparison.Ordinal)
            && file.Directory.Replace('\\', '/').EndsWith("var/lib/dpkg", StringComparison.Ordinal);

        public IEnumerable<InventoriedComponent> Read(EvidenceFile file, InventoryOptions options, CancellationToken cancellationToken)
        {
            string text = file.ReadText(cancellationToken);
            string vendor = OsRelease.Id(file.SystemRoot, cancellationToken) ?? "debian";
            string info = Path.Combine(file.Directory, "info");
            Dictionary<string, (string To, string By)> diversions = ReadDiversions(Path.Combine(file.Directory, "diversions"), cancellationToken);
            var found = new List<InventoriedComponent>();
            foreach (ControlParagraph paragraph in ControlParagraph.ReadAll(text, file.FullPath, cancellationToken))
            {
                string? name = paragraph.Get("Package");
                string? version = paragraph.Get("Version");
                string? status = paragraph.Get("Status");
                if (name == null || status == null || status.EndsWith(" not-installed", StringComparison.Ordinal) || status.EndsWith(" config-files", StringComparison.Ordinal))
                {
                    continue;
                }

                if (found.Count >= MaximumPackages)
                {
                    throw new InventoryEvidenceException(file.FullPath, paragraph.Line, $"it lists more than {MaximumPackages:N0} packages");
                }

                string? architecture = paragraph.Get("Architecture");
                string listName = File.Exists(Path.Combine(info, name + ".list")) || architecture == null ? name : name + ":" + architecture;
                string list = Path.Combine(info, listName + ".list");
                string md5sums = Path.Combine(info, listName + ".md5sums");
                DateTime? recorded = File.Exists(list) ? File.GetLastWriteTimeUtc(list) : (DateTime?)null;
                RecordedFileList? files = File.Exists(md5sums) ? new RecordedFileList(md5sums, token => ReadMd5Sums(md5sums, file.SystemRoot, name, diversions, token)) : null;
                var component = new SoftwareComponent(
                    SoftwareEcosystem.Debian, name, version, PackageUrl.Deb(vendor, name, version, architecture), file.FullPath,
                    EvidenceKind.DpkgStatus, false, null, list, recorded);
                found.Add(new InventoriedComponent(component, files));
            }

            return found;
        }

        /// <summary>"md5hex  relative/path" lines, as dpkg writes them.</summary>
        private static IEnumerable<RecordedFile> ReadMd5Sums(string path, string systemRoot, string package, Dictionary<string, (string To, string By)> diversions, CancellationToken cancellationToken)
        {
            string text = EvidenceFile.ReadText(path, cancellationToken);
            var files = new List<RecordedFile>();
            int lineNumber = 0;
            using var reader = new StringReader(text);
            string? line;
            while ((line = reader.ReadLine()) != null)
            {
                lineNumber++;
                if (line.Length == 0)
                {
                    continue;
                }

                if (line.Length < 35 || line[32] != ' ' || !HexConverter.IsHex(line.Substring(0, 32)))
                {
                    throw new InventoryEvidenceException(path, lineNumber, "the line is not \"md5  path\"");
                }

                string relative = line.Substring(33).TrimStart(' ');
                if (diversions.TryGetValue("/" + relative.TrimStart('/'), out (string To, string By) diversion) && diversion.By != package)
                {
                    relative = diversion.To.TrimStart('/'); // another package diverted this file: the package's copy lives there
                }

                files.Add(new RecordedFile(Path.Combine(systemRoot, relative), SupportedHashAlgorithms.MD5, line.Substring(0, 32).ToUpperInvariant()));
            }

            return files;
        }

        /// <summary>var/lib/dpkg/diversions: three lines per diversion (the path, where it was moved, the diverting package; ":" for a local one).</summary>
        private static Dictionary<string, (string To, string By)> ReadDiversions(string path, CancellationToken cancellationToken)
        {
            var diversions = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
            if (!File.Exists(path))
            {
                return diversions;
            }

            string[] lines = EvidenceFile.ReadText(path, cancellationToken).Replace("\r\n", "\n").Split('\n');
            for (int i = 0; i + 2 < lines.Length; i += 3)
            {
                diversions[lines[i]] = (lines[i + 1], lines[i + 2]);
            }

            return diversions;
        }
    }
}
