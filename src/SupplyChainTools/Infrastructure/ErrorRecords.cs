using System;
using System.IO;
using System.Management.Automation;
using SupplyChainTools.Core;
using SupplyChainTools.Core.Checksums;
using SupplyChainTools.Core.FileSystem;
using SupplyChainTools.Core.Hashing;

namespace SupplyChainTools.Infrastructure
{
    /// <summary>Turns failures into error records with stable ids (from <see cref="ErrorIds"/>), accurate categories and the path as target.</summary>
    internal static class ErrorRecords
    {
        /// <param name="target">The target object; default: the path.</param>
        public static ErrorRecord ForFileFailure(Exception error, string path, object? target = null)
        {
            target ??= path;
            switch (error)
            {
                case FileNotFoundException _:
                case DirectoryNotFoundException _:
                    return new ErrorRecord(new FileNotFoundException(error.Message, path), ErrorIds.FileNotFound, ErrorCategory.ObjectNotFound, target);
                case UnauthorizedAccessException _:
                    return new ErrorRecord(new UnauthorizedAccessException($"Access to '{path}' is denied: {error.Message}"), ErrorIds.FileAccessDenied, ErrorCategory.PermissionDenied, target);
                case NotARegularFileException _:
                    return new ErrorRecord(new IOException(error.Message), ErrorIds.NotARegularFile, ErrorCategory.InvalidType, target);
                case InputFileTooLargeException _:
                    return new ErrorRecord(new IOException(error.Message), ErrorIds.InputFileTooLarge, ErrorCategory.LimitsExceeded, target);
                case SymbolicLinkLoopException _:
                    return new ErrorRecord(new IOException(error.Message), ErrorIds.SymbolicLinkLoop, ErrorCategory.InvalidData, target);
                case IOException _:
                    return new ErrorRecord(new IOException($"'{path}' could not be read: {error.Message}"), ErrorIds.FileUnreadable, ErrorCategory.ReadError, target);
                default:
                    return new ErrorRecord(new InvalidOperationException($"'{path}' could not be processed: {error.Message}"), ErrorIds.FileProcessingFailed, ErrorCategory.NotSpecified, target);
            }
        }

        /// <summary>
        /// For a file a parameter names (a catalog, a CRL, a baseline), as <see cref="InputFileOpener"/> refused or
        /// failed to open it: a missing file gets the parameter's own id (<paramref name="notFoundId"/>), the rest as
        /// <see cref="ForFileFailure"/>; the target is what the user typed.
        /// </summary>
        public static ErrorRecord ForInputFile(Exception error, string path, string notFoundId, object? target)
        {
            return error is FileNotFoundException || error is DirectoryNotFoundException
                ? new ErrorRecord(new FileNotFoundException(error.Message, path), notFoundId, ErrorCategory.ObjectNotFound, target ?? path)
                : ForFileFailure(error, path, target);
        }

        /// <summary>A checksum manifest that failed as a whole (see <see cref="ChecksumManifestItem.Failure"/>), with the manifest as target.</summary>
        public static ErrorRecord ForChecksumFile(Exception failure, string manifestPath) => failure switch
        {
            FileNotFoundException _ => new ErrorRecord(failure, ErrorIds.ChecksumFileNotFound, ErrorCategory.ObjectNotFound, manifestPath),
            ChecksumManifestException _ => new ErrorRecord(failure, ErrorIds.ChecksumFileInvalid, ErrorCategory.InvalidData, manifestPath),
            ChecksumManifestEmptyException _ => new ErrorRecord(new InvalidDataException(failure.Message), ErrorIds.ChecksumFileEmpty, ErrorCategory.InvalidData, manifestPath),
            _ => ForFileFailure(failure, manifestPath),
        };

        /// <summary>A manifest line that cannot be used: refused for where it leads (a security error) or malformed.</summary>
        public static ErrorRecord ForChecksumLine(ChecksumManifestItem item, string manifestPath) => new ErrorRecord(
            new InvalidDataException($"{manifestPath}: {item.Problem!.Message}"),
            item.IsRefusal ? ErrorIds.ChecksumEntryRefused : ErrorIds.ChecksumLineInvalid,
            item.IsRefusal ? ErrorCategory.SecurityError : ErrorCategory.InvalidData,
            manifestPath);

        /// <summary>The file an input-file refusal names, when it names one.</summary>
        public static string? PathOf(Exception error) => error switch
        {
            NotARegularFileException notRegular => notRegular.Path,
            InputFileTooLargeException tooLarge => tooLarge.Path,
            FileNotFoundException notFound => notFound.FileName,
            _ => null,
        };
    }
}
