using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using SupplyChainTools.Core;
using SupplyChainTools.Core.FileSystem;

namespace SupplyChainTools.Infrastructure
{
    /// <summary>
    /// Path resolution as PowerShell's own file cmdlets do it: wildcards unless literal, the FileSystem provider
    /// only, one non-terminating error per input that cannot be used.
    /// </summary>
    public abstract partial class SupplyChainCmdlet
    {
        /// <summary>Why a path on another provider cannot be used, ending the error message.</summary>
        protected virtual string FileSystemOnlyReason => "only file system paths can be checked";

        /// <summary>
        /// The file-system paths one input names: wildcards expanded unless <paramref name="literal"/>; a literal path
        /// must exist (a dangling symbolic link does). Writes an error and yields nothing when the input cannot be used.
        /// </summary>
        protected IReadOnlyList<string> ResolvePaths(string input, bool literal)
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
            catch (Exception ex) when (ex is ItemNotFoundException || ex is System.Management.Automation.DriveNotFoundException)
            {
                WriteError(new ErrorRecord(ex, ErrorIds.PathNotFound, ErrorCategory.ObjectNotFound, input));
            }
            catch (Exception ex) when (ex is ProviderNotFoundException || ex is NotSupportedException)
            {
                WriteError(new ErrorRecord(ex, ErrorIds.NotFileSystemPath, ErrorCategory.InvalidArgument, input));
            }
            catch (ArgumentException ex)
            {
                WriteError(new ErrorRecord(ex, ErrorIds.InvalidPath, ErrorCategory.InvalidArgument, input));
            }

            return results;
        }

        /// <summary>
        /// The folders the inputs name, full and without a trailing separator; an error (NotAFolder, ending with
        /// <paramref name="advice"/>) for each path that is not a folder.
        /// </summary>
        protected internal List<string> ResolveFolders(IEnumerable<string> inputs, bool literal, string advice)
        {
            var folders = new List<string>();
            foreach (string input in inputs)
            {
                foreach (string path in ResolvePaths(input, literal))
                {
                    if (!Directory.Exists(path))
                    {
                        WriteError(new ErrorRecord(
                            new ArgumentException($"'{path}' is not a folder; {advice}."),
                            ErrorIds.NotAFolder,
                            ErrorCategory.InvalidArgument,
                            input));
                        continue;
                    }

                    string full = Path.GetFullPath(path);
                    string trimmed = full.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
                    folders.Add(trimmed.Length > 0 ? trimmed : full);
                }
            }

            return folders;
        }

        /// <summary>
        /// The file-system path a single-file parameter (-ChecksumFile, -CatalogFilePath, -CrlPath,
        /// -TrustedRootCertificate, a folder parameter) names, taken literally; open the file with
        /// <see cref="InputFileOpener"/>. A path that cannot be resolved is <paramref name="notFoundId"/>, one on
        /// another provider NotFileSystemPath: both stop the cmdlet, or with <paramref name="stop"/> false are
        /// written as errors and give null.
        /// </summary>
        protected internal string? ResolveInputFilePath(string input, string notFoundId, bool stop = true)
        {
            ErrorRecord error;
            try
            {
                string resolved = SessionState.Path.GetUnresolvedProviderPathFromPSPath(input, out ProviderInfo provider, out _);
                if (string.Equals(provider.Name, "FileSystem", StringComparison.OrdinalIgnoreCase))
                {
                    return resolved;
                }

                error = NotFileSystemError(provider, input);
            }
            catch (Exception ex) when (ex is ItemNotFoundException || ex is System.Management.Automation.DriveNotFoundException || ex is NotSupportedException || ex is ProviderNotFoundException)
            {
                error = new ErrorRecord(ex, notFoundId, ErrorCategory.ObjectNotFound, input);
            }

            if (stop)
            {
                ThrowTerminatingError(error);
            }

            WriteError(error);
            return null;
        }

        /// <summary>
        /// The folder a folder parameter (-BasePath, Test-CatalogIntegrity -Path) names, resolved as
        /// <see cref="ResolveInputFilePath"/> does; stops the cmdlet with <paramref name="notFoundId"/> and the
        /// message <paramref name="notAFolder"/> gives for the resolved path when it is not a folder.
        /// </summary>
        protected string ResolveInputFolderPath(string input, string notFoundId, Func<string, string> notAFolder)
        {
            string folder = ResolveInputFilePath(input, notFoundId)!;
            if (!Directory.Exists(folder))
            {
                ThrowTerminatingError(new ErrorRecord(new DirectoryNotFoundException(notAFolder(folder)), notFoundId, ErrorCategory.ObjectNotFound, input));
            }

            return folder;
        }

        /// <summary>Builds the file-name filter for -Include / -Exclude (case-insensitive wildcards, as Get-ChildItem).</summary>
        protected internal static Func<string, bool>? BuildNameFilter(IReadOnlyList<string>? include, IReadOnlyList<string>? exclude)
        {
            WildcardPattern[] includes = (include ?? Array.Empty<string>()).Select(p => WildcardPattern.Get(p, WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant)).ToArray();
            WildcardPattern[] excludes = (exclude ?? Array.Empty<string>()).Select(p => WildcardPattern.Get(p, WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant)).ToArray();
            if (includes.Length == 0 && excludes.Length == 0)
            {
                return null;
            }

            return name => (includes.Length == 0 || includes.Any(p => p.IsMatch(name))) && !excludes.Any(p => p.IsMatch(name));
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

            WriteError(NotFileSystemError(provider, input));
            return false;
        }

        private ErrorRecord NotFileSystemError(ProviderInfo provider, string input) => new ErrorRecord(
            new ArgumentException($"'{input}' is on the {provider.Name} provider; {FileSystemOnlyReason}."),
            ErrorIds.NotFileSystemPath,
            ErrorCategory.InvalidArgument,
            input);
    }
}
