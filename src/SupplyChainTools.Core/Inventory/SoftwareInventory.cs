using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using SupplyChainTools.Core.Authenticode;
using SupplyChainTools.Core.FileSystem;

namespace SupplyChainTools.Core.Inventory
{
    /// <summary>Progress of an inventory: evidence files read of those found.</summary>
    public readonly struct InventoryProgress
    {
        public InventoryProgress(int done, int total, string current)
        {
            Done = done;
            Total = total;
            Current = current;
        }

        public int Done { get; }

        public int Total { get; }

        public string Current { get; }
    }

    /// <summary>
    /// The one entry of Get-SoftwareInventory. Walks each root once (FileWalker) for files whose name can be
    /// package evidence, then reads each with the reader that handles it, in walk order: one component per package
    /// record; an evidence file that cannot be used is one error outcome and the rest goes on. A root named usr
    /// also reads its system's package databases (../var/lib/dpkg/status, ../lib/apk/db/installed): those packages
    /// own /usr, and with -VerifyFiles only their files under the root are checked. An npm package described both
    /// by a lock file and by its installed node_modules/&lt;name&gt;/package.json is one component: package.json files
    /// are read last, and one whose name, version and location a lock file already gave is skipped (the lock entry
    /// carries the resolved source and integrity); only those keys are kept.
    /// </summary>
    public static class SoftwareInventory
    {
        private static readonly IEvidenceReader[] Readers =
        {
            new DotNetDepsReader(),
            new NuGetPackageFolderReader(),
            new NuGetLockFileReader(),
            new NpmLockFileReader(),
            new NpmPackageJsonReader(),
            new PythonDistInfoReader(),
            new PowerShellModuleReader(),
            new DpkgStatusReader(),
            new ApkInstalledReader(),
        };

        private static readonly IEvidenceReader PeReader = new PeVersionReader();

        /// <param name="roots">Full paths of folders (walked recursively) or single evidence files.</param>
        /// <param name="signatures">With a verifier, each component's main file (a module manifest, a PE file) gets its Authenticode verdict.</param>
        public static IEnumerable<InventoryOutcome> Run(
            IReadOnlyList<string> roots, InventoryOptions options, AuthenticodeVerifier? signatures, Action<InventoryProgress>? progress, CancellationToken cancellationToken)
        {
            var evidence = new List<(EvidenceFile File, IEvidenceReader Reader, string? Scope)>();
            foreach (string root in roots)
            {
                foreach (InventoryOutcome failure in Find(root, options, evidence, cancellationToken))
                {
                    yield return failure;
                }
            }

            DeferInstalledNpmPackages(evidence);
            var npmSeen = new HashSet<string>(PathComparer);
            using var verifier = options.VerifyFiles ? new RecordedFileVerifier(options.DegreeOfParallelism, cancellationToken) : null;
            for (int i = 0; i < evidence.Count; i++)
            {
                (EvidenceFile file, IEvidenceReader reader, string? scope) = evidence[i];
                progress?.Invoke(new InventoryProgress(i, evidence.Count, file.FullPath));
                List<InventoriedComponent> components;
                Exception? failure = null;
                try
                {
                    components = new List<InventoriedComponent>(reader.Read(file, options, cancellationToken));
                }
                catch (Exception ex) when (IsFileProblem(ex))
                {
                    components = new List<InventoriedComponent>();
                    failure = ex;
                }

                if (failure != null)
                {
                    yield return InventoryOutcome.Failed(file.FullPath, failure);
                    continue;
                }

                foreach (InventoriedComponent found in components)
                {
                    if (!IsFirstNpmRecord(found.Component, npmSeen))
                    {
                        continue;
                    }

                    yield return InventoryOutcome.Found(WithSignature(found, signatures, cancellationToken));
                    if (verifier != null && found.RecordedFiles != null)
                    {
                        foreach (InventoryOutcome check in verifier.Verify(found.Component, found.RecordedFiles, scope))
                        {
                            yield return check;
                        }
                    }
                }
            }

            progress?.Invoke(new InventoryProgress(evidence.Count, evidence.Count, string.Empty));
        }

        private static StringComparer PathComparer => Path.DirectorySeparatorChar == '\\' ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

        /// <summary>Moves the installed npm package.json evidence after every other (stable), so lock entries come first.</summary>
        private static void DeferInstalledNpmPackages(List<(EvidenceFile File, IEvidenceReader Reader, string? Scope)> evidence)
        {
            var installed = evidence.FindAll(item => item.Reader is NpmPackageJsonReader);
            if (installed.Count > 0)
            {
                evidence.RemoveAll(item => item.Reader is NpmPackageJsonReader);
                evidence.AddRange(installed);
            }
        }

