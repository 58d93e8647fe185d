using System.Collections.Generic;
using System.Linq;
using System.Threading;
using SupplyChainTools.Core.Dependencies.PowerShell;

namespace SupplyChainTools.Core.Dependencies.GitHubActions
{
    /// <summary>
    /// The source rules (M1033) in the pwsh and powershell steps of workflows and composite actions: repositories
    /// registered over http or as trusted, internal modules installed from the gallery. Same reading as
    /// <see cref="GitHubActionsAuditor"/>, the other mitigation's findings.
    /// </summary>
    public sealed class GitHubActionsSourceAuditor : IDependencyFileAuditor
    {
        public string Ecosystem => GitHubActionsAuditor.EcosystemName;

        public string Mitigation => FindingMitigation.LimitSources;

        public IReadOnlyList<DependencyRule> Rules => PowerShellRules.Sources;

        public bool Handles(DependencyFile file) => GitHubActionsAuditor.IsWorkflowOrAction(file);

        public IEnumerable<DependencyFinding> Audit(DependencyFile file, DependencyAuditOptions options, CancellationToken cancellationToken) =>
            GitHubActionsAuditor.AuditWorkflow(file, options, cancellationToken).Where(f => f.Mitigation == FindingMitigation.LimitSources).ToList();
    }
}
