using System;
using System.IO;
using System.Management.Automation;
using SupplyChainTools.Core.Hashing;

namespace SupplyChainTools.Infrastructure
{
    /// <summary>Turns failures into error records with stable ids, accurate categories and the path as target.</summary>
    internal static class ErrorRecords
    {
        public static ErrorRecord ForFileFailure(Exception error, string path)
        {
            switch (error)
            {
                case FileNotFoundException _:
                case DirectoryNotFoundException _:
                    return new ErrorRecord(new FileNotFoundException(error.Message, path), "FileNotFound", ErrorCategory.ObjectNotFound, path);
                case UnauthorizedAccessException _:
                    return new ErrorRecord(new UnauthorizedAccessException($"Access to '{path}' is denied: {error.Message}"), "FileAccessDenied", ErrorCategory.PermissionDenied, path);
                case NotARegularFileException _:
                    return new ErrorRecord(new IOException(error.Message), "NotARegularFile", ErrorCategory.InvalidType, path);
                case IOException _:
                    return new ErrorRecord(new IOException($"'{path}' could not be read: {error.Message}"), "FileUnreadable", ErrorCategory.ReadError, path);
                default:
                    return new ErrorRecord(new InvalidOperationException($"'{path}' could not be processed: {error.Message}"), "FileProcessingFailed", ErrorCategory.NotSpecified, path);
            }
        }
    }
}