        /// <summary>False for an npm component already reported with the same name, version and location.</summary>
        private static bool IsFirstNpmRecord(SoftwareComponent component, HashSet<string> seen)
        {
            if (!string.Equals(component.Ecosystem, SoftwareEcosystem.Npm, StringComparison.Ordinal) || string.IsNullOrEmpty(component.Location))
            {
                return true;
            }

            string location = component.Location.Replace(Path.AltDirectorySeparatorChar, Path.DirectorySeparatorChar).TrimEnd(Path.DirectorySeparatorChar);
            return seen.Add(component.Name + "\n" + component.Version + "\n" + location);
        }

        internal static bool IsFileProblem(Exception ex) =>
            ex is InventoryEvidenceException || ex is IOException || ex is UnauthorizedAccessException || ex is System.Security.SecurityException;

        /// <summary>Collects the evidence files under one root (or the root itself when it is a file); walk failures come back as outcomes.</summary>
        private static IEnumerable<InventoryOutcome> Find(string root, InventoryOptions options, List<(EvidenceFile, IEvidenceReader, string?)> evidence, CancellationToken cancellationToken)
        {
            string fullRoot = Path.GetFullPath(root);
            if (File.Exists(fullRoot))
            {
                Add(evidence, fullRoot, options, null, explicitFile: true);
                yield break;
            }

            if (string.Equals(Path.GetFileName(fullRoot.TrimEnd('/', '\\')), "usr", StringComparison.Ordinal))
            {
                string system = Path.GetDirectoryName(fullRoot.TrimEnd('/', '\\')) ?? fullRoot;
                foreach (string database in new[] { Path.Combine(system, "var", "lib", "dpkg", "status"), Path.Combine(system, "lib", "apk", "db", "installed") })
                {
                    if (File.Exists(database))
                    {
                        Add(evidence, database, options, fullRoot, explicitFile: false);
                    }
                }
            }

            var walk = new FileWalkOptions { Recurse = true, FollowDirectoryLinks = options.FollowDirectoryLinks, FileNameFilter = name => IsCandidateName(name, options) };
            foreach (WalkEntry entry in FileWalker.Walk(fullRoot, walk, cancellationToken))
            {
                if (entry.Kind == WalkEntryKind.File)
                {
                    Add(evidence, entry.Path, options, null, explicitFile: false);
                }
                else if (entry.Kind == WalkEntryKind.Error && entry.Error != null)
                {
                    yield return InventoryOutcome.Failed(entry.Path, entry.Error);
                }
            }
        }

        private static void Add(List<(EvidenceFile, IEvidenceReader, string?)> evidence, string path, InventoryOptions options, string? scope, bool explicitFile)
        {
            var file = new EvidenceFile(path, SystemRootOf(path));
            foreach (IEvidenceReader reader in Readers)
            {
                if (reader.Handles(file))
                {
                    evidence.Add((file, reader, scope));
                    return;
                }
            }

            if ((options.IncludePeVersion || explicitFile) && PeReader.Handles(file))
            {
                evidence.Add((file, PeReader, scope));
            }
        }

        /// <summary>The names the walk offers the readers (a cheap filter; each reader then checks the path).</summary>
        private static bool IsCandidateName(string name, InventoryOptions options) =>
            name.EndsWith(".deps.json", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".psd1", StringComparison.OrdinalIgnoreCase)
            || name == ".nupkg.metadata" || name == "packages.lock.json" || name == "package-lock.json" || name == ".package-lock.json"
            || name == "package.json" || name == "METADATA" || name == "status" || name == "installed"
            || (options.IncludePeVersion && (name.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".exe", StringComparison.OrdinalIgnoreCase)));

        /// <summary>The root a package database's paths are relative to: "/" for /var/lib/dpkg/status, the image folder for an image's.</summary>
        private static string SystemRootOf(string path)
        {
            string directory = (Path.GetDirectoryName(path) ?? string.Empty).Replace('\\', '/');
            foreach (string suffix in new[] { "/var/lib/dpkg", "/lib/apk/db" })
            {
                if (directory.EndsWith(suffix, StringComparison.Ordinal))
                {
                    string root = directory.Substring(0, directory.Length - suffix.Length);
                    return root.Length == 0 ? Path.GetPathRoot(path) ?? "/" : root;
                }
            }

            return Path.GetPathRoot(path) ?? "/";
        }

        private static SoftwareComponent WithSignature(InventoriedComponent found, AuthenticodeVerifier? signatures, CancellationToken cancellationToken)
        {
            if (signatures == null || found.MainFile == null)
            {
                return found.Component;
            }

            AuthenticodeSignature signature = signatures.Verify(found.MainFile, cancellationToken);
            return found.Component.WithSignature(found.MainFile, signature.Status, signature.SignerSubject);
        }
    }
}
