using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using SupplyChainTools.Core.Archives;

namespace SupplyChainTools.Core.Tests.Packages
{
    /// <summary>The restore cache of this repository's own build (real, signed packages) and the tampered copies the tests make of them.</summary>
    internal static class NuGetTestPackages
    {
        /// <summary>NUGET_PACKAGES or ~/.nuget/packages; null when the machine has none.</summary>
        public static string? GlobalPackagesFolder
        {
            get
            {
                string? configured = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
                string folder = !string.IsNullOrEmpty(configured) ? configured : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
                return Directory.Exists(folder) && Directory.EnumerateFiles(folder, "*.nupkg", SearchOption.AllDirectories).Any() ? folder : null;
            }
        }

        public static string[] CachedPackages() =>
            Directory.GetFiles(GlobalPackagesFolder!, "*.nupkg", SearchOption.AllDirectories).OrderBy(path => path, StringComparer.Ordinal).ToArray();

        /// <summary>A cached package by its id (folder name), the newest version.</summary>
        public static string Cached(string id) =>
            Directory.GetFiles(Path.Combine(GlobalPackagesFolder!, id), "*.nupkg", SearchOption.AllDirectories).OrderBy(path => path, StringComparer.Ordinal).Last();

        public static string RemoveSignature(string source, string target) => Update(source, target, archive => archive.GetEntry(".signature.p7s")!.Delete());

        public static string CompressSignature(string source, string target) => Update(source, target, archive => ReplaceSignature(archive, ReadSignature(source), CompressionLevel.Optimal));

        public static string UseSignatureOf(string source, string signatureSource, string target) =>
            Update(source, target, archive => ReplaceSignature(archive, ReadSignature(signatureSource), CompressionLevel.NoCompression));

        public static string ChangeByteOfFirstDll(string source, string target)
        {
            byte[] bytes = File.ReadAllBytes(source);
            using (var stream = new MemoryStream(bytes))
            {
                ZipArchiveLayout layout = ZipArchiveReader.Read(stream, default);
                ZipEntryRecord dll = layout.Entries.First(entry => entry.Name.EndsWith(".dll", StringComparison.OrdinalIgnoreCase));
                ZipArchiveReader.ReadLocalHeader(stream, layout, dll);
                bytes[dll.DataOffset + (dll.CompressedSize / 2)] ^= 0x01;
            }

            File.WriteAllBytes(target, bytes);
            return target;
        }

        public static string Append(string source, string target)
        {
            File.Copy(source, target, overwrite: true);
            File.AppendAllText(target, "appended after signing");
            return target;
        }

        public static byte[] ReadSignature(string package)
        {
            using ZipArchive archive = ZipFile.OpenRead(package);
            using var content = new MemoryStream();
            using (Stream entry = archive.GetEntry(".signature.p7s")!.Open())
            {
                entry.CopyTo(content);
            }

            return content.ToArray();
        }

        private static void ReplaceSignature(ZipArchive archive, byte[] signature, CompressionLevel level)
        {
            archive.GetEntry(".signature.p7s")!.Delete();
            ZipArchiveEntry created = archive.CreateEntry(".signature.p7s", level);
            created.ExternalAttributes = 0; // as NuGet requires (.NET on Unix records file permissions there)
            using Stream entry = created.Open();
            entry.Write(signature, 0, signature.Length);
        }

        private static string Update(string source, string target, Action<ZipArchive> change)
        {
            File.Copy(source, target, overwrite: true);
            File.SetAttributes(target, FileAttributes.Normal);
            using (ZipArchive archive = ZipFile.Open(target, ZipArchiveMode.Update))
            {
                change(archive);
            }

            return target;
        }
    }
}
