using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using SupplyChainTools.Core.FileSystem;
using SupplyChainTools.Core.Hashing;

namespace SupplyChainTools.Core.Catalogs
{
    /// <summary>
    /// Compares a folder with a catalog that lists its files by relative path, as PowerShell's New-FileCatalog writes
    /// them and Test-FileCatalog checks them: every listed file must exist with the listed hash, and no file may be
    /// added. Relative paths match case-insensitively with '\' and '/' both separators; the catalog file itself is
    /// never reported as added.
    /// </summary>
    public static class CatalogFolderCheck
    {
        public static CatalogCheckSummary Compare(string folder, CatalogVerifier catalog, CancellationToken cancellationToken = default)
        {
            if (folder == null)
            {
                throw new ArgumentNullException(nameof(folder));
            }

            if (catalog == null)
            {
                throw new ArgumentNullException(nameof(catalog));
            }

            string root = Path.GetFullPath(folder);
            if (!Directory.Exists(root))
            {
                throw new DirectoryNotFoundException("The folder '" + root + "' does not exist.");
            }

            string catalogFullPath = Path.GetFullPath(catalog.CatalogPath);
            var membersByPath = new Dictionary<string, CatalogMember>(StringComparer.OrdinalIgnoreCase);
            int membersWithoutPath = 0;
            foreach (CatalogMember member in catalog.Members)
            {
                string? recorded = CatalogVerifier.RecordedPathOf(member);
                if (recorded == null)
                {
                    membersWithoutPath++;
                }
                else if (!membersByPath.ContainsKey(NormalizeRelativePath(recorded)))
                {
                    membersByPath.Add(NormalizeRelativePath(recorded), member);
                }
            }

            HashAlgorithmName primaryAlgorithm = catalog.MemberAlgorithms.Count > 0 ? catalog.MemberAlgorithms[0] : HashAlgorithmName.SHA256;
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var results = new List<CatalogFileCheck>();
            foreach (WalkEntry entry in FileWalker.Walk(root, new FileWalkOptions { Recurse = true }, cancellationToken))
            {
                if (entry.Kind == WalkEntryKind.Skipped || string.Equals(Path.GetFullPath(entry.Path), catalogFullPath, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                string relativePath = RelativePathOf(root, entry.Path);
                string key = NormalizeRelativePath(relativePath);
                membersByPath.TryGetValue(key, out CatalogMember? listed);
                if (listed != null)
                {
                    seen.Add(key);
                }

                if (entry.Kind == WalkEntryKind.Error)
                {
                    results.Add(Unreadable(entry.Path, relativePath, listed, entry.Reason ?? "it cannot be read"));
                    continue;
                }

                try
                {
                    using (var stream = new FileStream(entry.Path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81920))
                    {
                        results.Add(listed != null
                            ? CompareListedFile(entry.Path, relativePath, listed, stream, primaryAlgorithm, cancellationToken)
                            : CompareUnlistedFile(catalog, entry.Path, relativePath, stream, primaryAlgorithm, cancellationToken));
                    }
                }
                catch (Exception exception) when (exception is IOException || exception is UnauthorizedAccessException)
                {
                    results.Add(Unreadable(entry.Path, relativePath, listed, exception.Message));
                }
            }

            foreach (KeyValuePair<string, CatalogMember> listed in membersByPath)
            {
                if (seen.Contains(listed.Key))
                {
                    continue;
                }

                string relativePath = listed.Key.Replace('\\', Path.DirectorySeparatorChar);
                results.Add(new CatalogFileCheck(
                    Path.Combine(root, relativePath),
                    relativePath,
                    CatalogFileStatus.Missing,
                    AlgorithmNameOf(listed.Value),
                    CatalogVerifier.ExpectedHexOf(listed.Value),
                    null,
                    "The catalog lists '" + CatalogVerifier.RecordedPathOf(listed.Value) + "', which is not in the folder."));
            }

            results.Sort((left, right) => StringComparer.OrdinalIgnoreCase.Compare(left.RelativePath, right.RelativePath));
            return new CatalogCheckSummary(root, catalog.CatalogSignature, results, membersWithoutPath);
        }

        /// <summary>The dictionary key of a relative path: '\' separators, no leading ".\" or separator.</summary>
        internal static string NormalizeRelativePath(string relativePath)
        {
            string normalized = relativePath.Replace('/', '\\');
            while (normalized.StartsWith(".\\", StringComparison.Ordinal))
            {
                normalized = normalized.Substring(2);
            }

            return normalized.TrimStart('\\');
        }

        private static CatalogFileCheck CompareListedFile(string path, string relativePath, CatalogMember listed, Stream content, HashAlgorithmName primaryAlgorithm, CancellationToken cancellationToken)
        {
            HashAlgorithmName algorithm = CatalogFile.TryGetMemberAlgorithm(listed, out HashAlgorithmName memberAlgorithm) ? memberAlgorithm : primaryAlgorithm;
            var hashes = new CatalogVerifier.MemberHashes(content, algorithm, cancellationToken);
            byte[] actual = hashes.Get(algorithm);
            string tableNote = hashes.CertificateTableProblem == null ? string.Empty : " The certificate table the PE header points at is hashed as part of the image: " + hashes.CertificateTableProblem;
            string expectedHex = CatalogVerifier.ExpectedHexOf(listed);
            string actualHex = HexConverter.ToUpperHex(actual);
            return listed.Matches(actual)
                ? new CatalogFileCheck(path, relativePath, CatalogFileStatus.Valid, algorithm.Name, expectedHex, actualHex, "The file has the " + algorithm.Name + " hash the catalog lists.")
                : new CatalogFileCheck(path, relativePath, CatalogFileStatus.HashMismatch, algorithm.Name, expectedHex, actualHex, "The file changed since the catalog was signed: its " + algorithm.Name + " hash is " + actualHex + ", the catalog lists " + expectedHex + "." + tableNote);
        }

        private static CatalogFileCheck CompareUnlistedFile(CatalogVerifier catalog, string path, string relativePath, Stream content, HashAlgorithmName primaryAlgorithm, CancellationToken cancellationToken)
        {
            var hashes = new CatalogVerifier.MemberHashes(content, primaryAlgorithm, cancellationToken);
            CatalogMember? byHash = catalog.FindMember(hashes, out HashAlgorithmName matchedAlgorithm);
            if (byHash != null && CatalogVerifier.RecordedPathOf(byHash) == null)
            {
                string hex = HexConverter.ToUpperHex(hashes.Get(matchedAlgorithm));
                return new CatalogFileCheck(path, relativePath, CatalogFileStatus.Valid, matchedAlgorithm.Name, hex, hex, "The file's " + matchedAlgorithm.Name + " hash is listed in the catalog, which records no path for it.");
            }

            string actualHex = HexConverter.ToUpperHex(hashes.Get(primaryAlgorithm));
            string message = byHash != null
                ? "The file is not listed in the catalog under this path; the same content is listed as '" + CatalogVerifier.RecordedPathOf(byHash) + "'."
                : "The file is not listed in the catalog: it was added after the catalog was signed.";
            return new CatalogFileCheck(path, relativePath, CatalogFileStatus.NotInCatalog, primaryAlgorithm.Name, null, actualHex, message);
        }

        private static CatalogFileCheck Unreadable(string path, string relativePath, CatalogMember? listed, string reason)
        {
            return new CatalogFileCheck(
                path,
                relativePath,
                CatalogFileStatus.Unreadable,
                listed == null ? null : AlgorithmNameOf(listed),
                listed == null ? null : CatalogVerifier.ExpectedHexOf(listed),
                null,
                "The file cannot be read: " + reason.TrimEnd('.') + ".");
        }

        private static string? AlgorithmNameOf(CatalogMember member) =>
            CatalogFile.TryGetMemberAlgorithm(member, out HashAlgorithmName algorithm) ? algorithm.Name : null;

        private static string RelativePathOf(string root, string path)
        {
            string fullPath = Path.GetFullPath(path);
            string prefix = root.EndsWith(Path.DirectorySeparatorChar.ToString(), StringComparison.Ordinal) ? root : root + Path.DirectorySeparatorChar;
            return fullPath.StartsWith(prefix, StringComparison.Ordinal) ? fullPath.Substring(prefix.Length) : Path.GetFileName(fullPath);
        }
    }
}
