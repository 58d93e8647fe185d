using System;
using System.Management.Automation;
using SupplyChainTools.Core.Authenticode;
using SupplyChainTools.Core.FileSystem;
using SupplyChainTools.Core.Hashing;
using SupplyChainTools.Core.Inspection;
using SupplyChainTools.Core.Parallelism;
using SupplyChainTools.Infrastructure;

namespace SupplyChainTools.Commands
{
    /// <summary>
    /// Gets the integrity facts of files: path, size, last write time and every requested hash from one read.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "FileIntegrity", DefaultParameterSetName = PathParameterSet)]
    [OutputType(typeof(FileIntegrity))]
    public sealed class GetFileIntegrityCommand : TreeInputCmdlet
    {
        private ParallelPipeline<InputFile, PSObject>? _pipeline;
        private string[] _algorithms = Array.Empty<string>();
        private FileWalkOptions _walk = new FileWalkOptions();

        [Parameter]
        [ValidateSet("SHA256", "SHA1", "SHA384", "SHA512", "MD5", IgnoreCase = true)]
        public string[] Algorithm { get; set; } = { SupportedHashAlgorithms.SHA256 };

        /// <summary>Also verify each file's Authenticode signature (default trust) from the same read, adding SignatureStatus, SignerSubject, SignerThumbprint and TimestampUtc.</summary>
        [Parameter]
        public SwitchParameter Signature { get; set; }

        protected override void BeginProcessing()
        {
            _algorithms = SupportedHashAlgorithms.NormalizeList(Algorithm);
            _walk = BuildWalkOptions();
            bool parallelAlgorithms = ThrottleLimit > 1 && _algorithms.Length > 1;
            string[] algorithms = _algorithms;
            AuthenticodeVerifier? verifier = Signature ? TrustConfiguration.CreateVerifier(this, new TrustConfiguration.Request()) : null;
            // The output object is built on the worker: the pipeline thread, which also walks folders, only writes it.
            _pipeline = new ParallelPipeline<InputFile, PSObject>(
                (input, token) =>
                {
                    FileInspection inspection = verifier == null
                        ? new FileInspection(FileHasher.HashFile(input.Path, algorithms, parallelAlgorithms, token), null)
                        : FileInspector.Inspect(input.Path, algorithms, verifier, token);
                    return OutputObjects.ForFileIntegrity(inspection.Integrity, inspection.Signature);
                },
                ThrottleLimit,
                Emit,
                new ProgressReporter(this, 0x5C7001, "Computing file hashes"),
                result => (result?.BaseObject as FileIntegrity)?.Length ?? 0,
                input => input.Path,
                StopToken);
        }

        protected override void ProcessRecord()
        {
            foreach (InputFile file in ResolveInputFiles(_walk))
            {
                _pipeline!.Add(file);
            }
        }

        protected override void EndProcessing()
        {
            _pipeline?.Finish();
        }

        protected override void StopProcessing()
        {
            base.StopProcessing();
            _pipeline?.Dispose();
        }

        private void Emit(WorkOutcome<InputFile, PSObject> outcome)
        {
            if (outcome.Error != null)
            {
                ReportFileFailure(outcome.Error, outcome.Input);
                return;
            }

            WriteObject(outcome.Result);
        }
    }
}
