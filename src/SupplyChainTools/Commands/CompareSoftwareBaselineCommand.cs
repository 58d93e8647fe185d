using System;
using System.Collections.Generic;
using System.Management.Automation;
using SupplyChainTools.Core.Baselines;
using SupplyChainTools.Infrastructure;

namespace SupplyChainTools.Commands
{
    /// <summary>
    /// Reports drift from a software baseline: against the live folders (default: the folders it recorded) or
    /// against another baseline. Both sides are streamed and merged; the baseline's integrity (and signer, with
    /// -TrustedSigner) is checked before anything is reported.
    /// </summary>
    [Cmdlet(VerbsData.Compare, "SoftwareBaseline", DefaultParameterSetName = LiveSet)]
    [OutputType(typeof(BaselineChange))]
    [OutputType(typeof(BaselineComparisonSummary))]
    public sealed class CompareSoftwareBaselineCommand : BaselineCmdlet
    {
        private const string LiveSet = "Live";
        private const string LiveLiteralSet = "LiveLiteral";
        private const string BaselineSet = "Baseline";
        private readonly List<string> _inputs = new List<string>();

        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string ReferenceBaseline { get; set; } = string.Empty;

        /// <summary>The live folders, one per root of the baseline, in the same order. Default: the folders the baseline recorded.</summary>
        [Parameter(Position = 1, ValueFromPipeline = true, ParameterSetName = LiveSet)]
        [ValidateNotNullOrEmpty]
        public string[]? Path { get; set; }

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = LiveLiteralSet)]
        [Alias("PSPath", "LP", "FullName")]
        [ValidateNotNullOrEmpty]
        public string[]? LiteralPath { get; set; }

        /// <summary>Compare with another baseline (another machine's, or a later one) instead of the live folders.</summary>
        [Parameter(Mandatory = true, ParameterSetName = BaselineSet)]
        [ValidateNotNullOrEmpty]
        public string DifferenceBaseline { get; set; } = string.Empty;

        /// <summary>The certificate (or SHA-1/SHA-256 thumbprint) the reference baseline must be signed by.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public object[]? TrustedSigner { get; set; }

        /// <summary>Reuse recorded hashes for files whose size, mtime, ctime and file id are all unchanged.</summary>
        [Parameter(ParameterSetName = LiveSet)]
        [Parameter(ParameterSetName = LiveLiteralSet)]
        public SwitchParameter Quick { get; set; }

        /// <summary>Return one summary object (counts per change kind, ExitCode) instead of the changes.</summary>
        [Parameter]
        public SwitchParameter Summary { get; set; }

        /// <summary>Default: the rule the baseline recorded (Publisher unless it was made with -SignerIdentity Certificate). Who counts as the same signer across an update: Publisher (the publisher under the same root; a renewed certificate is UpdatedSameSigner) or Certificate (the exact leaf certificate).</summary>
        [Parameter]
        [ValidateSet(SignerIdentityRule.Publisher, SignerIdentityRule.Certificate)]
        public string? SignerIdentity { get; set; }

        [Parameter(ParameterSetName = LiveSet)]
        [Parameter(ParameterSetName = LiveLiteralSet)]
        [ValidateRange(1, 256)]
        public int ThrottleLimit { get; set; } = Environment.ProcessorCount;

        protected override void ProcessRecord()
        {
            if (ParameterSetName == LiveLiteralSet)
            {
                _inputs.AddRange(LiteralPath ?? Array.Empty<string>());
            }
            else if (ParameterSetName == LiveSet && Path != null)
            {
                _inputs.AddRange(Path);
            }
        }

        protected override void EndProcessing()
        {
            var comparison = new BaselineComparison(ResolveBaselinePath(ReferenceBaseline))
            {
                TrustedSigners = BaselineCmdletSupport.Unwrap(TrustedSigner),
                DifferencePath = ParameterSetName == BaselineSet ? ResolveBaselinePath(DifferenceBaseline) : null,
                Folders = _inputs,
                Quick = Quick.IsPresent,
                Summary = Summary.IsPresent,
                SignerIdentity = SignerIdentity,
                DegreeOfParallelism = ThrottleLimit,
            };
            var progress = new ProgressReporter(this, 0x5C7011, "Comparing with a software baseline");
            BaselineComparisonSummary summary;
            try
            {
                summary = comparison.Run(new BaselineCmdletHost(this, progress, literal: ParameterSetName == LiveLiteralSet), StopToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception ex) when (BaselineCmdletSupport.ForComparisonFailure(ex, comparison) is ErrorRecord error)
            {
                ThrowTerminatingError(error);
                return;
            }
            finally
            {
                progress.Complete();
            }

            if (Summary)
            {
                WriteObject(summary);
            }
        }
    }
}
