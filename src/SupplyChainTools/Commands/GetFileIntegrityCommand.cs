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
    public sealed class GetFileIntegrityCommand : FileInputCmdlet
    {
        private ParallelPipeline<InputFile, FileInspection>? _pipeline;
        private string[] _algorithms = Array.Empty<string>();
        private FileWalkOptions _walk = new FileWalkOptions();

        [Parameter]
        public SwitchParameter Recurse { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? Include { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? Exclude { get; set; }

        /// <summary>Descend into symbolic links to directories while recursing. Loops are never walked.</summary>
        [Parameter]
        public SwitchParameter FollowSymlink { get; set; }

        [Parameter]
        [ValidateSet("SHA256", "SHA1", "SHA384", "SHA512", "MD5", IgnoreCase = true)]
        public string[] Algorithm { get; set; } = { SupportedHashAlgorithms.SHA256 };

        /// <summary>Also verify each file's Authenticode signature (default trust) from the same read, adding SignatureStatus, SignerSubject, SignerThumbprint and TimestampUtc.</summary>
        [Parameter]
        public SwitchParameter Signature { get; set; }

        [Parameter]
        [ValidateRange(1, 256)]
        public int ThrottleLimit { get; set; } = Environment.ProcessorCount;

        protected override void BeginProcessing()
        {
            _algorithms = SupportedHashAlgorithms.NormalizeList(Algorithm);
            _walk = new FileWalkOptions
            {
                Recurse = Recurse.IsPresent,
                FollowDirectoryLinks = FollowSymlink.IsPresent,
                FileNameFilter = BuildNameFilter(Include, Exclude),
                // The hasher refuses pipes and devices itself; one stat per file is enough.
                SkipSpecialFiles = false,
            };
            bool parallelAlgorithms = ThrottleLimit > 1 && _algorithms.Length > 1;
            string[] algorithms = _algorithms;
            AuthenticodeVerifier? verifier = Signature ? TrustConfiguration.CreateVerifier(this, new TrustConfiguration.Request()) : null;
            _pipeline = new ParallelPipeline<InputFile, FileInspection>(
                (input, token) => verifier == null
                    ? new FileInspection(FileHasher.HashFile(input.Path, algorithms, parallelAlgorithms, token), null)
                    : FileInspector.Inspect(input.Path, algorithms, verifier, token),
                ThrottleLimit,
                Emit,
                new ProgressReporter(this, 0x5C7001, "Computing file hashes"),
                result => result?.Integrity.Length ?? 0,
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

        private void Emit(WorkOutcome<InputFile, FileInspection> outcome)
        {
            if (outcome.Error != null)
            {
                ReportFileFailure(outcome.Error, outcome.Input);
                return;
            }

            WriteObject(OutputObjects.ForFileIntegrity(outcome.Result!.Integrity, outcome.Result.Signature));
        }
    }
}
