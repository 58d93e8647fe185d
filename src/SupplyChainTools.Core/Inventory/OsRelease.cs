using System;
using System.IO;
using System.Threading;

namespace SupplyChainTools.Core.Inventory
{
    /// <summary>The distribution's ID from &lt;system root&gt;/etc/os-release (debian, ubuntu, alpine), which purls use as the deb and apk namespace.</summary>
    internal static class OsRelease
    {
        public static string? Id(string systemRoot, CancellationToken cancellationToken)
        {
            string path = Path.Combine(systemRoot, "etc", "os-release");
            if (!File.Exists(path))
            {
                path = Path.Combine(systemRoot, "usr", "lib", "os-release");
                if (!File.Exists(path))
                {
                    return null;
                }
            }

            try
            {
                using var reader = new StringReader(EvidenceFile.ReadText(path, cancellationToken));
                string? line;
                while ((line = reader.ReadLine()) != null)
                {
                    if (line.StartsWith("ID=", StringComparison.Ordinal))
                    {
                        string id = line.Substring(3).Trim().Trim('"', '\'').ToLowerInvariant();
                        return id.Length == 0 ? null : id;
                    }
                }
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is InventoryEvidenceException)
            {
                // The distribution name only refines the purl; without it the database's own kind names it.
            }

            return null;
        }
    }
}
