using System;
using System.IO;
using System.Management.Automation;
using SupplyChainTools.Core;
using SupplyChainTools.Core.Checksums;
using SupplyChainTools.Core.FileSystem;
using SupplyChainTools.Core.Hashing;
using SupplyChainTools.Core.Parallelism;
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
        private string? _expectedHash;
        private string? _basePath;
        private string? _expectedAlgorithm;
        private bool _allMatch = true;
        private long _checked;

        [Parameter(Mandatory = true, Position = 1, ParameterSetName = PathParameterSet)]
        [Parameter(Mandatory = true, Position = 1, ParameterSetName = LiteralPathParameterSet)]
        [ValidateNotNullOrEmpty]
        [Alias("Hash")]
        public string ExpectedHash { get; set; } = string.Empty;

        [Parameter(Mandatory = true, ParameterSetName = ChecksumFileParameterSet)]
        [ValidateNotNullOrEmpty]
        [Alias("Manifest")]
        public string[] ChecksumFile { get; set; } = Array.Empty<string>();

        /// <summary>The folder that manifest entries are relative to (default: the manifest's own folder), so a manifest kept apart from the files can be used.</summary>
        [Parameter(ParameterSetName = ChecksumFileParameterSet)]
        [ValidateNotNullOrEmpty]
        public string? BasePath { get; set; }

        /// <summary>The algorithm of -ExpectedHash, or of the GNU and bare-hash lines of a checksum file. Inferred from the hash length when omitted.</summary>
        [Parameter]
        [ValidateSet("SHA256", "SHA1", "SHA384", "SHA512", "MD5", IgnoreCase = true)]
        public string? Algorithm { get; set; }

        /// <summary>Return one Boolean: true when every file matched and nothing failed.</summary>
        [Parameter]
        public SwitchParameter Quiet { get; set; }

        [Parameter]
        [ValidateRange(1, 256)]
        public int ThrottleLimit { get; set; } = Environment.ProcessorCount;

        protected override void BeginProcessing()
        {
            if (ParameterSetName != ChecksumFileParameterSet)
            {
                ValidateExpectedHash();
            }
            else if (BasePath != null)
            {
                _basePath = SessionState.Path.GetUnresolvedProviderPathFromPSPath(BasePath);
                if (!Directory.Exists(_basePath))
                {
                    ThrowTerminatingError(new ErrorRecord(
                        new DirectoryNotFoundException($"-BasePath '{_basePath}' is not a folder."),
                        ErrorIds.BasePathNotFound,
                        ErrorCategory.ObjectNotFound,
                        BasePath));
                }
            }

            _pipeline = new ParallelPipeline<IntegrityExpectation, FileIntegrityCheck>(
                (expectation, token) => FileIntegrityChecker.Check(expectation, token),
                ThrottleLimit,
                Emit,
                new ProgressReporter(this, 0x5C7002, "Checking file hashes"),
                // Progress counts files: a stat per file only to total the bytes would be work on the hot path.
                _ => 0,
                expectation => expectation.Path,
                StopToken);
        }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == ChecksumFileParameterSet)
            {
                foreach (string manifest in ChecksumFile)
                {
                    ProcessManifest(manifest);
                }

                return;
            }

            foreach (InputFile file in ResolveInputFiles(new FileWalkOptions()))
            {
                _pipeline!.Add(new IntegrityExpectation(file.Path, _expectedAlgorithm!, _expectedAlgorithm, _expectedHash!));
            }
        }

        protected override string DirectoryAdvice(string directory)
            => $"'{directory}' is a directory. Name the files to check, or use -ChecksumFile with a manifest that lists them.";

        protected override void EndProcessing()
        {
            _pipeline?.Finish();
            if (Quiet)
            {
                WriteObject(_allMatch && _checked > 0 && ErrorCount == 0);
            }
        }

        protected override void StopProcessing()
        {
            base.StopProcessing();
            _pipeline?.Dispose();
        }

        private void ValidateExpectedHash()
        {
            string hash = ExpectedHash.Trim();
            if (!HexConverter.IsHex(hash))
            {
                ThrowTerminatingError(new ErrorRecord(
                    new ArgumentException($"-ExpectedHash '{ExpectedHash}' is not a hexadecimal hash."),
                    ErrorIds.InvalidExpectedHash,
                    ErrorCategory.InvalidArgument,
                    ExpectedHash));
            }

            string? algorithm = Algorithm != null ? SupportedHashAlgorithms.Normalize(Algorithm) : SupportedHashAlgorithms.InferFromHexLength(hash.Length);
            if (algorithm == null)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new ArgumentException($"-ExpectedHash has {hash.Length} hex digits, which matches no supported algorithm; give -Algorithm."),
                    ErrorIds.InvalidExpectedHash,
                    ErrorCategory.InvalidArgument,
                    ExpectedHash));
            }

            if (SupportedHashAlgorithms.DigestLength(algorithm!) * 2 != hash.Length)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new ArgumentException($"-ExpectedHash has {hash.Length} hex digits; a {algorithm} hash has {SupportedHashAlgorithms.DigestLength(algorithm!) * 2}."),
                    ErrorIds.InvalidExpectedHash,
                    ErrorCategory.InvalidArgument,
                    ExpectedHash));
            }

            _expectedHash = hash.ToUpperInvariant();
            _expectedAlgorithm = algorithm;
        }

        private void ProcessManifest(string manifest)
        {
            string manifestPath;
            try
            {
                manifestPath = SessionState.Path.GetUnresolvedProviderPathFromPSPath(manifest);
            }
            catch (Exception ex) when (ex is ItemNotFoundException || ex is System.Management.Automation.DriveNotFoundException || ex is NotSupportedException || ex is ProviderNotFoundException)
            {
                WriteError(new ErrorRecord(ex, ErrorIds.ChecksumFileNotFound, ErrorCategory.ObjectNotFound, manifest));
                return;
            }

            ChecksumManifestReader reader;
            long lines;
            try
            {
                lines = ChecksumManifestReader.CountLines(manifestPath, StopToken);
                reader = ChecksumManifestReader.Open(manifestPath, Algorithm, StopToken);
            }
            catch (Exception ex) when (ex is FileNotFoundException || ex is DirectoryNotFoundException)
            {
                WriteError(new ErrorRecord(new FileNotFoundException($"The checksum file '{manifestPath}' does not exist.", manifestPath), ErrorIds.ChecksumFileNotFound, ErrorCategory.ObjectNotFound, manifestPath));
                return;
            }
            catch (ChecksumManifestException ex)
            {
                WriteError(new ErrorRecord(ex, ErrorIds.ChecksumFileInvalid, ErrorCategory.InvalidData, manifestPath));
                return;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                WriteError(ErrorRecords.ForFileFailure(ex, manifestPath));
                return;
            }

            // Each entry goes to the bounded pipeline as it is read, so memory is flat in the manifest's length.
            // Progress counts the manifest's lines and takes back each line that names no file to check.
            string baseDirectory = _basePath ?? System.IO.Path.GetDirectoryName(manifestPath) ?? ".";
            bool listsAnything = false;
            long accountedLines = 0;
            _pipeline!.ExpectMore(lines);
            using (reader)
            {
                try
                {
                    foreach (ChecksumManifestItem item in ChecksumManifestExpectations.Read(reader, baseDirectory, StopToken))
                    {
                        listsAnything = true;
                        long lineNumber = item.LineNumber;
                        _pipeline.ExpectMore(-Math.Max(0, lineNumber - accountedLines - 1));
                        accountedLines = Math.Max(accountedLines, lineNumber);
                        if (item.Problem != null)
                        {
                            _pipeline.ExpectMore(-1);
                            bool refused = item.Problem.Kind == ChecksumProblemKind.UnsafePath;
                            WriteError(new ErrorRecord(
                                new InvalidDataException($"{manifestPath}: {item.Problem.Message}"),
                                refused ? ErrorIds.ChecksumEntryRefused : ErrorIds.ChecksumLineInvalid,
                                refused ? ErrorCategory.SecurityError : ErrorCategory.InvalidData,
                                manifestPath));
                            continue;
                        }

                        _pipeline.Add(item.Expectation!);
                    }
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                {
                    WriteError(ErrorRecords.ForFileFailure(ex, manifestPath));
                    return;
                }
                finally
                {
                    _pipeline.ExpectMore(-Math.Max(0, lines - accountedLines));
                }
            }

            if (!listsAnything)
            {
                WriteError(new ErrorRecord(
                    new InvalidDataException($"The checksum file '{manifestPath}' lists no files."),
                    ErrorIds.ChecksumFileEmpty,
                    ErrorCategory.InvalidData,
                    manifestPath));
            }
        }

        private void Emit(WorkOutcome<IntegrityExpectation, FileIntegrityCheck> outcome)
        {
            if (outcome.Error != null)
            {
                if (!(outcome.Error is OperationCanceledException))
                {
                    WriteError(ErrorRecords.ForFileFailure(outcome.Error, outcome.Input.Path));
                }

                return;
            }

            FileIntegrityCheck result = outcome.Result!;
            _checked++;
            if (!result.IsMatch)
            {
                _allMatch = false;
            }

            if (!Quiet)
            {
                WriteObject(result);
            }
        }
    }
}
