using System;
using System.Collections.Generic;
using System.Management.Automation;
using SupplyChainTools.Core;
using SupplyChainTools.Core.Authenticode;
using SupplyChainTools.Core.Inventory;
using SupplyChainTools.Infrastructure;

namespace SupplyChainTools.Commands
{
    /// <summary>
    /// Lists the software installed in folders from what package managers recorded (deps.json, NuGet, npm, Python,
    /// PowerShell modules, dpkg, apk): one SoftwareComponent per package, with its purl and evidence. -VerifyFiles
    /// checks installed files against the hashes the package manager recorded and writes each one that differs.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "SoftwareInventory", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(SoftwareComponent))]
    [OutputType(typeof(ComponentFileCheck))]
    public sealed class GetSoftwareInventoryCommand : SupplyChainCmdlet
    {
        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";
        private readonly List<string> roots = new List<string>();

        /// <summary>Folders to inventory (walked recursively), or single evidence files; wildcards allowed.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; } = Array.Empty<string>();

        /// <summary>Folders or files, taken as typed (no wildcards).</summary>
        [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "LP")]
        [ValidateNotNullOrEmpty]
        public string[] LiteralPath { get; set; } = Array.Empty<string>();

        /// <summary>Check each installed file against the hash its package manager recorded; write a ComponentFileCheck for each changed, missing or unreadable file.</summary>
        [Parameter]
        public SwitchParameter VerifyFiles { get; set; }

        /// <summary>Verify the Authenticode signature (default trust) of each component's main file: a module manifest, a PE file.</summary>
        [Parameter]
        public SwitchParameter Signature { get; set; }

        /// <summary>Also report every .dll and .exe by its version resource, as weak evidence (WeakEvidence = true).</summary>
        [Parameter]
        public SwitchParameter IncludePeVersion { get; set; }

        /// <summary>Descend into symbolic links to directories.</summary>
        [Parameter]
        public SwitchParameter FollowSymlink { get; set; }

        protected override void ProcessRecord()
        {
            bool literal = ParameterSetName == LiteralPathSet;
            foreach (string input in literal ? LiteralPath : Path)
            {
                roots.AddRange(ResolvePaths(input, literal));
            }
        }

        protected override void EndProcessing()
        {
            if (roots.Count == 0)
            {
                return;
            }

            var options = new InventoryOptions { VerifyFiles = VerifyFiles, IncludePeVersion = IncludePeVersion, FollowDirectoryLinks = FollowSymlink };
            AuthenticodeVerifier? verifier = Signature ? TrustConfiguration.CreateDefaultVerifier(this) : null;
            var progress = new ProgressReporter(this, 0x5C7013, "Reading package evidence");
            try
            {
                foreach (InventoryOutcome outcome in SoftwareInventory.Run(roots, options, verifier, p => progress.Report(p.Done, 0, p.Current, p.Total), StopToken))
                {
                    if (outcome.Component != null)
                    {
                        WriteObject(outcome.Component);
                    }
                    else if (outcome.FileCheck != null)
                    {
                        WriteObject(outcome.FileCheck);
                    }
                    else if (outcome.Error != null)
                    {
                        WriteError(outcome.Error is InventoryEvidenceException invalid
                            ? new ErrorRecord(invalid, ErrorIds.InventoryEvidenceInvalid, ErrorCategory.InvalidData, invalid.Path)
                            : ErrorRecords.ForFileFailure(outcome.Error, outcome.ErrorPath ?? string.Empty));
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C: stop quietly.
            }
            finally
            {
                progress.Complete();
            }
        }
    }
}
