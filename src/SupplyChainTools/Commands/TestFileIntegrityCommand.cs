using System;
using System.IO;
using System.Management.Automation;
using SupplyChainTools.Core;
using SupplyChainTools.Core.Checksums;
using SupplyChainTools.Core.FileSystem;
using SupplyChainTools.Core.Hashing;
using SupplyChainTools.Core.Parallelism;
using SupplyChainTools.Core.Signatures;
using SupplyChainTools.Infrastructure;

namespace SupplyChainTools.Commands
{
    /// <summary>
    /// Checks files against expected hashes: one expected hash for the given files, or a checksum manifest
    /// (GNU, BSD or bare-hash form). Entries that would leave the manifest's folder are refused, never read.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "FileIntegrity", DefaultParameterSetName = PathParameterSet)]
    [OutputType(typeof(FileIntegrityCheck))]
    [OutputType(typeof(bool))]
    public sealed class TestFileIntegrityCommand : FileInputCmdlet
    {
        private const string ChecksumFileParameterSet = "ChecksumFile";
        private ParallelPipeline<IntegrityExpectation, FileIntegrityCheck>? _pipeline;
        private ExpectedHash? _expected;
        private string? _basePath;
        private TrustedKeySet? _keys;

        [Parameter(Mandatory = true, Position = 1, ParameterSetName = PathParameterSet)]
        [Parameter(Mandatory = true, Position = 1, ParameterSetName = LiteralPathParameterSet)]
        [ValidateNotNullOrEmpty, Alias("Hash")]
        public string ExpectedHash { get; set; } = string.Empty;

        [Parameter(Mandatory = true, ParameterSetName = ChecksumFileParameterSet), ValidateNotNullOrEmpty, Alias("Manifest")]
        public string[] ChecksumFile { get; set; } = Array.Empty<string>();

        /// <summary>The folder that manifest entries are relative to (default: the manifest's own folder), so a manifest kept apart from the files can be used.</summary>
        [Parameter(ParameterSetName = ChecksumFileParameterSet), ValidateNotNullOrEmpty]
        public string? BasePath { get; set; }

        /// <summary>The algorithm of -ExpectedHash, or of the GNU and bare-hash lines of a checksum file. Inferred from the hash length when omitted.</summary>
        [Parameter, ValidateSet("SHA256", "SHA1", "SHA384", "SHA512", "MD5", IgnoreCase = true)]
        public string? Algorithm { get; set; }

        /// <summary>The checksum file's detached signature (default with -TrustedKey: found beside it, or its own clear signature).</summary>
        [Parameter(ParameterSetName = ChecksumFileParameterSet), ValidateNotNullOrEmpty]
        public string? SignatureFile { get; set; }

        /// <summary>Require the checksum file to be signed by one of these keys (files, keyring folders or fingerprints) before any entry is trusted.</summary>
        [Parameter(ParameterSetName = ChecksumFileParameterSet), ValidateNotNullOrEmpty]
        public string[]? TrustedKey { get; set; }

        /// <summary>Return one Boolean: true when every file matched and nothing failed.</summary>
        [Parameter] public SwitchParameter Quiet { get; set; }

        protected override void BeginProcessing()
        {
            if (ParameterSetName != ChecksumFileParameterSet)
            {
                try
                {
                    _expected = Core.Checksums.ExpectedHash.Parse(ExpectedHash, Algorithm);
                }
                catch (ArgumentException ex)
                {
                    ThrowTerminatingError(new ErrorRecord(ex, ErrorIds.InvalidExpectedHash, ErrorCategory.InvalidArgument, ExpectedHash));
                }
            }
            else
            {
                _basePath = BasePath == null ? null : ResolveInputFolderPath(BasePath, ErrorIds.BasePathNotFound, folder => $"-BasePath '{folder}' is not a folder.");
                _keys = TrustedKey == null ? SignatureCmdletSupport.NoTrustedKey(this, SignatureFile) : SignatureCmdletSupport.LoadTrustedKeys(this, TrustedKey, WriteError, StopToken);
                SignatureFile = SignatureFile == null || _keys == null ? SignatureFile : ResolveInputFilePath(SignatureFile, ErrorIds.SignatureFileNotFound);
            }

            // Progress counts files: a stat per file only to total the bytes would be work on the hot path.
            _pipeline = StartParallel<IntegrityExpectation, FileIntegrityCheck>(
                (expectation, token) => FileIntegrityChecker.Check(expectation, token),
                ThrottleLimit,
                Emit,
                new ProgressReporter(this, 0x5C7002, "Checking file hashes"),
                _ => 0,
                expectation => expectation.Path);
        }

        protected override void ProcessRecord()
        {
            foreach (string manifest in ParameterSetName == ChecksumFileParameterSet ? ChecksumFile : Array.Empty<string>())
            {
                string? manifestPath = ResolveInputFilePath(manifest, ErrorIds.ChecksumFileNotFound, stop: false);
                if (manifestPath != null)
                {
                    ProcessManifest(manifestPath);
                }
            }

            if (_expected != null)
            {
                foreach (InputFile file in ResolveInputFiles(new FileWalkOptions()))
                {
                    _pipeline!.Add(_expected.For(file.Path));
                }
            }
        }

        protected override string DirectoryAdvice(string directory)
            => $"'{directory}' is a directory. Name the files to check, or use -ChecksumFile with a manifest that lists them.";

        protected override void EndProcessing()
        {
            _pipeline?.Finish();
            if (Quiet)
            {
                WriteObject(QuietAnswer);
            }
        }

        /// <summary>Each entry goes to the bounded pipeline as it is read, so memory is flat in the manifest's length.</summary>
        private void ProcessManifest(string manifestPath)
        {
            foreach (ChecksumManifestItem item in _keys == null ? ChecksumManifestCheck.Read(manifestPath, _basePath, Algorithm, StopToken) : SignatureCmdletSupport.ReadSignedManifest(manifestPath, SignatureFile, _keys, _basePath, Algorithm, WriteError, StopToken))
            {
                _pipeline!.ExpectMore(item.ExpectedChange);
                if (item.Expectation != null)
                {
                    _pipeline.Add(item.Expectation);
                }
                else if (item.Problem != null)
                {
                    WriteError(ErrorRecords.ForChecksumLine(item, manifestPath));
                }
                else if (item.Failure != null)
                {
                    WriteError(ErrorRecords.ForChecksumFile(item.Failure, manifestPath));
                }
            }
        }

        private void Emit(WorkOutcome<IntegrityExpectation, FileIntegrityCheck> outcome)
        {
            if (outcome.Error != null)
            {
                ReportFileFailure(outcome.Error, new InputFile(outcome.Input.Path, fromWalk: false));
                return;
            }

            WriteVerdict(outcome.Result!, outcome.Result!.IsMatch, Quiet);
        }
    }
}
