using System;
using System.Management.Automation;
using SupplyChainTools.Core;
using SupplyChainTools.Core.FileSystem;
using SupplyChainTools.Core.Parallelism;
using SupplyChainTools.Core.Signatures;
using SupplyChainTools.Infrastructure;

namespace SupplyChainTools.Commands
{
    /// <summary>
    /// Verifies detached signatures (OpenPGP binary, armored or clear-signed; minisign; CMS .p7s; cosign) over files,
    /// trusting only the keys the user pins with -TrustedKey. Each result names who signed, so a change of key shows.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "DetachedSignature", DefaultParameterSetName = PathParameterSet)]
    [OutputType(typeof(DetachedSignatureCheck))]
    [OutputType(typeof(bool))]
    public sealed class TestDetachedSignatureCommand : FileInputCmdlet
    {
        private ParallelPipeline<string, DetachedSignatureCheck>? _pipeline;
        private TrustedKeySet? _keys;
        private string? _signatureFile;

        /// <summary>The signature file; by default the first of file.asc, .sig, .gpg, .sign, .minisig, .p7s, .cosign, .sigstore beside each file (a clear-signed file needs none).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SignatureFile { get; set; }

        /// <summary>The keys to trust: OpenPGP public key files, minisign .pub, PEM public keys or certificates, keyring folders, or fingerprints.</summary>
        [Parameter(Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string[] TrustedKey { get; set; } = Array.Empty<string>();

        /// <summary>Return one Boolean: true when every signature is valid and nothing failed.</summary>
        [Parameter]
        public SwitchParameter Quiet { get; set; }

        protected override void BeginProcessing()
        {
            _keys = SignatureCmdletSupport.LoadTrustedKeys(this, TrustedKey, WriteError, StopToken);
            _signatureFile = SignatureFile == null ? null : ResolveInputFilePath(SignatureFile, ErrorIds.SignatureFileNotFound);
            _pipeline = StartParallel<string, DetachedSignatureCheck>(
                (path, token) => DetachedSignatureVerifier.VerifyFile(path, _signatureFile, _keys, token),
                ThrottleLimit,
                Emit,
                new ProgressReporter(this, 0x5C7010, "Verifying detached signatures"),
                _ => 0,
                path => path);
        }

        protected override void ProcessRecord()
        {
            foreach (InputFile file in ResolveInputFiles(new FileWalkOptions()))
            {
                _pipeline!.Add(file.Path);
            }
        }

        protected override void EndProcessing()
        {
            _pipeline?.Finish();
            if (Quiet)
            {
                WriteObject(QuietAnswer);
            }
        }

        private void Emit(WorkOutcome<string, DetachedSignatureCheck> outcome)
        {
            if (outcome.Error is System.IO.FileNotFoundException notFound && notFound.FileName != outcome.Input)
            {
                WriteError(new ErrorRecord(notFound, ErrorIds.SignatureFileNotFound, ErrorCategory.ObjectNotFound, outcome.Input));
            }
            else if (outcome.Error != null)
            {
                ReportFileFailure(outcome.Error, new InputFile(outcome.Input, fromWalk: false));
            }
            else
            {
                WriteVerdict(outcome.Result!, outcome.Result!.IsValid, Quiet);
            }
        }
    }
}
