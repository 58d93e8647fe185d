using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace SupplyChainTools.Core.Dependencies.PowerShell
{
    /// <summary>
    /// PowerShell sources (M1033) in scripts and modules: repositories registered over http or as trusted, and
    /// internal module names installed from the PowerShell Gallery.
    /// </summary>
    public sealed class PowerShellSourceAuditor : IDependencyFileAuditor
    {
        public string Ecosystem => PowerShellRules.Ecosystem;

        public string Mitigation => FindingMitigation.LimitSources;

        public IReadOnlyList<DependencyRule> Rules => PowerShellRules.Sources;

        public bool Handles(DependencyFile file) => PowerShellAuditor.IsScript(file);

        public IEnumerable<DependencyFinding> Audit(DependencyFile file, DependencyAuditOptions options, CancellationToken cancellationToken) =>
            PowerShellScriptCheck.Audit(file, file.ReadText(cancellationToken), 1, options, cancellationToken).Where(f => f.Mitigation == Mitigation).ToList();
    }
}
