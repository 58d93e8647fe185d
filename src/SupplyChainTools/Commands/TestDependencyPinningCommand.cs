using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using SupplyChainTools.Core;
using SupplyChainTools.Core.Dependencies;
using SupplyChainTools.Infrastructure;

namespace SupplyChainTools.Commands
{
    /// <summary>
    /// Finds dependencies a build takes without pinning them (MITRE M1013): floating versions and ranges, lock files
    /// missing, unenforced or drifting, lock entries without integrity, git refs by branch, unpinned requirements.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "DependencyPinning", DefaultParameterSetName = PathParameterSet)]
    [OutputType(typeof(DependencyFinding), typeof(DependencyAuditSummary))]
    public sealed class TestDependencyPinningCommand : DependencyAuditCmdlet
    {
        private static readonly string[] PolicyKinds = { "hash-pin", "ref-pin", "any" };

        /// <summary>
        /// GitHub Actions pin policy in zizmor's shape: @{ 'contoso/*' = 'ref-pin'; '*' = 'hash-pin' }; values hash-pin,
        /// ref-pin or any; the most specific pattern wins. Default: every action hash-pinned.
        /// </summary>
        [Parameter]
        [ValidateNotNull]
        public Hashtable? ActionPolicy { get; set; }

        private protected override string Activity => "Auditing dependency pinning";

        private protected override DependencyAuditOptions BuildOptions()
        {
            DependencyAuditOptions options = base.BuildOptions();
            var policy = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (DictionaryEntry entry in ActionPolicy ?? new Hashtable())
            {
                string pattern = entry.Key?.ToString() ?? string.Empty;
                string kind = entry.Value?.ToString() ?? string.Empty;
                if (pattern.Length == 0 || !PolicyKinds.Contains(kind, StringComparer.OrdinalIgnoreCase))
                {
                    ThrowTerminatingError(new ErrorRecord(
                        new ArgumentException($"-ActionPolicy entry '{pattern}' = '{kind}': the key must be an action pattern (owner/*, owner/repo, *) and the value one of {string.Join(", ", PolicyKinds)}."),
                        ErrorIds.InvalidActionPolicy, ErrorCategory.InvalidArgument, ActionPolicy));
                }

                policy[pattern] = kind.ToLowerInvariant();
            }

            options.ActionPolicy = policy;
            return options;
        }

        private protected override IEnumerable<DependencyAuditResult> Audit(IReadOnlyList<string> paths, DependencyAuditOptions options, CancellationToken cancellationToken) =>
            DependencyAudit.Pinning(paths, options, cancellationToken);
    }
}
