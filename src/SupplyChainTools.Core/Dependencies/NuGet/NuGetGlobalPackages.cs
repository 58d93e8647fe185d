using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Threading;
using NuGet.Versioning;
using SupplyChainTools.Core.Hashing;

namespace SupplyChainTools.Core.Dependencies.NuGet
{
    /// <summary>What the global packages folder records about one restored package: the feed it came from and its content hash.</summary>
    internal sealed class RestoredPackage
    {
        public RestoredPackage(string folder, string? source, string? metadataHash)
        {
            Folder = folder;
            Source = source;
            MetadataHash = metadataHash;
        }

        public string Folder { get; }

        /// <summary>The "source" of .nupkg.metadata: the feed restore downloaded the package from.</summary>
        public string? Source { get; }

        /// <summary>The "contentHash" of .nupkg.metadata (base64 SHA-512 of the .nupkg).</summary>
        public string? MetadataHash { get; }
    }

    /// <summary>
    /// The NuGet global packages folder (~/.nuget/packages): &lt;id&gt;/&lt;version&gt;/ in lower case, holding
    /// .nupkg.metadata and the .nupkg itself. Read only; every file through <see cref="DependencyFile"/>.
    /// </summary>
    internal static class NuGetGlobalPackages
    {
        /// <summary>The restored package, or null when it is not in the folder (or its version cannot be normalised).</summary>
        public static RestoredPackage? Find(string globalPackagesFolder, string id, string version, CancellationToken cancellationToken)
        {
            if (!NuGetVersion.TryParse(version, out NuGetVersion? parsed) || parsed == null || id.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || id.Contains(".."))
            {
                return null;
            }

            string folder = Path.Combine(globalPackagesFolder, id.ToLowerInvariant(), parsed.ToNormalizedString().ToLowerInvariant());
            string metadataPath = Path.Combine(folder, ".nupkg.metadata");
            if (!File.Exists(metadataPath))
            {
                return null;
            }

            var metadataFile = new DependencyFile(metadataPath, ".nupkg.metadata");
            DependencyText text = DependencyText.Read(metadataFile, cancellationToken);
            using JsonDocument document = text.ParseJson();
            JsonElement root = document.RootElement;
            return new RestoredPackage(folder, String(root, "source"), String(root, "contentHash"));
        }

        /// <summary>The path of the package's .nupkg in its folder, or null when the .nupkg is absent.</summary>
        public static string? PackagePath(RestoredPackage package, string id, string version)
        {
            string path = Path.Combine(package.Folder, id.ToLowerInvariant() + "." + NuGetVersion.Parse(version).ToNormalizedString().ToLowerInvariant() + ".nupkg");
            return File.Exists(path) ? path : null;
        }

        /// <summary>The base64 SHA-512 of the package's .nupkg as NuGet computes contentHash; null when the .nupkg is absent.</summary>
        public static string? ComputeContentHash(RestoredPackage package, string id, string version, CancellationToken cancellationToken)
        {
            string? path = PackagePath(package, id, version);
            if (path == null)
            {
                return null;
            }

            FileIntegrity hashed = FileHasher.HashFile(path, new[] { SupportedHashAlgorithms.SHA512 }, cancellationToken: cancellationToken);
            return Convert.ToBase64String(HexConverter.FromHex(hashed.GetHash(SupportedHashAlgorithms.SHA512) ?? string.Empty));
        }

        private static string? String(JsonElement element, string name) =>
            element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }
}
