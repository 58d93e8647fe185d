using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Threading;
using SupplyChainTools.Core.Authenticode;
using SupplyChainTools.Core.Catalogs;
using SupplyChainTools.Core.Checksums;
using SupplyChainTools.Core.FileSystem;
using SupplyChainTools.Core.Hashing;

namespace SupplyChainTools.Core.Sbom
{
    /// <summary>
    /// The one entry of Test-SbomManifest: an installed product folder against the SPDX 2.2 manifest its vendor
    /// shipped (_manifest/spdx_2.2/manifest.spdx.json, as Microsoft's sbom-tool writes it for PowerShell 7), on
    /// every OS. The manifest's own integrity comes from the signed catalog beside it (manifest.cat), checked with
    /// <see cref="CatalogVerifier"/>: signature, chain and the manifest's hash as a member. Then every file the
    /// manifest lists is hashed (SHA-256, else SHA-1) and every file of the folder outside _manifest that it does
    /// not list is Added. Entries that would leave the folder are refused (Unreadable), as checksum manifests' are.
    /// </summary>
    public static class SbomManifestVerification
    {
        /// <summary>The manifest's place below a product folder.</summary>
        public static readonly string DefaultManifest = Path.Combine("_manifest", "spdx_2.2", "manifest.spdx.json");

        private const int MaximumFiles = 1_000_000;

        public static SbomManifestSummary Run(string folder, string manifestPath, AuthenticodeVerifier verifier, CancellationToken cancellationToken)
        {
            string root = Path.GetFullPath(folder);
            string manifest = Path.GetFullPath(manifestPath);
            byte[] bytes = InputFileOpener.ReadAllBytes(manifest, InputKind.SbomManifest, cancellationToken);
            List<(string Relative, string Algorithm, string Hash)> listed = ReadFiles(bytes, manifest, cancellationToken);

            string catalogPath = Path.Combine(Path.GetDirectoryName(manifest) ?? root, "manifest.cat");
            AuthenticodeSignature signature;
            if (File.Exists(catalogPath))
            {
                var catalog = new CatalogVerifier(verifier, catalogPath, cancellationToken);
                using var content = new MemoryStream(bytes, writable: false);
                signature = catalog.VerifyMember(manifest, content, cancellationToken);
            }
            else
            {
                signature = new AuthenticodeSignature(manifest, "File") { Status = AuthenticodeStatus.NotSigned, StatusMessage = $"There is no catalog '{catalogPath}' to prove the manifest is the vendor's." };
            }

            var files = new List<SbomManifestFileCheck>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach ((string relative, string algorithm, string hash) in listed)
            {
                cancellationToken.ThrowIfCancellationRequested();
                seen.Add(relative);
                files.Add(Check(root, relative, algorithm, hash, cancellationToken));
            }

            string manifestFolder = Path.GetDirectoryName(Path.GetDirectoryName(manifest) ?? manifest) ?? manifest;
            foreach (WalkEntry entry in FileWalker.Walk(root, new FileWalkOptions { Recurse = true }, cancellationToken))
            {
                if (entry.Kind != WalkEntryKind.File || IsBelow(entry.Path, manifestFolder))
                {
                    continue;
                }

                string relative = entry.Path.Substring(root.TrimEnd(Path.DirectorySeparatorChar).Length + 1).Replace('\\', '/');
                if (!seen.Contains(relative))
                {
                    files.Add(new SbomManifestFileCheck(entry.Path, relative, SbomManifestFileStatus.Added, null, null, null, "The manifest does not list this file."));
                }
            }

            return new SbomManifestSummary(root, manifest, catalogPath, signature.Status, signature.StatusMessage, signature.SignerSubject, files);
        }

        private static bool IsBelow(string path, string folder) =>
            path.StartsWith(folder.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal);

