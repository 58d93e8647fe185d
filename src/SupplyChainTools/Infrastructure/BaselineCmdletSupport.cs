using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using SupplyChainTools.Core;
using SupplyChainTools.Core.Baselines;
using SupplyChainTools.Core.FileSystem;

namespace SupplyChainTools.Infrastructure
{
    /// <summary>What the three baseline cmdlets share: folder and file resolution, signer parameters, error records.</summary>
    internal static class BaselineCmdletSupport
    {
        public static string ModuleVersion => typeof(BaselineCmdletSupport).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

        /// <summary>Resolves -Path (wildcards) or -LiteralPath inputs to existing folders; writes an error for each that is not one.</summary>
        public static List<string> ResolveFolders(PSCmdlet cmdlet, IEnumerable<string> inputs, bool literal)
        {
            var folders = new List<string>();
            foreach (string input in inputs)
            {
                IEnumerable<string> resolved;
                try
                {
                    if (literal)
                    {
                        resolved = new[] { cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(input, out ProviderInfo provider, out _) };
                        if (!IsFileSystem(cmdlet, provider, input))
                        {
                            continue;
                        }
                    }
                    else
                    {
                        resolved = cmdlet.SessionState.Path.GetResolvedProviderPathFromPSPath(input, out ProviderInfo provider);
                        if (!IsFileSystem(cmdlet, provider, input))
                        {
                            continue;
                        }
                    }
                }
                catch (Exception ex) when (ex is ItemNotFoundException || ex is System.Management.Automation.DriveNotFoundException || ex is ProviderNotFoundException || ex is NotSupportedException || ex is ArgumentException)
                {
                    cmdlet.WriteError(new ErrorRecord(ex, ErrorIds.PathNotFound, ErrorCategory.ObjectNotFound, input));
                    continue;
                }

                foreach (string path in resolved)
                {
                    if (!Directory.Exists(path))
                    {
                        cmdlet.WriteError(new ErrorRecord(
                            new ArgumentException($"'{path}' is not a folder; a baseline records folders (the software's install folders)."),
                            ErrorIds.NotAFolder,
                            ErrorCategory.InvalidArgument,
                            input));
                        continue;
                    }

                    folders.Add(Path.GetFullPath(path).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) is string trimmed && trimmed.Length > 0 ? trimmed : Path.GetFullPath(path));
                }
            }

            return folders;
        }

        public static string ResolveFile(PSCmdlet cmdlet, string input) => cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(input);

        /// <summary>Case-insensitive wildcard filter on file names, as Get-ChildItem -Include/-Exclude.</summary>
        public static Func<string, bool>? NameFilter(IReadOnlyList<string>? include, IReadOnlyList<string>? exclude, Func<string, bool>? isOutput)
        {
            WildcardPattern[] includes = (include ?? Array.Empty<string>()).Select(p => WildcardPattern.Get(p, WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant)).ToArray();
            WildcardPattern[] excludes = (exclude ?? Array.Empty<string>()).Select(p => WildcardPattern.Get(p, WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant)).ToArray();
            if (includes.Length == 0 && excludes.Length == 0 && isOutput == null)
            {
                return null;
            }

            return name => (isOutput == null || !isOutput(name))
                && (includes.Length == 0 || includes.Any(p => p.IsMatch(name)))
                && !excludes.Any(p => p.IsMatch(name));
        }

