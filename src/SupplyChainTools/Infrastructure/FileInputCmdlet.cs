using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using SupplyChainTools.Core;
using SupplyChainTools.Core.FileSystem;
using SupplyChainTools.Core.Hashing;

namespace SupplyChainTools.Infrastructure
{
    /// <summary>
    /// -Path / -LiteralPath binding and resolution shared by the file cmdlets, following PowerShell's own file
    /// cmdlets: wildcards on -Path, none on -LiteralPath (which piped FileInfo objects bind to via FullName/PSPath),
    /// FileSystem provider only, one non-terminating error per bad input.
    /// </summary>
    /// <summary>A file to process, and whether a folder walk found it (rather than the user naming it).</summary>
    public readonly struct InputFile
    {
        public InputFile(string path, bool fromWalk)
        {
            Path = path;
            FromWalk = fromWalk;
        }

        public string Path { get; }

        public bool FromWalk { get; }

        public override string ToString() => Path;
    }

    public abstract class FileInputCmdlet : PSCmdlet
    {
        protected const string PathParameterSet = "Path";
        protected const string LiteralPathParameterSet = "LiteralPath";

        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = PathParameterSet)]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; } = Array.Empty<string>();

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = LiteralPathParameterSet)]
        [Alias("PSPath", "LP", "FullName")]
        [ValidateNotNullOrEmpty]
        public string[] LiteralPath { get; set; } = Array.Empty<string>();

        protected CancellationToken StopToken => _stopping.Token;

        /// <summary>Non-terminating errors written so far (a -Quiet answer is false when any was).</summary>
        protected int ErrorCount { get; private set; }

        /// <summary>Writes a non-terminating error and counts it.</summary>
        protected new void WriteError(ErrorRecord errorRecord)
        {
            ErrorCount++;
            base.WriteError(errorRecord);
        }

        protected override void StopProcessing()
        {
            _stopping.Cancel();
        }

        /// <summary>
        /// The files named by the current -Path or -LiteralPath input, walking directories when
        /// <paramref name="walk"/> says to recurse. Writes an error for each input that cannot be used.
        /// </summary>
        protected IEnumerable<InputFile> ResolveInputFiles(FileWalkOptions walk)
        {
            bool literal = ParameterSetName == LiteralPathParameterSet || (LiteralPath.Length > 0 && MyInvocation.BoundParameters.ContainsKey(nameof(LiteralPath)));
            string[] inputs = literal ? LiteralPath : Path;
            foreach (string input in inputs)
            {
                foreach (string resolved in ResolveOne(input, literal))
                {
                    if (Directory.Exists(resolved) && !File.Exists(resolved))
                    {
                        if (!walk.Recurse)
                        {
                            WriteError(new ErrorRecord(
                                new ArgumentException(DirectoryAdvice(resolved)),
                                ErrorIds.DirectoryRequiresRecurse,
                                ErrorCategory.InvalidArgument,
                                resolved));
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

                        continue;
                    }

                    if (walk.FileNameFilter != null && !walk.FileNameFilter(System.IO.Path.GetFileName(resolved)))
                    {
                        continue;
                    }

                    yield return new InputFile(resolved, fromWalk: false);
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

        /// <summary>Builds the file-name filter for -Include / -Exclude (case-insensitive wildcards, as Get-ChildItem).</summary>
        protected static Func<string, bool>? BuildNameFilter(string[]? include, string[]? exclude)
        {
            WildcardPattern[] includes = (include ?? Array.Empty<string>()).Select(p => WildcardPattern.Get(p, WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant)).ToArray();
            WildcardPattern[] excludes = (exclude ?? Array.Empty<string>()).Select(p => WildcardPattern.Get(p, WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant)).ToArray();
            if (includes.Length == 0 && excludes.Length == 0)
            {
                return null;
            }

            return name => (includes.Length == 0 || includes.Any(p => p.IsMatch(name))) && !excludes.Any(p => p.IsMatch(name));
        }

        private IEnumerable<string> ResolveOne(string input, bool literal)
        {
            var results = new List<string>();
            try
            {
                ProviderInfo provider;
                if (literal)
                {
                    string resolved = SessionState.Path.GetUnresolvedProviderPathFromPSPath(input, out provider, out _);
                    if (!IsFileSystem(provider, input))
                    {
                        return results;
                    }

                    if (!File.Exists(resolved) && !Directory.Exists(resolved) && !IsDanglingLink(resolved))
                    {
                        WriteError(new ErrorRecord(
                            new ItemNotFoundException($"Cannot find path '{resolved}' because it does not exist."),
                            ErrorIds.PathNotFound,
                            ErrorCategory.ObjectNotFound,
                            input));
                        return results;
                    }

                    results.Add(resolved);
                }
                else
                {
                    var resolvedPaths = SessionState.Path.GetResolvedProviderPathFromPSPath(input, out provider);
                    if (!IsFileSystem(provider, input))
                    {
                        return results;
                    }

                    if (resolvedPaths.Count == 0)
                    {
                        WriteError(new ErrorRecord(
                            new ItemNotFoundException($"No file matches '{input}'."),
                            ErrorIds.PathNotFound,
                            ErrorCategory.ObjectNotFound,
                            input));
                    }

                    results.AddRange(resolvedPaths);
                }
            }
            catch (ItemNotFoundException ex)
            {
                WriteError(new ErrorRecord(ex, ErrorIds.PathNotFound, ErrorCategory.ObjectNotFound, input));
            }
            catch (System.Management.Automation.DriveNotFoundException ex)
            {
                WriteError(new ErrorRecord(ex, ErrorIds.PathNotFound, ErrorCategory.ObjectNotFound, input));
            }
            catch (ProviderNotFoundException ex)
            {
                WriteError(new ErrorRecord(ex, ErrorIds.NotFileSystemPath, ErrorCategory.InvalidArgument, input));
            }
            catch (NotSupportedException ex)
            {
                WriteError(new ErrorRecord(ex, ErrorIds.NotFileSystemPath, ErrorCategory.InvalidArgument, input));
            }
            catch (ArgumentException ex)
            {
                WriteError(new ErrorRecord(ex, ErrorIds.InvalidPath, ErrorCategory.InvalidArgument, input));
            }

            return results;
        }

        private static bool IsDanglingLink(string path)
        {
            return FileStatus.TryGet(path, followLinks: false)?.Kind == FileKind.SymbolicLink;
        }

        private bool IsFileSystem(ProviderInfo provider, string input)
        {
            if (string.Equals(provider.Name, "FileSystem", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            WriteError(new ErrorRecord(
                new ArgumentException($"'{input}' is on the {provider.Name} provider; only file system paths can be checked."),
                ErrorIds.NotFileSystemPath,
                ErrorCategory.InvalidArgument,
                input));
            return false;
        }
    }
}
