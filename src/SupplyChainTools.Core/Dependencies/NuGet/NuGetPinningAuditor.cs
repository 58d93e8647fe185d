using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Xml.Linq;

namespace SupplyChainTools.Core.Dependencies.NuGet
{
    /// <summary>
    /// NuGet pinning (M1013): versions in projects (PackageReference, VersionOverride), in Directory.Packages.props
    /// and in packages.config, in NuGet's own range grammar; each project's lock file: missing, not enforced by
    /// locked mode, or drifting from what the project asks for.
    /// </summary>
    public sealed class NuGetPinningAuditor : IDependencyFileAuditor
    {
        private readonly NearestFileFinder _centralFinder = new NearestFileFinder("Directory.Packages.props");
        private readonly NearestFileFinder _buildPropsFinder = new NearestFileFinder("Directory.Build.props");
        private readonly Dictionary<string, MsBuildFile?> _imported = new Dictionary<string, MsBuildFile?>(StringComparer.Ordinal);

        public string Ecosystem => NuGetRules.Ecosystem;

        public string Mitigation => FindingMitigation.PinDependencies;

        public IReadOnlyList<DependencyRule> Rules => NuGetRules.Pinning;

        public bool Handles(DependencyFile file) => IsProject(file.Name)
            || string.Equals(file.Name, "Directory.Packages.props", StringComparison.OrdinalIgnoreCase)
            || string.Equals(file.Name, "packages.config", StringComparison.OrdinalIgnoreCase);

        internal static bool IsProject(string name) =>
            name.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".fsproj", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".vbproj", StringComparison.OrdinalIgnoreCase);

        public IEnumerable<DependencyFinding> Audit(DependencyFile file, DependencyAuditOptions options, CancellationToken cancellationToken)
        {
            if (string.Equals(file.Name, "packages.config", StringComparison.OrdinalIgnoreCase))
            {
                return AuditPackagesConfig(file, cancellationToken);
            }

            MsBuildFile msbuild = MsBuildFile.Read(file, cancellationToken);
            return IsProject(file.Name) ? AuditProject(file, msbuild, cancellationToken) : AuditCentral(file, msbuild);
        }

        private IEnumerable<DependencyFinding> AuditCentral(DependencyFile file, MsBuildFile central)
        {
            var findings = new List<DependencyFinding>();
            MsBuildFile? buildProps = Imported(_buildPropsFinder, file.FullPath, null);
            foreach (MsBuildPackageItem item in central.Items.Where(i => i.Kind != "PackageReference"))
            {
                if (item.Version == null)
                {
                    findings.Add(NuGetRules.MissingVersion.Finding(Ecosystem, file, item.Line, item.Id, null, null, $"{item.Kind} '{item.Id}' has no Version."));
                    continue;
                }

                AddClassified(findings, file, item.Id, MsBuildFile.Substitute(item.Version, central, buildProps), item.VersionLine ?? item.Line, null, item.Kind + " ");
            }

            return findings;
        }