        /// <summary>-TrustedSigner values: certificates or thumbprints (SHA-1 or SHA-256 hex), normalised.</summary>
        public static List<string> ResolveSigners(PSCmdlet cmdlet, object[]? signers)
        {
            var thumbprints = new List<string>();
            foreach (object item in signers ?? Array.Empty<object>())
            {
                object value = item is PSObject wrapped ? wrapped.BaseObject : item;
                if (value is X509Certificate2 certificate)
                {
                    thumbprints.Add(certificate.Thumbprint.ToUpperInvariant());
                    continue;
                }

                string normalized = BaselineTrust.Normalize(value?.ToString() ?? string.Empty);
                if ((normalized.Length != 40 && normalized.Length != 64) || !normalized.All(Uri.IsHexDigit))
                {
                    cmdlet.ThrowTerminatingError(new ErrorRecord(
                        new ArgumentException($"-TrustedSigner '{value}' is neither a certificate nor a thumbprint (40 hex digits for SHA-1, 64 for SHA-256)."),
                        ErrorIds.InvalidTrustedSigner,
                        ErrorCategory.InvalidArgument,
                        value));
                }

                thumbprints.Add(normalized);
            }

            return thumbprints;
        }

        public static void RequirePrivateKey(PSCmdlet cmdlet, X509Certificate2? certificate)
        {
            if (certificate != null && !certificate.HasPrivateKey)
            {
                cmdlet.ThrowTerminatingError(new ErrorRecord(
                    new ArgumentException($"-SigningCertificate {certificate.Subject} ({certificate.Thumbprint}) has no private key, so it cannot sign the baseline."),
                    ErrorIds.SigningCertificateHasNoPrivateKey,
                    ErrorCategory.InvalidArgument,
                    certificate));
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

        /// <summary>Verifies a baseline (see <see cref="BaselineTrust.Verify"/>), or stops the cmdlet with why it cannot be used.</summary>
        public static BaselineVerification VerifyOrStop(PSCmdlet cmdlet, string path, IReadOnlyCollection<string> trustedSigners, CancellationToken cancellationToken)
        {
            try
            {
                return BaselineTrust.Verify(path, trustedSigners, cancellationToken);
            }
            catch (BaselineFormatException ex)
            {
                cmdlet.ThrowTerminatingError(ForRefusedBaseline(ex, path));
                throw;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                cmdlet.ThrowTerminatingError(ForUnreadableBaseline(ex, path));
                throw;
            }
        }

        /// <summary>A folder argument that is not a folder: a file (NotAFolder) or nothing at all (PathNotFound).</summary>
        public static ErrorRecord ForMissingFolder(string full, object input, string advice) => File.Exists(full)
            ? new ErrorRecord(new ArgumentException($"'{full}' is a file; {advice}."), ErrorIds.NotAFolder, ErrorCategory.InvalidArgument, input)
            : new ErrorRecord(new ItemNotFoundException($"The folder '{full}' does not exist; {advice}."), ErrorIds.PathNotFound, ErrorCategory.ObjectNotFound, input);

        /// <summary>A baseline that could not be opened: access denied, or not a regular file (a pipe, a directory), or another I/O error.</summary>
        public static ErrorRecord ForUnreadableBaseline(Exception error, string path) => error is UnauthorizedAccessException
            ? new ErrorRecord(new UnauthorizedAccessException($"The baseline '{path}' cannot be read: access is denied. Run as a user who may read it, or fix its permissions.", error), ErrorIds.BaselineAccessDenied, ErrorCategory.PermissionDenied, path)
            : ErrorRecords.ForInputFile(error, path, ErrorIds.BaselineNotFound, path);

        public static ErrorRecord ForUnreadableEntry(BaselineEntry entry, string root)
        {
            string full = Path.Combine(root, entry.Path.Replace('/', Path.DirectorySeparatorChar));
            return new ErrorRecord(new IOException($"'{full}': {entry.Error} The entry is recorded with this error."), ErrorIds.BaselineEntryIncomplete, ErrorCategory.ReadError, full);
        }

        /// <summary>Names a scan of a folder holding the output must not record (the baseline, its signature, its temporary file).</summary>
        public static Func<string, bool>? OutputNames(string outFile, IEnumerable<string> roots)
        {
            string folder = Path.GetDirectoryName(outFile) ?? string.Empty;
            if (!roots.Any(root => Core.FileSystem.RealPath.IsInside(root, folder)))
            {
                return null;
            }

            string name = Path.GetFileName(outFile);
            string signature = name + BaselineTrust.SignatureExtension;
            return candidate => candidate == name || candidate == signature
                || TemporaryFiles.IsTemporaryNameOf(name, candidate) || TemporaryFiles.IsTemporaryNameOf(signature, candidate);
        }

        /// <summary>
        /// Refuses an -OutFile that is a folder or in no folder, or an existing file without -Force (unless it is
        /// <paramref name="replaceable"/>, the baseline being updated), before anything is scanned or written.
        /// </summary>
        public static void RefuseExistingOutFile(PSCmdlet cmdlet, string outFile, bool force, string? replaceable = null)
        {
            if (Directory.Exists(outFile))
            {
                cmdlet.ThrowTerminatingError(new ErrorRecord(
                    new IOException($"-OutFile '{outFile}' is a folder; give the path of the baseline file to write."),
                    ErrorIds.BaselineWriteFailed,
                    ErrorCategory.InvalidArgument,
                    outFile));
            }

            string? folder = Path.GetDirectoryName(outFile);
            if (!string.IsNullOrEmpty(folder) && !Directory.Exists(folder))
            {
                cmdlet.ThrowTerminatingError(new ErrorRecord(
                    new IOException($"The folder of -OutFile, '{folder}', does not exist or is not a folder; create it first."),
                    ErrorIds.BaselineWriteFailed,
                    ErrorCategory.ObjectNotFound,
                    outFile));
            }

            bool isReplaceable = replaceable != null && string.Equals(Path.GetFullPath(replaceable), Path.GetFullPath(outFile), StringComparison.Ordinal);
            if (File.Exists(outFile) && !force && !isReplaceable)
            {
                cmdlet.ThrowTerminatingError(new ErrorRecord(
                    new IOException($"The file '{outFile}' already exists; use -Force to replace it."),
                    ErrorIds.BaselineExists,
                    ErrorCategory.ResourceExists,
                    outFile));
            }
        }

        /// <summary>Starts the output (removing what killed runs left beside it) and warns of each temporary file left in place.</summary>
        public static BaselineRecorder OpenRecorder(PSCmdlet cmdlet, string outFile, BaselineHeader header)
        {
            var recorder = new BaselineRecorder(outFile, header);
            foreach (string sentence in recorder.LeftInPlace)
            {
                cmdlet.WriteWarning(sentence);
            }

            return recorder;
        }

        private static bool IsFileSystem(PSCmdlet cmdlet, ProviderInfo provider, string input)
        {
            if (string.Equals(provider.Name, "FileSystem", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            cmdlet.WriteError(new ErrorRecord(
                new ArgumentException($"'{input}' is on the {provider.Name} provider; a baseline records file system folders."),
                ErrorIds.NotFileSystemPath,
                ErrorCategory.InvalidArgument,
                input));
            return false;
        }

        /// <summary>Two sides can be compared: one folder per recorded root, and a hash algorithm in common.</summary>
        public static void CheckShape(PSCmdlet cmdlet, int referenceRoots, int otherRoots, string[] commonAlgorithms, string other)
        {
            if (referenceRoots != otherRoots)
            {
                cmdlet.ThrowTerminatingError(new ErrorRecord(
                    new ArgumentException($"The baseline records {referenceRoots} folder(s) but {otherRoots} were given to compare ({other}); give one folder per recorded root, in the same order."),
                    ErrorIds.RootCountMismatch,
                    ErrorCategory.InvalidArgument,
                    other));
            }

            if (commonAlgorithms.Length == 0)
            {
                cmdlet.ThrowTerminatingError(new ErrorRecord(
                    new ArgumentException($"The two baselines share no hash algorithm, so their contents cannot be compared."),
                    ErrorIds.NoCommonAlgorithm,
                    ErrorCategory.InvalidArgument,
                    other));
            }
        }
    }
}
