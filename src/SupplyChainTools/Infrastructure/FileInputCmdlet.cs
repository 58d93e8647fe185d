using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using SupplyChainTools.Core;
using SupplyChainTools.Core.FileSystem;
using SupplyChainTools.Core.Hashing;

namespace SupplyChainTools.Infrastructure
{
    /// <summary>
    /// -Path / -LiteralPath binding of the file cmdlets, following PowerShell's own file cmdlets: wildcards on
    /// -Path, none on -LiteralPath (which piped FileInfo objects bind to via FullName/PSPath).
    /// </summary>
    public abstract class FileInputCmdlet : SupplyChainCmdlet
    {
        protected const string PathParameterSet = "Path";
        protected const string LiteralPathParameterSet = "LiteralPath";

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = PathParameterSet)]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; } = Array.Empty<string>();

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = LiteralPathParameterSet)]
        [Alias("PSPath", "LP", "FullName")]
        [ValidateNotNullOrEmpty]
        public string[] LiteralPath { get; set; } = Array.Empty<string>();

        /// <summary>How many files are processed at once (default: one per processor).</summary>
        [Parameter]
        [ValidateRange(1, 256)]
        public int ThrottleLimit { get; set; } = Environment.ProcessorCount;

        /// <summary>
        /// The files named by the current -Path or -LiteralPath input, walking directories when
        /// <paramref name="walk"/> says to recurse. Writes an error for each input that cannot be used.
        /// </summary>
        protected IEnumerable<InputFile> ResolveInputFiles(FileWalkOptions walk)
        {
            bool literal = ParameterSetName == LiteralPathParameterSet || (LiteralPath.Length > 0 && MyInvocation.BoundParameters.ContainsKey(nameof(LiteralPath)));
            foreach (string input in literal ? LiteralPath : Path)
            {
                foreach (string resolved in ResolvePaths(input, literal))
                {
                    if (!Directory.Exists(resolved) || File.Exists(resolved))
                    {
                        if (walk.FileNameFilter == null || walk.FileNameFilter(System.IO.Path.GetFileName(resolved)))
                        {
                            yield return new InputFile(resolved, fromWalk: false);
                        }

                        continue;
                    }

                    if (!walk.Recurse)
                    {
                        WriteError(new ErrorRecord(new ArgumentException(DirectoryAdvice(resolved)), ErrorIds.DirectoryRequiresRecurse, ErrorCategory.InvalidArgument, resolved));
                        continue;
                    }

                    foreach (WalkEntry entry in FileWalker.Walk(resolved, walk, StopToken))
                    {
                        switch (entry.Kind)
                        {
                            case WalkEntryKind.File:
                                yield return new InputFile(entry.Path, fromWalk: true);
                                break;
                            case WalkEntryKind.Skipped:
                                WriteVerbose(entry.Reason);
                                break;
                            default:
                                WriteError(ErrorRecords.ForFileFailure(entry.Error!, entry.Path));
                                break;
                        }
                    }
                }
            }
        }

        /// <summary>
        /// Reports a failed file: a pipe, socket or device met while walking a folder is passed over (verbose),
        /// as the walk would have; named directly, it is an error.
        /// </summary>
        protected void ReportFileFailure(Exception error, InputFile input)
        {
            if (error is OperationCanceledException)
            {
                return;
            }

            if (input.FromWalk && error is NotARegularFileException)
            {
                WriteVerbose(error.Message);
                return;
            }

            WriteError(ErrorRecords.ForFileFailure(error, input.Path));
        }

        /// <summary>What to tell a user who named a directory where files are expected.</summary>
        protected virtual string DirectoryAdvice(string directory) => $"'{directory}' is a directory. Use -Recurse to process the files under it.";
    }
}