        private IEnumerable<DependencyFinding> AuditProject(DependencyFile file, MsBuildFile project, CancellationToken cancellationToken)
        {
            var findings = new List<DependencyFinding>();
            MsBuildFile? buildProps = Imported(_buildPropsFinder, file.FullPath, cancellationToken);
            MsBuildFile? central = Imported(_centralFinder, file.FullPath, cancellationToken);
            bool centrallyManaged = project.Flag("ManagePackageVersionsCentrally") ?? buildProps?.Flag("ManagePackageVersionsCentrally") ?? central?.Flag("ManagePackageVersionsCentrally") ?? false;

            // The effective item per id: an Update item later in the file replaces the version an Include gave.
            var references = new Dictionary<string, MsBuildPackageItem>(StringComparer.OrdinalIgnoreCase);
            foreach (MsBuildPackageItem item in project.Items.Where(i => i.Kind == "PackageReference"))
            {
                if (!item.IsUpdate || !references.TryGetValue(item.Id, out MsBuildPackageItem? earlier))
                {
                    if (!item.IsUpdate)
                    {
                        references[item.Id] = item;
                    }

                    continue;
                }

                references[item.Id] = new MsBuildPackageItem(
                    earlier.Kind, earlier.Id, false, earlier.Line,
                    item.Version ?? earlier.Version, item.Version != null ? item.VersionLine : earlier.VersionLine,
                    item.VersionOverride ?? earlier.VersionOverride, item.VersionOverride != null ? item.OverrideLine : earlier.OverrideLine);
            }

            string? lockPath = LockFilePath(file, project, buildProps);
            List<NuGetLockEntry>? lockEntries = lockPath != null ? NuGetLockFile.Read(new DependencyFile(lockPath, Path.GetFileName(lockPath)), cancellationToken) : null;
            var declared = new Dictionary<string, (string Value, int? Line)>(StringComparer.OrdinalIgnoreCase);
            foreach (MsBuildPackageItem item in references.Values)
            {
                string? resolved = lockEntries?.FirstOrDefault(e => e.IsDirect && string.Equals(e.Id, item.Id, StringComparison.OrdinalIgnoreCase))?.Resolved;
                if (item.VersionOverride != null)
                {
                    string value = MsBuildFile.Substitute(item.VersionOverride, project, buildProps, central);
                    declared[item.Id] = (value, item.OverrideLine ?? item.Line);
                    AddClassified(findings, file, item.Id, value, item.OverrideLine ?? item.Line, resolved, "VersionOverride ");
                }
                else if (item.Version != null)
                {
                    string value = MsBuildFile.Substitute(item.Version, project, buildProps, central);
                    declared[item.Id] = (value, item.VersionLine ?? item.Line);
                    AddClassified(findings, file, item.Id, value, item.VersionLine ?? item.Line, resolved, string.Empty);
                }
                else if (centrallyManaged && central != null)
                {
                    MsBuildPackageItem? centralItem = central.Items.LastOrDefault(c => c.Kind == "PackageVersion" && string.Equals(c.Id, item.Id, StringComparison.OrdinalIgnoreCase));
                    if (centralItem?.Version != null)
                    {
                        declared[item.Id] = (MsBuildFile.Substitute(centralItem.Version, central, buildProps), item.Line);
                    }
                }
                else if (!centrallyManaged)
                {
                    findings.Add(NuGetRules.MissingVersion.Finding(Ecosystem, file, item.Line, item.Id, null, resolved,
                        $"PackageReference '{item.Id}' has no version and the project does not manage versions centrally."));
                }
            }

            if (references.Count > 0)
            {
                AuditLockFile(findings, file, project, buildProps, lockPath, lockEntries, declared);
            }

            return findings;
        }

