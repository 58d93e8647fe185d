using System.Collections.Generic;
using System.Threading;

namespace SupplyChainTools.Core.Dependencies
{
    /// <summary>
    /// The rules of one ecosystem for one mitigation (for example NuGet pinning, or npm sources) over the files it
    /// recognises. The audit walks the repository once and gives each file to every auditor that handles it.
    /// </summary>
    public interface IDependencyFileAuditor
    {
        /// <summary>The ecosystem of its findings: NuGet, npm, PyPI, PowerShell, GitHubActions, Docker, Shell, Cargo, Go.</summary>
        string Ecosystem { get; }

        /// <summary><see cref="FindingMitigation.PinDependencies"/> (Test-DependencyPinning) or <see cref="FindingMitigation.LimitSources"/> (Test-DependencySource).</summary>
        string Mitigation { get; }

        /// <summary>Every rule this auditor can report, declared once.</summary>
        IReadOnlyList<DependencyRule> Rules { get; }

        /// <summary>True for a file this auditor reads, decided from its name and path alone (no read).</summary>
        bool Handles(DependencyFile file);

        /// <summary>
        /// The findings in <paramref name="file"/>. A file that cannot be parsed throws
        /// <see cref="DependencyFileFormatException"/> naming its line; the audit reports it and goes on.
        /// </summary>
        IEnumerable<DependencyFinding> Audit(DependencyFile file, DependencyAuditOptions options, CancellationToken cancellationToken);
    }
}
