using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using SupplyChainTools.Core;
using SupplyChainTools.Core.Dependencies;
using SupplyChainTools.Infrastructure;

namespace SupplyChainTools.Commands
{
    /// <summary>
    /// Finds package sources that let a package be substituted (MITRE M1033): feeds without &lt;clear/&gt; or
    /// packageSourceMapping, http, TLS checks off, extra indexes, internal names resolved from public registries, and
    /// with -GlobalPackagesFolder packages restored from the wrong feed, with another content hash or without a valid signature.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "DependencySource", DefaultParameterSetName = PathParameterSet)]
    [OutputType(typeof(DependencyFinding), typeof(DependencyAuditSummary))]
    public sealed class TestDependencySourceCommand : DependencyAuditCmdlet
    {
        /// <summary>Names of internal packages ('Contoso.*', '@contoso/*'): they must come only from internal sources.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? InternalPackagePattern { get; set; }

        /// <summary>The NuGet global packages folder (~/.nuget/packages) whose recorded sources, content hashes and package signatures are checked against each lock file.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? GlobalPackagesFolder { get; set; }

        private protected override string Activity => "Auditing dependency sources";

        private protected override DependencyAuditOptions BuildOptions()
        {
            DependencyAuditOptions options = base.BuildOptions();
            options.InternalPackagePatterns = InternalPackagePattern ?? Array.Empty<string>();
            if (GlobalPackagesFolder != null)
            {
                options.GlobalPackagesFolder = ResolveInputFolderPath(GlobalPackagesFolder, ErrorIds.FolderNotFound, resolved => $"'{resolved}' is not a folder: -GlobalPackagesFolder takes the NuGet global packages folder.");
                options.PackageSignatures = new Core.Packages.PackageSignatureVerifier(new Core.Packages.PackageSignatureOptions { Trust = TrustConfiguration.CreateDefaultOptions() });
            }

            return options;
        }

        private protected override IEnumerable<DependencyAuditResult> Audit(IReadOnlyList<string> paths, DependencyAuditOptions options, CancellationToken cancellationToken) =>
            DependencyAudit.Sources(paths, options, cancellationToken);
    }
}
