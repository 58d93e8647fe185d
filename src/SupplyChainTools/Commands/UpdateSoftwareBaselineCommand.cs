using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Security.Cryptography.X509Certificates;
using SupplyChainTools.Core.Baselines;
using SupplyChainTools.Infrastructure;

namespace SupplyChainTools.Commands
{
    /// <summary>
    /// Accepts reviewed changes into a new baseline: the BaselineChange objects piped in (each path is captured
    /// again as it is now), or every entry below the folders given with -Path (rescanned). There is deliberately no
    /// way to accept everything blindly. A signed baseline can only be updated with its signing certificate.
    /// </summary>
    [Cmdlet(VerbsData.Update, "SoftwareBaseline", SupportsShouldProcess = true, DefaultParameterSetName = ChangesSet)]
    [OutputType(typeof(BaselineSummary))]
    public sealed class UpdateSoftwareBaselineCommand : BaselineCmdlet
    {
        private const string ChangesSet = "Changes";
        private const string RescanSet = "Rescan";
        private readonly List<ReviewedChange> _changes = new List<ReviewedChange>();

        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string ReferenceBaseline { get; set; } = string.Empty;

        /// <summary>Where to write the updated baseline (may be the reference itself: it is replaced only when complete).</summary>
        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        public string OutFile { get; set; } = string.Empty;

        /// <summary>The reviewed changes to accept (SupplyChainTools.BaselineChange objects from Compare-SoftwareBaseline, also deserialized ones).</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ChangesSet)]
        [ValidateNotNull]
        public PSObject[]? InputObject { get; set; }

        /// <summary>Folders (below the baseline's roots) to rescan: every entry below them is replaced by what is there now.</summary>
        [Parameter(Mandatory = true, ParameterSetName = RescanSet)]
        [ValidateNotNullOrEmpty]
        public string[]? Path { get; set; }

        /// <summary>Required when the reference is signed: the new baseline is signed with it.</summary>
        [Parameter]
        [ValidateNotNull]
        public X509Certificate2? SigningCertificate { get; set; }

        /// <summary>The certificate or thumbprint the reference must be signed by (default: -SigningCertificate).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public object[]? TrustedSigner { get; set; }

        /// <summary>The rule the new baseline records (default: the reference's). Who counts as the same signer across an update: Publisher (the publisher under the same root; a renewed certificate is UpdatedSameSigner) or Certificate (the exact leaf certificate).</summary>
        [Parameter]
        [ValidateSet(SignerIdentityRule.Publisher, SignerIdentityRule.Certificate)]
        public string? SignerIdentity { get; set; }

        /// <summary>Replace an existing file other than the reference baseline itself.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            foreach (PSObject change in InputObject ?? Array.Empty<PSObject>())
            {
                object? tree = change.Properties["Tree"]?.Value;
                _changes.Add(new ReviewedChange(
                    change,
                    change.Properties["RelativePath"]?.Value as string,
                    tree != null && LanguagePrimitives.TryConvertTo(tree, out int index) ? index : (int?)null,
                    change.Properties["BaselineDigest"]?.Value as string,
                    change.Properties["OldPath"]?.Value as string));
            }
        }

        protected override void EndProcessing()
        {
            string referencePath = ResolveBaselinePath(ReferenceBaseline);
            string outFile = ResolveBaselinePath(OutFile);
            var update = new BaselineUpdate(referencePath, outFile)
            {
                ModuleVersion = ModuleVersion,
                Changes = _changes,
                RescanFolders = ParameterSetName == RescanSet ? Path : null,
                SigningCertificate = SigningCertificate,
                TrustedSigners = BaselineCmdletSupport.Unwrap(TrustedSigner),
                SignerIdentity = SignerIdentity,
                Force = Force.IsPresent,
            };
            BaselineSummary? summary;
            try
            {
                summary = update.Run(new BaselineCmdletHost(this), StopToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception ex) when (BaselineCmdletSupport.ForWriteFailure(ex, outFile, referencePath) is ErrorRecord error)
            {
                ThrowTerminatingError(error);
                return;
            }

            if (summary != null)
            {
                WriteObject(summary);
            }
        }
    }
}
