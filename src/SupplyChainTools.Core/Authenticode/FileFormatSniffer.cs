using System;

namespace SupplyChainTools.Core.Authenticode
{
    /// <summary>Names a file's format from its first bytes, for messages about files that are not PE images.</summary>
    internal static class FileFormatSniffer
    {
        public static string Describe(byte[] start)
        {
            if (StartsWith(start, 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1)) return "an MSI or other OLE compound file";
            if (StartsWith(start, (byte)'M', (byte)'S', (byte)'C', (byte)'F')) return "a CAB archive";
            if (StartsWith(start, (byte)'P', (byte)'K', 3, 4)) return "a ZIP archive (APPX/MSIX, NuGet or similar)";
            if (StartsWith(start, 0x7F, (byte)'E', (byte)'L', (byte)'F')) return "an ELF binary";
            if (StartsWith(start, 0xCF, 0xFA, 0xED, 0xFE) || StartsWith(start, 0xCA, 0xFE, 0xBA, 0xBE)) return "a Mach-O binary";
            if (start.Length > 0 && start[0] == 0x30) return "DER data (a catalog or PKCS#7 file)";
            if (start.Length == 0) return "an empty file";
            return "an unknown format";
        }

        public static string FileTypeOf(string description)
        {
            if (description.StartsWith("an MSI", StringComparison.Ordinal)) return AuthenticodeVerifier.MsiFileType;
            if (description.StartsWith("a CAB", StringComparison.Ordinal)) return AuthenticodeVerifier.CabFileType;
            if (description.StartsWith("a ZIP", StringComparison.Ordinal)) return "ZIP";
            if (description.StartsWith("DER", StringComparison.Ordinal)) return AuthenticodeVerifier.CatalogFileType;
            return "Unknown";
        }

        private static bool StartsWith(byte[] data, params byte[] prefix)
        {
            if (data.Length < prefix.Length)
            {
                return false;
            }

            for (int i = 0; i < prefix.Length; i++)
            {
                if (data[i] != prefix[i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