        private void AuditLockFile(
            List<DependencyFinding> findings, DependencyFile file, MsBuildFile project, MsBuildFile? buildProps, string? lockPath,
            List<NuGetLockEntry>? lockEntries, Dictionary<string, (string Value, int? Line)> declared)
        {
            if (lockPath == null || lockEntries == null)
            {
                bool optedIn = (project.Flag("RestorePackagesWithLockFile") ?? buildProps?.Flag("RestorePackagesWithLockFile")) == true;
                findings.Add(NuGetRules.LockFileMissing.Finding(Ecosystem, file, null, null, null, null, optedIn
                    ? "The project sets RestorePackagesWithLockFile but no packages.lock.json is beside it: the lock file is not committed."
                    : "The project references packages and has no packages.lock.json."));
                return;
            }

            bool conditional = project.ConditionalProperties.Contains("RestoreLockedMode") || buildProps?.ConditionalProperties.Contains("RestoreLockedMode") == true;
            if ((project.Flag("RestoreLockedMode") ?? buildProps?.Flag("RestoreLockedMode")) != true && !conditional)
            {
                findings.Add(NuGetRules.LockFileNotEnforced.Finding(Ecosystem, file, null, null, null, null,
                    $"'{Path.GetFileName(lockPath)}' is used, but RestoreLockedMode is not set: restore may rewrite it instead of failing."));
            }

            var lockFile = new DependencyFile(lockPath, Path.GetFileName(lockPath));
            var direct = lockEntries.Where(e => e.IsDirect).GroupBy(e => e.Id, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
            foreach (KeyValuePair<string, (string Value, int? Line)> package in declared)
            {
                if (!direct.TryGetValue(package.Key, out NuGetLockEntry? entry))
                {
                    findings.Add(NuGetRules.LockFileDrift.Finding(Ecosystem, file, package.Value.Line, package.Key, package.Value.Value, null,
                        $"'{package.Key}' is referenced by the project but is not a direct dependency in '{lockFile.Name}'."));
                }
                else if (entry.Requested != null && !package.Value.Value.Contains("$(") && !NuGetVersionSpec.SameRange(package.Value.Value, entry.Requested))
                {
                    findings.Add(NuGetRules.LockFileDrift.Finding(Ecosystem, lockFile, entry.Line, package.Key, package.Value.Value, entry.Resolved,
                        $"The project asks for '{package.Value.Value}' but '{lockFile.Name}' records '{entry.Requested}'."));
                }
            }

            foreach (NuGetLockEntry entry in direct.Values.Where(e => !declared.ContainsKey(e.Id) && !IsReferencedWithoutVersion(project, e.Id)))
            {
                findings.Add(NuGetRules.LockFileDrift.Finding(Ecosystem, lockFile, entry.Line, entry.Id, entry.Requested, entry.Resolved,
                    $"'{lockFile.Name}' records '{entry.Id}' as a direct dependency, but the project no longer references it."));
            }
        }

        private static bool IsReferencedWithoutVersion(MsBuildFile project, string id) =>
            project.Items.Any(i => string.Equals(i.Id, id, StringComparison.OrdinalIgnoreCase));

        /// <summary>The project's lock file: NuGetLockFilePath, packages.&lt;project&gt;.lock.json or packages.lock.json beside it; null when none exists.</summary>
        private static string? LockFilePath(DependencyFile project, MsBuildFile msbuild, MsBuildFile? buildProps)
        {
            string folder = Path.GetDirectoryName(project.FullPath) ?? ".";
            string? configured = msbuild.Properties.TryGetValue("NuGetLockFilePath", out string? own) ? own
                : buildProps != null && buildProps.Properties.TryGetValue("NuGetLockFilePath", out string? shared) ? shared : null;
            var candidates = new List<string>();
            if (configured != null && !configured.Contains("$("))
            {
                candidates.Add(Path.Combine(folder, configured.Replace('\\', Path.DirectorySeparatorChar)));
            }

            candidates.Add(Path.Combine(folder, "packages." + Path.GetFileNameWithoutExtension(project.Name) + ".lock.json"));
            candidates.Add(Path.Combine(folder, "packages.lock.json"));
            return candidates.FirstOrDefault(File.Exists);
        }

        private void AddClassified(List<DependencyFinding> findings, DependencyFile file, string id, string value, int? line, string? resolved, string what)
        {
            (DependencyRule Rule, string Reason)? problem = NuGetVersionSpec.Classify(value);
            if (problem.HasValue)
            {
                findings.Add(problem.Value.Rule.Finding(Ecosystem, file, line, id, value, resolved, $"{what}'{id}': {problem.Value.Reason}."));
            }
        }

        private IEnumerable<DependencyFinding> AuditPackagesConfig(DependencyFile file, CancellationToken cancellationToken)
        {
            DependencyText text = DependencyText.Read(file, cancellationToken);
            XDocument document = text.ParseXml(cancellationToken);
            var findings = new List<DependencyFinding>();
            foreach (XElement package in document.Root?.Elements().Where(e => e.Name.LocalName == "package") ?? Enumerable.Empty<XElement>())
            {
                string id = package.Attribute("id")?.Value ?? string.Empty;
                string? version = package.Attribute("version")?.Value;
                if (version == null || !global::NuGet.Versioning.NuGetVersion.TryParse(version, out _))
                {
                    findings.Add(NuGetRules.InvalidVersion.Finding(Ecosystem, file, DependencyText.LineOf(package), id, version, null,
                        $"packages.config entry '{id}' has {(version == null ? "no version" : $"the invalid version '{version}'")}."));
                }
            }

            return findings;
        }

        /// <summary>The nearest Directory.Build.props or Directory.Packages.props above a project, parsed once per run.</summary>
        private MsBuildFile? Imported(NearestFileFinder finder, string projectPath, CancellationToken? cancellationToken)
        {
            string? folder = Path.GetDirectoryName(projectPath);
            string? found = folder == null ? null : finder.Find(folder);
            if (found == null || string.Equals(found, projectPath, StringComparison.Ordinal))
            {
                return null;
            }

            if (!_imported.TryGetValue(found, out MsBuildFile? parsed))
            {
                if (_imported.Count > 10_000)
                {
                    _imported.Clear();
                }

                try
                {
                    parsed = MsBuildFile.Read(new DependencyFile(found, Path.GetFileName(found)), cancellationToken ?? CancellationToken.None);
                }
                catch (DependencyFileFormatException)
                {
                    parsed = null; // Reported when the audit meets that file itself.
                }

                _imported[found] = parsed;
            }

            return parsed;
        }
    }
}
