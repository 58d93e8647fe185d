using System.Collections.Generic;
using System.Linq;
using SupplyChainTools.Core.Dependencies.Cargo;
using SupplyChainTools.Core.Dependencies.Docker;
using SupplyChainTools.Core.Dependencies.GitHubActions;
using SupplyChainTools.Core.Dependencies.Go;
using SupplyChainTools.Core.Dependencies.Npm;
using SupplyChainTools.Core.Dependencies.NuGet;
using SupplyChainTools.Core.Dependencies.PowerShell;
using SupplyChainTools.Core.Dependencies.Python;
using SupplyChainTools.Core.Dependencies.Shell;

namespace SupplyChainTools.Core.Dependencies
{
    /// <summary>
    /// The registry of every auditor. A run gets fresh instances, so an auditor may cache what it read (a
    /// Directory.Packages.props, a nuget.config) for the run and no longer. Add an ecosystem's auditors here.
    /// </summary>
    public static class DependencyAuditors
    {
        /// <summary>New instances of every auditor of both audits.</summary>
        public static IReadOnlyList<IDependencyFileAuditor> CreateAll() => new IDependencyFileAuditor[]
        {
            new NuGetPinningAuditor(),
            new NuGetSourceAuditor(),
            new NpmPinningAuditor(),
            new NpmSourceAuditor(),
            new PythonPinningAuditor(),
            new PythonLockFileAuditor(),
            new PythonSourceAuditor(),
            new GitHubActionsAuditor(),
            new GitHubActionsSourceAuditor(),
            new DockerfileAuditor(),
            new ShellScriptAuditor(),
            new PowerShellAuditor(),
            new PowerShellSourceAuditor(),
            new CargoAuditor(),
            new CargoSourceAuditor(),
            new GoModuleAuditor(),
        };

        /// <summary>New instances of the auditors serving <paramref name="mitigation"/> (<see cref="FindingMitigation"/>).</summary>
        public static IReadOnlyList<IDependencyFileAuditor> Create(string mitigation) =>
            CreateAll().Where(auditor => auditor.Mitigation == mitigation).ToList();

        /// <summary>Every rule any auditor declares, by id (for SARIF's rule list and the documentation test).</summary>
        public static IReadOnlyList<DependencyRule> AllRules() =>
            CreateAll().SelectMany(auditor => auditor.Rules).GroupBy(rule => rule.Id).Select(group => group.First()).OrderBy(rule => rule.Id, System.StringComparer.Ordinal).ToList();
    }
}