        private static SbomManifestFileCheck Check(string root, string relative, string algorithm, string expected, CancellationToken cancellationToken)
        {
            if (ChecksumEntryPath.Check(relative) is string refusal)
            {
                return new SbomManifestFileCheck(relative, relative, SbomManifestFileStatus.Unreadable, algorithm, expected, null, "The entry was refused: " + refusal);
            }

            string path = Path.Combine(root, relative.Replace('/', Path.DirectorySeparatorChar));
            try
            {
                string? actual = FileHasher.HashFile(path, new[] { algorithm }, false, cancellationToken).GetHash(algorithm);
                string status = string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase) ? SbomManifestFileStatus.Match : SbomManifestFileStatus.Changed;
                return new SbomManifestFileCheck(path, relative, status, algorithm, expected, actual, null);
            }
            catch (Exception ex) when (ex is FileNotFoundException || ex is DirectoryNotFoundException)
            {
                return new SbomManifestFileCheck(path, relative, SbomManifestFileStatus.Missing, algorithm, expected, null, null);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                return new SbomManifestFileCheck(path, relative, SbomManifestFileStatus.Unreadable, algorithm, expected, null, ex.Message);
            }
        }

        /// <summary>The "files" array: fileName ("./bin/x.dll") and the SHA256 (else SHA1) checksum of each.</summary>
        private static List<(string, string, string)> ReadFiles(byte[] bytes, string path, CancellationToken cancellationToken)
        {
            var files = new List<(string, string, string)>();
            try
            {
                new UTF8Encoding(false, true).GetCharCount(bytes);
                using JsonDocument document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 64 });
                if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("files", out JsonElement list) || list.ValueKind != JsonValueKind.Array)
                {
                    throw new InvalidDataException($"The SBOM manifest '{path}' has no \"files\" array, so it is not an SPDX manifest of an installed product.");
                }

                foreach (JsonElement file in list.EnumerateArray())
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (files.Count >= MaximumFiles)
                    {
                        throw new InvalidDataException($"The SBOM manifest '{path}' lists more than {MaximumFiles:N0} files.");
                    }

                    string? name = file.ValueKind == JsonValueKind.Object && file.TryGetProperty("fileName", out JsonElement n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
                    (string? algorithm, string? hash) = Checksum(file);
                    if (name == null || algorithm == null || hash == null)
                    {
                        throw new InvalidDataException($"The SBOM manifest '{path}' has a file entry without a fileName or a SHA256/SHA1 checksum (entry {files.Count + 1}).");
                    }

                    files.Add((name.StartsWith("./", StringComparison.Ordinal) ? name.Substring(2) : name, algorithm, hash.ToUpperInvariant()));
                }
            }
            catch (Exception ex) when (ex is JsonException || ex is DecoderFallbackException)
            {
                throw new InvalidDataException($"The SBOM manifest '{path}' is not valid UTF-8 JSON: {ex.Message}", ex);
            }

            return files;
        }

        private static (string?, string?) Checksum(JsonElement file)
        {
            if (file.ValueKind != JsonValueKind.Object || !file.TryGetProperty("checksums", out JsonElement checksums) || checksums.ValueKind != JsonValueKind.Array)
            {
                return (null, null);
            }

            string? sha1 = null;
            foreach (JsonElement checksum in checksums.EnumerateArray())
            {
                string? algorithm = checksum.ValueKind == JsonValueKind.Object && checksum.TryGetProperty("algorithm", out JsonElement a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
                string? value = checksum.ValueKind == JsonValueKind.Object && checksum.TryGetProperty("checksumValue", out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
                if (value == null || !HexConverter.IsHex(value))
                {
                    continue;
                }

                if (algorithm == "SHA256" && value.Length == 64)
                {
                    return (SupportedHashAlgorithms.SHA256, value);
                }

                if (algorithm == "SHA1" && value.Length == 40)
                {
                    sha1 = value;
                }
            }

            return sha1 == null ? (null, null) : (SupportedHashAlgorithms.SHA1, sha1);
        }
    }
}
