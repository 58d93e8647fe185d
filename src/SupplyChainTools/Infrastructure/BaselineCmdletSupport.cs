using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using SupplyChainTools.Core;
using SupplyChainTools.Core.Baselines;

namespace SupplyChainTools.Infrastructure
{
    /// <summary>What the three baseline cmdlets share: signer parameters and the error records of their failures.</summary>
    internal static class BaselineCmdletSupport
    {
        /// <summary>-TrustedSigner values as the baseline use cases take them: certificates and strings, unwrapped.</summary>
        public static object?[] Unwrap(object[]? values) =>
            (values ?? Array.Empty<object>()).Select(item => item is PSObject wrapped ? wrapped.BaseObject : item).ToArray();

        public static ErrorRecord ForRunError(BaselineRunException error) => new ErrorRecord(error.Error, error.ErrorId, CategoryOf(error.Kind), error.Target);

        /// <summary>The terminating error of a New- or Update-SoftwareBaseline run (the latter reading <paramref name="referencePath"/>); null for a failure that is not the run's to explain.</summary>
        public static ErrorRecord? ForWriteFailure(Exception error, string outFile, string? referencePath = null) => error switch
        {
            BaselineRunException run => ForRunError(run),
            BaselineUnavailableException unavailable => ForUnreadableBaseline(unavailable.InnerException!, unavailable.Path),
            BaselineFormatException refused => ForRefusedBaseline(refused, referencePath ?? outFile),
            BaselineRootException root => new ErrorRecord(root, ErrorIds.FolderUnreadable, ErrorCategory.ReadError, root.Folder),
            IOException _ => new ErrorRecord(error, ErrorIds.BaselineWriteFailed, ErrorCategory.WriteError, outFile),
            UnauthorizedAccessException _ => new ErrorRecord(error, ErrorIds.BaselineWriteFailed, ErrorCategory.PermissionDenied, outFile),
            _ => null,
        };

        /// <summary>
        /// The terminating error of a Compare-SoftwareBaseline run; null for a failure that is not the run's to explain.
        /// With -Summary a refused baseline's target is the summary of the run (ExitCode 16), so a scheduled script that
        /// catches the error still has its one number.
        /// </summary>
        public static ErrorRecord? ForComparisonFailure(Exception error, BaselineComparison comparison)
        {
            object RefusalTarget(string problem) => comparison.Summary ? comparison.RefusalSummary(problem) : (object)comparison.ReferencePath;
            switch (error)
            {
                case BaselineUnavailableException missing when missing.InnerException is FileNotFoundException:
                    if (!comparison.Summary)
                    {
                        return ForMissingBaseline(missing.Path);
                    }

                    var refusal = new BaselineFormatException(BaselineProblem.NotABaseline, $"The baseline '{missing.Path}' does not exist.");
                    object target = RefusalTarget(refusal.Message);
                    return new ErrorRecord(ForRefusedBaseline(refusal, target).Exception, ErrorIds.BaselineNotFound, ErrorCategory.ObjectNotFound, target);
                case BaselineUnavailableException unavailable:
                    return ForUnreadableBaseline(unavailable.InnerException!, unavailable.Path);
                case BaselineFormatException refused:
                    return ForRefusedBaseline(refused, RefusalTarget(refused.Message));
                case BaselineRunException run:
                    return ForRunError(run);
                case BaselineRootException root:
                    return new ErrorRecord(root, ErrorIds.FolderUnreadable, ErrorCategory.ReadError, root.Folder);
                case IOException _:
                    return new ErrorRecord(error, ErrorIds.BaselineComparisonFailed, ErrorCategory.ReadError, comparison.ReferencePath);
                default:
                    return null;
            }
        }

        /// <summary>The error record for a refused baseline: id by problem, security or data category.</summary>
        public static ErrorRecord ForRefusedBaseline(BaselineFormatException error, object target)
        {
            ErrorCategory category;
            switch (error.Problem)
            {
                case BaselineProblem.Unsigned:
                case BaselineProblem.SignatureInvalid:
                case BaselineProblem.SignerMismatch:
                case BaselineProblem.Modified:
                    category = ErrorCategory.SecurityError;
                    break;
                case BaselineProblem.UnsupportedSchemaVersion:
                    category = ErrorCategory.NotImplemented;
                    break;
                default:
                    category = ErrorCategory.InvalidData;
                    break;
            }

            return new ErrorRecord(new InvalidDataException(error.Message, error), error.ErrorId, category, target);
        }

        public static ErrorRecord ForMissingBaseline(string path) =>
            new ErrorRecord(new FileNotFoundException($"The baseline '{path}' does not exist.", path), ErrorIds.BaselineNotFound, ErrorCategory.ObjectNotFound, path);

        /// <summary>A folder argument that is not a folder: a file (NotAFolder) or nothing at all (PathNotFound).</summary>
        public static ErrorRecord ForMissingFolder(string full, object input, string advice) => File.Exists(full)
            ? new ErrorRecord(new ArgumentException($"'{full}' is a file; {advice}."), ErrorIds.NotAFolder, ErrorCategory.InvalidArgument, input)
            : new ErrorRecord(new ItemNotFoundException($"The folder '{full}' does not exist; {advice}."), ErrorIds.PathNotFound, ErrorCategory.ObjectNotFound, input);

        /// <summary>A baseline that could not be opened: access denied, or not a regular file (a pipe, a directory), or another I/O error.</summary>
        public static ErrorRecord ForUnreadableBaseline(Exception error, string path) => error is UnauthorizedAccessException
            ? new ErrorRecord(new UnauthorizedAccessException($"The baseline '{path}' cannot be read: access is denied. Run as a user who may read it, or fix its permissions.", error), ErrorIds.BaselineAccessDenied, ErrorCategory.PermissionDenied, path)
            : ErrorRecords.ForInputFile(error, path, ErrorIds.BaselineNotFound, path);

        private static ErrorCategory CategoryOf(BaselineErrorKind kind) => kind switch
        {
            BaselineErrorKind.InvalidArgument => ErrorCategory.InvalidArgument,
            BaselineErrorKind.ObjectNotFound => ErrorCategory.ObjectNotFound,
            BaselineErrorKind.ResourceExists => ErrorCategory.ResourceExists,
            BaselineErrorKind.SecurityError => ErrorCategory.SecurityError,
            _ => ErrorCategory.ReadError,
        };
    }
}
