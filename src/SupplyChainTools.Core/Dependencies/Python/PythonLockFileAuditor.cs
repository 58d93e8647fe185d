using System.Collections.Generic;
using System.Threading;

namespace SupplyChainTools.Core.Dependencies.Python
{
    /// <summary>
    /// Python lock files (M1013): uv.lock and poetry.lock pin every version by construction, so what is left to check
    /// is what an installer verifies: a package from an index or URL with no file hash, and a package from git, which
    /// is pinned to a commit but has no content hash.
    /// </summary>
    public sealed class PythonLockFileAuditor : IDependencyFileAuditor
    {
        public string Ecosystem => PythonRules.Ecosystem;

        public string Mitigation => FindingMitigation.PinDependencies;

        public IReadOnlyList<DependencyRule> Rules { get; } = new[] { PythonRules.LockEntryWithoutHash, PythonRules.LockGitSource };

        public bool Handles(DependencyFile file) => PythonLockFile.IsLockFile(file);

        public IEnumerable<DependencyFinding> Audit(DependencyFile file, DependencyAuditOptions options, CancellationToken cancellationToken)
        {
            var findings = new List<DependencyFinding>();
            foreach (PythonLockedPackage package in PythonLockFile.Read(file, cancellationToken))
            {
                if (package.SourceKind == "git")
                {
                    findings.Add(PythonRules.LockGitSource.Finding(Ecosystem, file, package.Line, package.Name, package.SourceText, package.Version,
                        $"'{package.Name}' is locked to a git commit, which the installer checks out without a content hash."));
                }
                else if ((package.SourceKind == "registry" || package.SourceKind == "url") && !package.HasHash)
                {
                    findings.Add(PythonRules.LockEntryWithoutHash.Finding(Ecosystem, file, package.Line, package.Name, package.SourceText, package.Version,
                        $"'{package.Name}' {package.Version} is locked without a file hash, so a replaced file on the index installs."));
                }
            }

            return findings;
        }
    }
}
