using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SupplyChainTools.Core;
using SupplyChainTools.Core.Baselines;
using SupplyChainTools.Core.Hashing;
using SupplyChainTools.Infrastructure;

namespace SupplyChainTools.Commands
{
    /// <summary>
    /// Records a signer-aware baseline of install folders: every entry's type, size, mode, owner, times, file id,
    /// hashes, for PE files, scripts and catalogs the Authenticode verdict, and for PE files the version resource, streamed to a versioned, self-hashing
    /// file, optionally signed with a detached CMS signature.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "SoftwareBaseline", SupportsShouldProcess = true, DefaultParameterSetName = PathSet)]
    [OutputType(typeof(BaselineSummary))]
    public sealed class NewSoftwareBaselineCommand : BaselineCmdlet
    {
        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";
        private readonly List<string> _inputs = new List<string>();

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = PathSet)]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; } = Array.Empty<string>();

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = LiteralPathSet)]
        [Alias("PSPath", "LP", "FullName")]
        [ValidateNotNullOrEmpty]
        public string[] LiteralPath { get; set; } = Array.Empty<string>();

        /// <summary>The baseline file to write (JSON Lines; see about_SoftwareBaselines).</summary>
        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        public string OutFile { get; set; } = string.Empty;

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? Include { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? Exclude { get; set; }

        [Parameter]
        [ValidateSet("SHA256", "SHA1", "SHA384", "SHA512", "MD5", IgnoreCase = true)]
        public string[] Algorithm { get; set; } = { SupportedHashAlgorithms.SHA256 };

        [Parameter]
        [ValidateRange(1, 256)]
        public int ThrottleLimit { get; set; } = Environment.ProcessorCount;

        /// <summary>Sign the baseline with this certificate (it needs its private key), writing &lt;OutFile&gt;.p7s.</summary>
        [Parameter]
        [ValidateNotNull]
        public X509Certificate2? SigningCertificate { get; set; }

        /// <summary>Recorded in the header, the rule comparisons use by default. Who counts as the same signer across an update: Publisher (the publisher under the same root; a renewed certificate is UpdatedSameSigner) or Certificate (the exact leaf certificate).</summary>
        [Parameter]
        [ValidateSet(SignerIdentityRule.Publisher, SignerIdentityRule.Certificate)]
        public string? SignerIdentity { get; set; }

        /// <summary>Overwrite an existing baseline file.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            _inputs.AddRange(ParameterSetName == LiteralPathSet ? LiteralPath : Path);
        }

        protected override void EndProcessing()
        {
            List<string> roots = ResolveInstallFolders(_inputs, ParameterSetName == LiteralPathSet);
            string outFile = ResolveBaselinePath(OutFile);
            var creation = new BaselineCreation(roots, outFile, _inputs.ToArray())
            {
                ModuleVersion = ModuleVersion,
                Include = Include,
                Exclude = Exclude,
                Algorithms = Algorithm,
                DegreeOfParallelism = ThrottleLimit,
                SigningCertificate = SigningCertificate,
                SignerIdentity = SignerIdentity,
                Force = Force.IsPresent,
            };
            var progress = new ProgressReporter(this, 0x5C7010, "Recording a software baseline");
            BaselineSummary? summary;
            try
            {
                summary = creation.Run(new BaselineCmdletHost(this, progress), StopToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (CryptographicException ex)
            {
                ThrowTerminatingError(new ErrorRecord(new InvalidOperationException($"The baseline was written but could not be signed: {ex.Message}", ex), ErrorIds.BaselineSigningFailed, ErrorCategory.SecurityError, outFile));
                return;
            }
            catch (Exception ex) when (BaselineCmdletSupport.ForWriteFailure(ex, outFile) is ErrorRecord error)
            {
                ThrowTerminatingError(error);
                return;
            }
            finally
            {
                progress.Complete();
            }

            if (summary != null)
            {
                WriteObject(summary);
            }
        }
    }
}
